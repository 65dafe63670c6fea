import { z } from 'zod';

/**
 * The typed job catalogue: every job name the sync queue carries and its payload.
 * Payloads are re-validated when a job starts: queued data can be older than the code
 * reading it, so new fields must be optional. Handlers are bound to these names in
 * jobs/catalogue.ts; a worker refuses to start when one is missing.
 */
export const SYNC_QUEUE = 'sync';

export const JOB_NAMES = {
  /** One stream of one connector, from its checkpoint. */
  SYNC_STREAM: 'sync-stream',
  /** Emitted by a connector's cron scheduler; its handler starts a connector run. */
  SCHEDULE_TICK: 'schedule-tick',
  /** One date window of one stream of a backfill (a child of BACKFILL). */
  BACKFILL_WINDOW: 'backfill-window',
  /** A backfill's parent: runs once every window is done, and closes the connector run. */
  BACKFILL: 'backfill',
} as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** Kept for callers of the first catalogue. */
export const SCHEDULE_TICK = JOB_NAMES.SCHEDULE_TICK;

export const SyncJobData = z.object({
  /** Configured connector name (ops.connector.name). */
  connector: z.string().min(1),
  stream: z.string().min(1),
  /** Who or what asked for it: `schedule`, `demo`, `cli`, `api`. */
  trigger: z.string().optional(),
  /** Read from the start, ignoring the checkpoint; flags records no longer listed as gone. */
  full: z.boolean().optional(),
  /** The connector run this stream run belongs to (ops.connector_run). */
  connectorRunId: z.number().int().positive().optional(),
});
export type SyncJobData = z.infer<typeof SyncJobData>;

export const ScheduleTickData = z.object({
  connector: z.string().min(1),
  /** Streams to sync; absent: the connector's scheduled streams (or all). */
  streams: z.array(z.string().min(1)).optional(),
  /** A tick of the first catalogue (one scheduler per stream). */
  stream: z.string().min(1).optional(),
  trigger: z.string().optional(),
});
export type ScheduleTickData = z.infer<typeof ScheduleTickData>;

export const BackfillWindowData = z.object({
  connectorRunId: z.number().int().positive(),
  connector: z.string().min(1),
  stream: z.string().min(1),
  /** [from, to) as yyyy-MM-dd. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type BackfillWindowData = z.infer<typeof BackfillWindowData>;

export const BackfillData = z.object({
  connectorRunId: z.number().int().positive(),
  connector: z.string().min(1),
});
export type BackfillData = z.infer<typeof BackfillData>;

/** Each job name's payload schema. */
export const JOB_PAYLOADS = {
  [JOB_NAMES.SYNC_STREAM]: SyncJobData,
  [JOB_NAMES.SCHEDULE_TICK]: ScheduleTickData,
  [JOB_NAMES.BACKFILL_WINDOW]: BackfillWindowData,
  [JOB_NAMES.BACKFILL]: BackfillData,
} as const satisfies Record<JobName, z.ZodTypeAny>;

export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOADS)[N]>;

/** Progress a sync job reports through BullMQ (job.progress). */
export interface SyncJobProgress {
  runId: number;
  fraction: number | null;
  message: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/**
 * One job id per (connector, stream): BullMQ ignores an add() whose id is already
 * waiting, delayed or active, so the same stream never runs twice at once.
 * (BullMQ ids may not contain ':'.)
 */
export function syncJobId(connector: string, stream: string): string {
  return `sync.${connector}.${stream}`;
}

/** The job of one stream of a connector run. */
export function runStreamJobId(connectorRunId: number, stream: string): string {
  return `run.${connectorRunId}.${stream}`;
}

/** The prefix of every job scheduler this hub owns; others on the queue are left alone. */
export const SCHEDULER_PREFIX = 'hub-schedule.';
export const schedulerKey = (connector: string): string => `${SCHEDULER_PREFIX}${connector}`;
/** Scheduler keys of the first catalogue (one per stream), removed when met. */
export const LEGACY_SCHEDULER_PREFIX = 'schedule.';
