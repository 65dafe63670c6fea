import { Entity, PrimaryKey, Property, t, Unique } from '@mikro-orm/core';

/** One payload of a source record exactly as received, and the run that brought it. */
@Entity({ schema: 'raw', tableName: 'source_record_version' })
@Unique({ properties: ['recordId', 'version'] })
export class SourceRecordVersion {
  @PrimaryKey({ type: t.bigint })
  id!: string;

  @Property({ type: t.bigint })
  recordId!: string;

  @Property({ type: t.integer })
  version!: number;

  @Property({ type: t.text })
  hash!: string;

  /**
   * Kept as `json`, not `jsonb`: stored verbatim (as received, key order included),
   * cheaper to write than jsonb's parse, and compressed with lz4 (migration 4).
   */
  @Property({ type: t.json, columnType: 'json' })
  payload!: unknown;

  /** Per-field digests of the payload, as JSON text (src/audit/field-digests.ts); null for versions written before them. */
  @Property({ type: t.text, columnType: 'json', nullable: true, lazy: true })
  fieldDigests?: string | null;

  @Property({ type: t.array, columnType: 'text[]', default: '{}' })
  flags: string[] = [];

  @Property({ type: t.integer })
  runId!: number;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;
}
