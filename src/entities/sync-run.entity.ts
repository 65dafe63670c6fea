import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** One execution of one connector stream, with its counters and checkpoints. */
@Entity({ schema: 'ops', tableName: 'sync_run' })
@Index({ properties: ['connectorId', 'stream', 'startedAt'] })
export class SyncRun {
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

  @Property({ type: t.smallint, default: 1 })
  attempt: number = 1;

  @Property({ type: t.text })
  status!: SyncRunStatus;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  startedAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: t.integer, default: 0 })
  readCount: number = 0;

  @Property({ type: t.integer, default: 0 })
  insertedCount: number = 0;

  @Property({ type: t.integer, default: 0 })
  updatedCount: number = 0;

  @Property({ type: t.integer, default: 0 })
  unchangedCount: number = 0;

  /** Records quarantined as malformed. */
  @Property({ type: t.integer, default: 0 })
  failedCount: number = 0;

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
