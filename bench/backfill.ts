/**
 * `npm run bench:backfill [-- --size N] [--latency-ms L] [--window-days D] [--keep]`
 *
 * The same date range of one-stop-shop dossiers backfilled on 1 and then on 2 worker
 * processes (`hub worker`, as deployed), each into a fresh scratch database, in one run:
 * records read per second side by side, and the speed-up. The simulator answers each
 * page after L ms (a source across a network); windows are D days. Asserts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { redisConnection, syncQueue } from '../jobs/queue';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createConnector, getRun, type RunView, triggerSync } from '../src/control';
import { withPgClient } from '../src/store/pg';
import { PgActivitySampler, procCpuSeconds, shares } from './support/meter';
import { initOrm } from '../src/db/orm';
import { startMcdtSimulator } from '../src/simulators/mcdt/server';
import { wholeNumberFlag } from './support/args';
import type { Cleanup } from './support/cleanup';
import { runBench } from './support/main';
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

/**
 * How the workers' time was spent, from the windows' sync runs: window-seconds run, and
 * worker-seconds with no window (between windows: taking the next job, closing the
 * previous one, the flow's bookkeeping; at the end: no window left for a free worker
 * while the last ones run), and the largest window.
 */
async function windowTimeline(orm: MikroORM, runId: number, workers: number) {
  const rows = await withPgClient(orm, async (c) => {
    const { rows } = await c.query<{ start: number; end: number; read: number; requested: number }>(
      `select extract(epoch from s.started_at)::float8 as start, extract(epoch from s.finished_at)::float8 as end, s.read_count as read,
              extract(epoch from r.requested_at)::float8 as requested
         from ops.sync_run s join ops.connector_run r on r.id = s.connector_run_id where s.connector_run_id = $1 and s.finished_at is not null order by s.started_at`,
      [runId],
    );
    return rows;
  });
  if (!rows.length) return null;
  const begin = rows[0]!.requested;
  const lastStart = Math.max(...rows.map((r) => r.start));
  const end = Math.max(...rows.map((r) => r.end));
  // Worker-seconds with no window running, split at the last window's start.
  const events = rows.flatMap((r) => [{ t: r.start, d: 1 }, { t: r.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let running = 0;
  let at = begin;
  let idleBetween = 0;
  let idleTail = 0;
  for (const e of [...events, { t: end, d: 0 }]) {
    const free = Math.max(0, workers - running) * Math.max(0, e.t - at);
    if (at < lastStart) idleBetween += free;
    else idleTail += free;
    running += e.d;
    at = e.t;
  }
  const largest = rows.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  return {
    windowSeconds: rows.reduce((s, r) => s + (r.end - r.start), 0),
    idleBetween,
    idleTail,
    tailSeconds: end - lastStart,
    largest: { seconds: largest.end - largest.start, read: largest.read },
  };
}

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
    // Where the time goes: CPU of the workers, of PostgreSQL's backends and of this process (the simulator), and the sessions' waits.
    const workerCpu0 = children.map((c) => procCpuSeconds(c.pid!)?.seconds ?? 0);
    const ownCpu0 = process.cpuUsage();
    const activity = new PgActivitySampler(url, 'bench-backfill-monitor');
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
    const pg = await activity.stop();
    const own = process.cpuUsage(ownCpu0);
    const cpu = { workers: children.reduce((sum, c, i) => sum + Math.max(0, (procCpuSeconds(c.pid!)?.seconds ?? 0) - workerCpu0[i]!), 0), postgres: pg.cpuSeconds, benchAndSimulator: (own.user + own.system) / 1e6 };
    const timeline = await windowTimeline(orm, run.id, workers);
    return { workers, status: view.status, windows: view.streamRuns[0]?.windows?.total ?? 0, read: view.progress.read, seconds, perSecond: view.progress.read / seconds, cpu, pg, timeline };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
    await orm.close(true);
  }
}

interface Args {
  size: number;
  latency: number;
  windowDays: number;
  concurrency: number;
  keep: boolean;
}

function parse(argv: string[]): Args | null {
  const { values } = parseArgs({ args: argv, options: { size: { type: 'string' }, 'latency-ms': { type: 'string' }, 'window-days': { type: 'string' }, concurrency: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) return null;
  return {
    size: values.size ? wholeNumberFlag('--size', values.size, 100, 1_000_000, USAGE) : 20_000,
    latency: values['latency-ms'] ? wholeNumberFlag('--latency-ms', values['latency-ms'], 0, 10_000, USAGE) : 20,
    windowDays: values['window-days'] ? wholeNumberFlag('--window-days', values['window-days'], 1, 366, USAGE) : 30,
    concurrency: values.concurrency ? wholeNumberFlag('--concurrency', values.concurrency, 1, 64, USAGE) : 1,
    keep: values.keep === true,
  };
}

async function bench({ size, latency, windowDays, concurrency, keep }: Args, cleanup: Cleanup): Promise<void> {
  const load0 = loadavg()[0] ?? 0;
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
  for (const workers of [1, 2]) results.push(await backfillOn(workers, { simUrl: sim.url, windowDays, concurrency, keep }, cleanup));
  console.log(
    table(
      ['worker processes', 'status', 'windows', 'records read', 'seconds', 'records/s'],
      results.map((r) => [String(r.workers), r.status, String(r.windows), int(r.read), fixed(r.seconds), int(r.perSecond)]),
    ),
  );
  console.log(`Speed-up with 2 worker processes: ${fixed(results[1]!.perSecond / results[0]!.perSecond, 2)}×`);
  console.log('');
  console.log('Where the time went (CPU seconds; worker-seconds from the windows\' sync runs):');
  console.log(
    table(
      ['worker processes', 'CPU workers', 'CPU postgres', 'CPU bench+simulator', 'CPU ÷ wall', 'window-s run', 'idle between windows', 'idle at the end', 'last window start → end s', 'largest window s (records)'],
      results.map((r) => [
        String(r.workers), fixed(r.cpu.workers), fixed(r.cpu.postgres), fixed(r.cpu.benchAndSimulator), fixed((r.cpu.workers + r.cpu.postgres + r.cpu.benchAndSimulator) / r.seconds, 2),
        fixed(r.timeline?.windowSeconds), fixed(r.timeline?.idleBetween), fixed(r.timeline?.idleTail), fixed(r.timeline?.tailSeconds), r.timeline ? `${fixed(r.timeline.largest.seconds)} (${int(r.timeline.largest.read)})` : '–',
      ]),
    ),
  );
  for (const r of results) {
    console.log(`  ${r.workers} process(es), database sessions (share of active samples every 200 ms): ${shares(r.pg.waits)}`);
    if (Object.keys(r.pg.lockedStatements).length) console.log(`    waiting on locks: ${shares(r.pg.lockedStatements)}`);
  }
  console.log(`Load average (1 min) at start ${fixed(load0, 2)}, at the end ${fixed(loadavg()[0] ?? 0, 2)}; ${cpus().length} cores.`);
}

runBench(USAGE, parse, bench);
