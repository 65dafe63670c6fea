import { Entity, Index, PrimaryKey, Property, t, Unique } from '@mikro-orm/core';

/**
 * Lineage: one record of one source stream, as identified by the source's key.
 * `hash` is of the latest payload; every distinct payload is a SourceRecordVersion.
 */
@Entity({ schema: 'raw', tableName: 'source_record' })
@Unique({ properties: ['connectorId', 'stream', 'sourceKey'] })
@Index({ properties: ['sourceKey'] })
export class SourceRecord {
  @PrimaryKey({ type: t.bigint })
  id!: string;

  @Property({ type: t.integer })
  connectorId!: number;

  @Property({ type: t.text })
  sourceSystem!: string;

  @Property({ type: t.text })
  stream!: string;

  @Property({ type: t.text })
  sourceKey!: string;

  @Property({ type: t.text })
  hash!: string;

  /** Number of distinct payloads seen, from 1. */
  @Property({ type: t.integer })
  version!: number;

  /** Quirks noticed in the latest payload: `nfd`, `tcvn3`. */
  @Property({ type: t.array, columnType: 'text[]', default: '{}' })
  flags: string[] = [];

  @Property({ type: t.integer })
  firstRunId!: number;

  /** The run that brought the latest version. */
  @Property({ type: t.integer })
  changedRunId!: number;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  firstSeenAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  changedAt!: Date;

  /** Set when a complete listing no longer contained the record. */
  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  goneAt: Date | null = null;

  @Property({ type: t.integer, nullable: true })
  goneRunId: number | null = null;
}
