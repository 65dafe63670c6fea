import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';
import { RunCounters } from './run-counters';

/**
 * One date window of a backfill: its own checkpoint (never the stream's incremental
 * one) and its own lease key, so windows of one stream run on several workers at once.
 */
@Entity({ schema: 'ops', tableName: 'backfill_window' })
export class BackfillWindow extends RunCounters {
  @PrimaryKey({ type: t.integer })
  connectorRunId!: number;

  @PrimaryKey({ type: t.text })
  stream!: string;

  @PrimaryKey({ type: t.date, columnType: 'date' })
  windowFrom!: string;

  @Property({ type: t.date, columnType: 'date' })
  windowTo!: string;

  @Property({ type: t.text, default: 'queued' })
  status: string = 'queued';

  @Property({ type: t.json, nullable: true })
  state: Record<string, unknown> | null = null;

  @Property({ type: t.integer, nullable: true })
  syncRunId: number | null = null;

  @Property({ type: t.float, columnType: 'real', nullable: true })
  fraction: number | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
