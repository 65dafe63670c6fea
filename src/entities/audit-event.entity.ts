import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';

/** One entry of the append-only, hash-chained audit log (see src/audit/record.ts, src/audit/chain.ts). */
@Entity({ schema: 'ops', tableName: 'audit_event' })
@Index({ properties: ['action', 'at'] })
@Index({ properties: ['targetType', 'targetId'] })
export class AuditEvent {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  /** Position in the chain, from 1, without gaps. */
  @Property({ type: t.bigint, unique: 'audit_event_seq_unique' })
  seq!: string;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()', index: 'audit_event_at_index' })
  at!: Date;

  @Property({ type: t.text })
  action!: string;

  @Property({ type: t.text })
  actorType!: string;

  @Property({ type: t.text, nullable: true, index: 'audit_event_actor_index' })
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

  /** Hash of the entry before (64 zeros for the first). */
  @Property({ type: t.text })
  prevHash!: string;

  /** sha256 of the canonical JSON `{digest, prev}` (src/audit/chain.ts). */
  @Property({ type: t.text })
  hash!: string;
}
