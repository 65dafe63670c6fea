import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { logger } from '../src/logger';
import { logRedisErrors } from './redis-errors';
import { JOB_NAMES, SYNC_QUEUE, type SyncJobData, syncJobId } from './types';

/** A Redis connection suitable for BullMQ (blocking commands must not time out). */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** The sync queue; `component` names it in log lines. */
export function syncQueue(connection: Redis, prefix: string, component = 'queue'): Queue<SyncJobData> {
  const queue = new Queue<SyncJobData>(SYNC_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // Transient faults are retried inside the connector first; these are the second line.
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      // Run history lives in ops.sync_run; a completed job only frees its id. A failed one
      // stays, visible with its reason, until the next schedule tick (or `hub sync`) retries it.
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    },
  });
  logRedisErrors(component, queue, connection, logger);
  return queue;
}

/**
 * Queues one stream sync. A failed job of the stream is retried (with fresh attempts);
 * one waiting, delayed or running is left alone (`queued` false).
 */
export async function enqueueSync(queue: Queue<SyncJobData>, data: SyncJobData): Promise<{ jobId: string; queued: boolean; retried: boolean }> {
  const jobId = syncJobId(data.connector, data.stream);
  const existing = await queue.getJob(jobId);
  if (existing) {
    if ((await existing.getState()) !== 'failed') return { jobId, queued: false, retried: false };
    await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { jobId, queued: true, retried: true };
  }
  await queue.add(JOB_NAMES.SYNC_STREAM, data, { jobId });
  return { jobId, queued: true, retried: false };
}
