import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';

/** One entry of the append-only audit log (see src/audit/record.ts). */
@Entity({ schema: 'ops', tableName: 'audit_event' })
@Index({ properties: ['action', 'at'] })
@Index({ properties: ['targetType', 'targetId'] })
export class AuditEvent {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;

  @Property({ type: t.text })
  action!: string;

  @Property({ type: t.text })
  actorType!: string;

  @Property({ type: t.text, nullable: true })
  actorId: string | null = null;

  @Property({ type: t.text, nullable: true })
  actorName: string | null = null;

  @Property({ type: t.text, nullable: true })
  actorRole: string | null = null;

  @Property({ type: t.text, nullable: true })
  targetType: string | null = null;

  @Property({ type: t.text, nullable: true })
  targetId: string | null = null;

  @Property({ type: t.json, columnType: 'jsonb', nullable: true })
  before: unknown = null;

  @Property({ type: t.json, columnType: 'jsonb', nullable: true })
  after: unknown = null;

  @Property({ type: t.json, columnType: 'jsonb', defaultRaw: `'{}'` })
  details: Record<string, unknown> = {};
}
