import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';
import { RunCounters } from './run-counters';

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/**
 * One execution of one connector stream, with its counters and checkpoints. The one
 * `running` run of a stream is its lease (see engine/lease.ts): no second can exist.
 */
@Entity({ schema: 'ops', tableName: 'sync_run' })
@Index({ properties: ['connectorId', 'stream', 'startedAt'] })
// The last-success-age metric, read at every scrape (migration 20261127193000).
@Index({ name: 'sync_run_last_success_index', expression: `create index "sync_run_last_success_index" on "ops"."sync_run" ("connector_id", "stream", "finished_at") where status in ('succeeded', 'partial')` })
@Index({
  name: 'sync_run_one_running_per_stream',
  expression: `create unique index "sync_run_one_running_per_stream" on "ops"."sync_run" ("connector_id", "stream", "lease_key") where status = 'running'`,
})
export class SyncRun extends RunCounters {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  @Property({ type: t.integer })
  connectorId!: number;

  @Property({ type: t.text })
  connectorName!: string;

  @Property({ type: t.text })
  stream!: string;

  @Property({ type: t.text, nullable: true })
  jobId: string | null = null;

  /** The connector run it belongs to (null for runs queued without one). */
  @Property({ type: t.integer, nullable: true })
  connectorRunId: number | null = null;

  /** Which lease it holds: '' the stream's incremental one, else its backfill window's. */
  @Property({ type: t.text, default: '' })
  leaseKey: string = '';

  /** Latest progress the connector reported: how far (0–1) and what it was reading. */
  @Property({ type: t.float, columnType: 'real', nullable: true })
  progressFraction: number | null = null;

  @Property({ type: t.text, nullable: true })
  progressMessage: string | null = null;

  @Property({ type: t.smallint, default: 1 })
  attempt: number = 1;

  @Property({ type: t.text })
  status!: SyncRunStatus;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  startedAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  /** Last sign of life of the worker running it; a running run silent for longer than the lease is closed as lost. */
  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  heartbeatAt!: Date;

  /** Records a complete listing no longer contained (flagged as gone at source). */
  @Property({ type: t.integer, default: 0 })
  goneCount: number = 0;

  @Property({ type: t.json, nullable: true })
  cursorBefore: Record<string, unknown> | null = null;

  @Property({ type: t.json, nullable: true })
  cursorAfter: Record<string, unknown> | null = null;

  @Property({ type: t.text, nullable: true })
  errorClass: string | null = null;

  @Property({ type: t.text, nullable: true })
  errorMessage: string | null = null;
}
