import type { MikroORM } from '@mikro-orm/postgresql';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { syncQueue } from './queue';
import { handleSyncJob } from './sync.job';
import { SYNC_QUEUE, type SyncJobData } from './types';

export interface SyncWorker {
  worker: Worker<SyncJobData>;
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, then returns them to the queue. */
  close(timeoutMs: number): Promise<void>;
}

export function startSyncWorker(opts: { orm: MikroORM; connection: Redis; prefix: string; concurrency: number; log: Logger; lockMs?: number }): SyncWorker {
  const shutdown = new AbortController();
  const queue = syncQueue(opts.connection, opts.prefix);
  const worker = new Worker<SyncJobData>(SYNC_QUEUE, (job, token) => handleSyncJob({ orm: opts.orm, log: opts.log, shutdown: shutdown.signal, queue }, job, token), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    // A crashed worker's job is picked up again once its lock expires.
    lockDuration: opts.lockMs ?? 30_000,
    stalledInterval: opts.lockMs ?? 30_000,
    maxStalledCount: 5,
  });
  worker.on('error', (error) => opts.log.error({ err: error }, 'worker error'));
  return {
    worker,
    async close(timeoutMs) {
      const closing = worker.close();
      const timer = setTimeout(() => shutdown.abort(new Error('worker shutting down')), timeoutMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        await queue.close();
      }
    },
  };
}
