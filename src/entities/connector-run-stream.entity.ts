import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

export const RUN_STREAM_STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type RunStreamStatus = (typeof RUN_STREAM_STATUSES)[number];

/** One stream of a connector run: its job, its outcome, and when a failed attempt is retried. */
@Entity({ schema: 'ops', tableName: 'connector_run_stream' })
export class ConnectorRunStream {
  @PrimaryKey({ type: t.integer })
  connectorRunId!: number;

  @PrimaryKey({ type: t.text })
  stream!: string;

  /** Order in the run (catalogues first). */
  @Property({ type: t.smallint, default: 0 })
  position: number = 0;

  @Property({ type: t.text, default: 'queued' })
  status: RunStreamStatus = 'queued';

  @Property({ type: t.text, nullable: true })
  jobId: string | null = null;

  @Property({ type: t.smallint, default: 0 })
  attempts: number = 0;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  nextRetryAt: Date | null = null;

  @Property({ type: t.text, nullable: true })
  errorClass: string | null = null;

  @Property({ type: t.text, nullable: true })
  errorMessage: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;
}
