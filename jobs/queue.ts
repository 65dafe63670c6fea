import { type ConnectionOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SYNC_QUEUE, type SyncJobData, syncJobId } from './types';

/** A Redis connection suitable for BullMQ (blocking commands must not time out). */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export function syncQueue(connection: ConnectionOptions, prefix: string): Queue<SyncJobData> {
  return new Queue<SyncJobData>(SYNC_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // Transient faults are retried inside the connector first; these are the second line.
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      // Run history lives in ops.sync_run; finished jobs only free their id.
      removeOnComplete: true,
      removeOnFail: true,
    },
  });
}

/** Queues one stream sync. Returns false when the same stream is already queued or running. */
export async function enqueueSync(queue: Queue<SyncJobData>, data: SyncJobData): Promise<{ jobId: string; queued: boolean }> {
  const jobId = syncJobId(data.connector, data.stream);
  const existing = await queue.getJob(jobId);
  if (existing) return { jobId, queued: false };
  await queue.add(jobId, data, { jobId });
  return { jobId, queued: true };
}
