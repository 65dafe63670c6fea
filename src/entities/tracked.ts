import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/** Columns every unified table written by the ingest path carries (see src/store/writers/bulk-upsert.ts). */
@Entity({ abstract: true })
export abstract class Tracked {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  @Property({ type: t.text })
  sourceSystem!: string;

  @Property({ type: t.text })
  contentHash!: string;

  @Property({ type: t.integer, nullable: true })
  firstRunId: number | null = null;

  @Property({ type: t.integer, nullable: true })
  lastRunId: number | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;

  /**
   * Set when every source record behind the row is gone at source (a complete listing
   * no longer contained it). Lists, counts and indicators leave such rows out unless
   * asked (`includeGone`); the row and its history stay.
   */
  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  goneAt: Date | null = null;
}
