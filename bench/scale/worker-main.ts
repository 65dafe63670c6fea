/**
 * One sync worker of `npm run bench:scale` in a process of its own: the hub's BullMQ
 * worker (jobs/worker.ts, concurrency 1) on the bench's queue prefix and scratch
 * database. Answers `{ type: 'cpu' }` with its CPU seconds; stops on SIGTERM or when the
 * parent disconnects. Env: BENCH_SCALE_DB_URL, BENCH_SCALE_REDIS_URL, BENCH_SCALE_PREFIX.
 */
import pino from 'pino';
import { redisConnection } from '../../jobs/queue';
import { startSyncWorker } from '../../jobs/worker';
import { initOrm } from '../../src/db/orm';

async function main(): Promise<void> {
  const { BENCH_SCALE_DB_URL: dbUrl, BENCH_SCALE_REDIS_URL: redisUrl, BENCH_SCALE_PREFIX: prefix } = process.env;
  if (!dbUrl || !redisUrl || !prefix || !process.send) throw new Error('fork bench/scale/worker-main.js with BENCH_SCALE_DB_URL, BENCH_SCALE_REDIS_URL, BENCH_SCALE_PREFIX and an IPC channel');
  const orm = await initOrm(dbUrl);
  const connection = redisConnection(redisUrl);
  const worker = startSyncWorker({ orm, connection, prefix, concurrency: 1, log: pino({ level: 'silent' }) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 5000).unref();
    void worker
      .close(3000)
      .then(() => connection.quit())
      .then(() => orm.close(true))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'cpu') {
      const c = process.cpuUsage();
      process.send!({ type: 'cpu', seconds: (c.user + c.system) / 1e6 });
    }
  });
  process.send({ type: 'ready' });
}

process.on('uncaughtException', (error) => {
  process.stderr.write(`worker ${process.pid}: ${error.message}\n`);
  process.exit(1);
});

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
