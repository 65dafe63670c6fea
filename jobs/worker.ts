import type { MikroORM } from '@mikro-orm/postgresql';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createReaper } from '../src/engine/lease';
import { syncQueue } from './queue';
import { logRedisErrors } from './redis-errors';
import { handleBackfill, handleBackfillWindow } from './backfill.job';
import { assertCatalogue, dispatch, type JobHandler } from './catalogue';
import { handleScheduleTick } from './schedule-tick.job';
import { handleSyncJob } from './sync.job';
import { JOB_NAMES, SYNC_QUEUE, type SyncJobData } from './types';

export interface SyncWorker {
  worker: Worker<SyncJobData>;
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, then returns them to the queue. */
  close(timeoutMs: number): Promise<void>;
}

export interface SyncWorkerOptions {
  orm: MikroORM;
  connection: Redis;
  prefix: string;
  concurrency: number;
  log: Logger;
  /** Job lock and stream lease: a killed worker's job and stream are taken over after about this long. */
  lockMs?: number;
  /** How long database outages are waited out before a sync fails (DB_OUTAGE_LIMIT_MS). */
  dbOutageLimitMs?: number;
  /** Handlers to use instead of the catalogue's own (tests); every job name must have one. */
  handlers?: Partial<Record<string, JobHandler>>;
}

export function startSyncWorker(opts: SyncWorkerOptions): SyncWorker {
  const shutdown = new AbortController();
  const lockMs = opts.lockMs ?? 30_000;
  const deps0 = { orm: opts.orm, log: opts.log, shutdown: shutdown.signal, leaseMs: lockMs, dbOutageLimitMs: opts.dbOutageLimitMs };
  // Checked before anything connects: a missing handler stops the start with one message.
  const handlers = assertCatalogue(
    opts.handlers ?? {
      [JOB_NAMES.SYNC_STREAM]: (job, token) => handleSyncJob(deps, job as Job<SyncJobData>, token),
      [JOB_NAMES.SCHEDULE_TICK]: (job) => handleScheduleTick(deps, job),
      [JOB_NAMES.BACKFILL_WINDOW]: (job, token) => handleBackfillWindow(deps, job, token),
      [JOB_NAMES.BACKFILL]: (job) => handleBackfill(deps, job),
    },
  );
  const queue = syncQueue(opts.connection, opts.prefix, 'worker queue');
  const deps = { ...deps0, queue };
  const worker = new Worker<SyncJobData>(SYNC_QUEUE, dispatch(handlers), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    // A crashed worker's job is picked up again once its lock expires.
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 5,
  });
  logRedisErrors('worker', worker, opts.connection, opts.log);

  // Every lease period: record outcomes the database was too far away to take, and close
  // runs whose worker went silent, so no run stays `running` without a live owner.
  const reap = createReaper(opts.orm, lockMs);
  let reaping: Promise<unknown> = Promise.resolve();
  const reaper = setInterval(() => {
    reaping = reap().then(
      ({ recorded, closed }) => {
        if (recorded || closed) opts.log.warn({ recorded, closed }, 'closed sync runs whose worker was lost, and recorded outcomes the database missed');
      },
      () => undefined,
    );
  }, lockMs);
  reaper.unref();

  return {
    worker,
    async close(timeoutMs) {
      clearInterval(reaper);
      const closing = worker.close();
      const timer = setTimeout(() => shutdown.abort(new Error('worker shutting down')), timeoutMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        await reaping;
        await queue.close();
      }
    },
  };
}
