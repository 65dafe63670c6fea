import type { MikroORM } from '@mikro-orm/postgresql';
import { type Job, QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll } from 'vitest';
import { enqueueSync, redisConnection, syncQueue } from '../../jobs/queue';
import { startSyncWorker, type SyncWorker } from '../../jobs/worker';
import type { RunSummary } from '../../src/engine/run-stream';
import { expectIntegrity } from './integrity';
import { TEST_REDIS_URL } from './redis';

export const silentLog = pino({ level: 'silent' });

/** A real BullMQ queue, worker and event stream under this file's own prefix. */
export function createTestQueue(orm: MikroORM, prefix: string, opts: { worker?: boolean } = {}) {
  const connection = redisConnection(TEST_REDIS_URL);
  const queue = syncQueue(connection, prefix);
  const events = new QueueEvents('sync', { connection: redisConnection(TEST_REDIS_URL), prefix });
  let worker: SyncWorker | null = null;
  const startWorker = () => {
    worker ??= startSyncWorker({ orm, connection: redisConnection(TEST_REDIS_URL), prefix, concurrency: 2, log: silentLog });
    return worker;
  };
  if (opts.worker !== false) startWorker();
  afterAll(async () => {
    if (worker) {
      await worker.close(5000);
      await (worker.worker.opts.connection as { quit(): Promise<unknown> }).quit();
    }
    await events.close();
    await queue.close();
    await connection.quit();
  });

  /** Queues a stream sync, waits for its result (throws the job's failure) and checks the store's invariant. */
  async function sync(connector: string, stream: string): Promise<RunSummary> {
    await events.waitUntilReady();
    const { jobId } = await enqueueSync(queue, { connector, stream, trigger: 'test' });
    const job = (await queue.getJob(jobId)) as Job | undefined;
    if (!job) throw new Error(`job ${jobId} vanished before it could be awaited`);
    const summary = (await job.waitUntilFinished(events, 60_000)) as RunSummary;
    await expectIntegrity(orm);
    return summary;
  }

  return { queue, events, startWorker, sync };
}
