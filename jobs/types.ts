import { z } from 'zod';

/**
 * The typed job catalogue. Payloads are re-validated when a job starts: queued data
 * can be older than the code reading it, so new fields must be optional.
 */
export const SYNC_QUEUE = 'sync';

/** Name of the small job a cron scheduler emits; its handler queues the real sync job. */
export const SCHEDULE_TICK = 'schedule-tick';

export const SyncJobData = z.object({
  /** Configured connector name (ops.connector.name). */
  connector: z.string().min(1),
  stream: z.string().min(1),
  /** Who or what asked for it: `schedule`, `demo`, `cli`, `api`. */
  trigger: z.string().optional(),
  /** Read from the start, ignoring the checkpoint; flags records no longer listed as gone. */
  full: z.boolean().optional(),
});
export type SyncJobData = z.infer<typeof SyncJobData>;

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
