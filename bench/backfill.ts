/**
 * `npm run bench:backfill [-- --size N] [--latency-ms L] [--window-days D] [--keep]`
 *
 * The same date range of one-stop-shop dossiers backfilled on 1 and then on 2 worker
 * processes (`hub worker`, as deployed), each into a fresh scratch database, in one run:
 * records read per second side by side, and the speed-up. The simulator answers each
 * page after L ms (a source across a network); windows are D days. Asserts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { redisConnection, syncQueue } from '../jobs/queue';
import { createConnector, getRun, type RunView, triggerSync } from '../src/control';
import { initOrm } from '../src/db/orm';
import { startMcdtSimulator } from '../src/simulators/mcdt/server';
import { wholeNumberFlag } from './support/args';
import { Cleanup } from './support/cleanup';
import { fixed, int, table } from './support/report';
import { createScratchDatabase, dropDatabase, scratchDatabaseUrl } from './support/scratch-db';

const USAGE = `Usage: npm run bench:backfill -- [--size N] [--latency-ms L] [--window-days D] [--concurrency C] [--keep]

  --size N          one-stop-shop dossiers (default 20000)
  --latency-ms L    the simulator's delay per page (default 20)
  --window-days D   days per backfill window (default 30)
  --concurrency C   window jobs each worker process runs at once (default 1, so that
                    the second process is the only added parallelism)
  --keep            keep the scratch databases

Env: BENCH_DATABASE_URL (or DATABASE_URL), REDIS_URL (default redis://127.0.0.1:6379).`;

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TERMINAL = ['succeeded', 'partial', 'failed', 'cancelled'];

async function backfillOn(workers: number, opts: { simUrl: string; windowDays: number; concurrency: number; keep: boolean }, cleanup: Cleanup) {
  const url = scratchDatabaseUrl(process.pid * 10 + workers);
  await createScratchDatabase(url);
  if (!opts.keep) cleanup.add(`drop ${url}`, () => dropDatabase(url));
  const prefix = `bench-backfill-${process.pid}-${workers}`;
  const orm = await initOrm(url);
  const connection = redisConnection(REDIS_URL);
  const queue = syncQueue(connection, prefix);
  const children: ChildProcess[] = [];
  try {
    const deps = { em: orm.em.fork(), actor: { type: 'system' as const, id: null, name: 'bench:backfill', role: null }, queue };
    await createConnector(deps, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: opts.simUrl, apiKey: 'k', startDate: '2024-01-01', pageSize: 100 } });
    for (let i = 0; i < workers; i++) {
      children.push(
        spawn(process.execPath, [resolve(__dirname, '../src/main.js'), 'worker'], {
          // Health port 0: several workers on one machine must not contend for 4001.
          env: { ...process.env, DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', WORKER_CONCURRENCY: String(opts.concurrency), WORKER_HEALTH_PORT: '0' },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const started = Date.now();
    const run = await triggerSync(deps, 'mcdt', { streams: ['dossiers'], from: '2024-01-01', to, windowDays: opts.windowDays });
    let view: RunView = run;
    while (!TERMINAL.includes(view.status)) {
      const dead = children.find((c) => c.exitCode !== null);
      if (dead) throw new Error(`a worker process exited (code ${dead.exitCode}) before the backfill ended; its error is above`);
      await new Promise((r) => setTimeout(r, 250));
      view = await getRun(deps, run.id);
    }
    const seconds = (Date.now() - started) / 1000;
    return { workers, status: view.status, windows: view.streamRuns[0]?.windows?.total ?? 0, read: view.progress.read, seconds, perSecond: view.progress.read / seconds };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
    await orm.close(true);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { size: { type: 'string' }, 'latency-ms': { type: 'string' }, 'window-days': { type: 'string' }, concurrency: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const size = values.size ? wholeNumberFlag('--size', values.size, 100, 1_000_000, USAGE) : 20_000;
  const latency = values['latency-ms'] ? wholeNumberFlag('--latency-ms', values['latency-ms'], 0, 10_000, USAGE) : 20;
  const windowDays = values['window-days'] ? wholeNumberFlag('--window-days', values['window-days'], 1, 366, USAGE) : 30;
  const concurrency = values.concurrency ? wholeNumberFlag('--concurrency', values.concurrency, 1, 64, USAGE) : 1;
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.run().then(() => process.exit(130)));
  try {
    await new Redis(REDIS_URL, { lazyConnect: true }).connect().then(
      (r) => r,
      () => {
        throw new Error(`Redis is not reachable at ${REDIS_URL}`);
      },
    );
    const sim = await startMcdtSimulator({ seed: 9, size, apiKey: 'k' });
    cleanup.add('stop the simulator', () => sim.close());
    sim.control({ action: 'faults', set: { slowMs: latency } });
    console.log(`Backfilling ${int(size)} one-stop-shop dossiers (2024-01-01 to today, ${windowDays}-day windows, ${latency} ms per page, 100 rows a page)…`);
    const results = [];
    for (const workers of [1, 2]) results.push(await backfillOn(workers, { simUrl: sim.url, windowDays, concurrency, keep: values.keep === true }, cleanup));
    console.log(
      table(
        ['worker processes', 'status', 'windows', 'records read', 'seconds', 'records/s'],
        results.map((r) => [String(r.workers), r.status, String(r.windows), int(r.read), fixed(r.seconds), int(r.perSecond)]),
      ),
    );
    console.log(`Speed-up with 2 worker processes: ${fixed(results[1]!.perSecond / results[0]!.perSecond, 2)}×`);
    return 0;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
