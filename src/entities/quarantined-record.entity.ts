import { Entity, Index, PrimaryKey, Property, t, Unique } from '@mikro-orm/core';

/**
 * A source record that could not be mapped, kept with its reason and payload for repair.
 * One entry per (connector, stream, record): a record malformed run after run is one
 * entry seen many times, and an entry closes when the record later arrives valid.
 */
@Entity({ schema: 'ops', tableName: 'quarantine' })
@Index({ properties: ['connectorId', 'stream'] })
@Unique({ properties: ['connectorId', 'stream', 'recordKey'] })
export class QuarantinedRecord {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  /** The last run that read the record malformed. */
  @Property({ type: t.integer })
  runId!: number;

  @Property({ type: t.integer })
  firstRunId!: number;

  @Property({ type: t.integer })
  connectorId!: number;

  @Property({ type: t.text })
  stream!: string;

  @Property({ type: t.text, nullable: true })
  sourceKey: string | null = null;

  /** The source key, or `#` + the payload's hash when the record has no key. */
  @Property({ type: t.text })
  recordKey!: string;

  @Property({ type: t.text })
  reason!: string;

  @Property({ type: t.json })
  payload!: unknown;

  /** Runs that read the record malformed. */
  @Property({ type: t.integer, default: 1 })
  timesSeen: number = 1;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  lastSeenAt!: Date;

  /** When the record arrived valid again (the entry is closed). */
  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: t.integer, nullable: true })
  resolvedRunId: number | null = null;
}
