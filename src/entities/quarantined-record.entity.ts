import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';

/** A source record that could not be mapped, kept with its reason and payload for repair. */
@Entity({ schema: 'ops', tableName: 'quarantine' })
@Index({ properties: ['connectorId', 'stream'] })
export class QuarantinedRecord {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  @Property({ type: t.integer })
  runId!: number;

  @Property({ type: t.integer })
  connectorId!: number;

  @Property({ type: t.text })
  stream!: string;

  @Property({ type: t.text, nullable: true })
  sourceKey: string | null = null;

  @Property({ type: t.text })
  reason!: string;

  @Property({ type: t.json })
  payload!: unknown;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;
}
