/**
 * `npm run bench:scale [-- --size N] [--workers 1,2] [--latency-ms L] [--window-days D] [--concurrency C] [--keep]`
 *
 * Scale-out of the sync engine (issue 12): the same date range of one-stop-shop dossiers
 * backfilled through the hub's own backfill flow (`triggerSync` from/to: a BullMQ parent
 * job and one child per date window, jobs/backfill.ts) on 1 and then 2 worker processes
 * (`hub worker`, as deployed), each into a fresh scratch database, in one run. The
 * simulator runs in a process of its own and answers each page after L ms (a source
 * across a network).
 *
 * Prints side by side: records/s and the speed-up; CPU per record of the workers,
 * PostgreSQL's backends and the simulator; what the database's active sessions were
 * doing (on CPU, lock waits, IO, WAL, waiting for the worker), sampled every 200 ms; the
 * workers' idle time from the windows' sync runs; the load average. Last line:
 * `RESULT {json}`. Asserts nothing on time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { redisConnection, syncQueue } from '../jobs/queue';
import { createConnector, getRun, type RunView, triggerSync } from '../src/control';
import { initOrm } from '../src/db/orm';
import { wholeNumberFlag } from './support/args';
import type { Cleanup } from './support/cleanup';
import { runBench } from './support/main';
import { type PgActivity, PgActivitySampler, procCpuSeconds, shares, WAIT_CLASSES, waitClasses } from './support/meter';
import { fixed, int, table } from './support/report';
import { createScratchDatabase, dropDatabase, redactUrl, scratchDatabaseUrl } from './support/scratch-db';
import { ChildSimulator } from './support/simulator';
import { type WindowTimeline, windowTimeline } from './support/window-timeline';

const DEFAULT_SIZE = 200_000;
const USAGE = `Usage: npm run bench:scale -- [--size N] [--workers 1,2] [--latency-ms L] [--window-days D] [--concurrency C] [--keep]

  --size N          one-stop-shop dossiers (default ${int(DEFAULT_SIZE)}; the simulator spreads
                    them from 2024-01-01 to today)
  --workers 1,2     worker process counts to run, one backfill each (default 1,2); the
                    first is the "× first" baseline
  --latency-ms L    the simulator's delay per page of 100 dossiers (default 20)
  --window-days D   days per backfill window (default 30)
  --concurrency C   window jobs each worker process runs at once (default 1, so that
                    each added process is the only added parallelism)
  --keep            keep the scratch databases

Env: BENCH_DATABASE_URL (or DATABASE_URL), REDIS_URL (default redis://127.0.0.1:6379).
(npm run bench:backfill is the same bench; give it --size 40000 to compare with its older figures.)`;

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TERMINAL = ['succeeded', 'partial', 'failed', 'cancelled'];
const API_KEY = 'bench-scale-key';
const FROM = '2024-01-01';

interface Args {
  size: number;
  workers: number[];
  latency: number;
  windowDays: number;
  concurrency: number;
  keep: boolean;
}

interface RunResult {
  workers: number;
  status: string;
  windows: number;
  read: number;
  seconds: number;
  perSecond: number;
  /** CPU seconds during the backfill. */
  cpu: { workers: number; postgres: number; simulator: number; bench: number };
  pg: PgActivity;
  timeline: WindowTimeline | null;
  load: { start: number; end: number; mean: number };
}

/** Waits until `count` worker processes listen on the queue, so their start-up is not timed. */
async function workersListening(queue: ReturnType<typeof syncQueue>, children: ChildProcess[], count: number): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a worker process exited (code ${dead.exitCode}) before it was ready; its error is above`);
    if ((await queue.getWorkersCount()) >= count) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${count} worker process(es) did not start listening within 120 s`);
}

async function backfillOn(workers: number, args: Args, sim: ChildSimulator, cleanup: Cleanup): Promise<RunResult> {
  const url = scratchDatabaseUrl(process.pid * 10 + workers);
  process.stderr.write(`${workers} worker process(es): creating ${redactUrl(url)}…\n`);
  await createScratchDatabase(url);
  if (!args.keep) cleanup.add(`drop ${url}`, () => dropDatabase(url));
  const prefix = `bench-scale-${process.pid}-${workers}`;
  const orm = await initOrm(url);
  const connection = redisConnection(REDIS_URL);
  const queue = syncQueue(connection, prefix);
  const children: ChildProcess[] = [];
  try {
    const deps = { em: orm.em.fork(), actor: { type: 'system' as const, id: null, name: 'bench:scale', role: null }, queue };
    await createConnector(deps, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: API_KEY, startDate: FROM, pageSize: 100 } });
    for (let i = 0; i < workers; i++) {
      children.push(
        spawn(process.execPath, [resolve(__dirname, '../src/main.js'), 'worker'], {
          // Health port 0: several workers on one machine must not contend for 4001.
          env: { ...process.env, DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', WORKER_CONCURRENCY: String(args.concurrency), WORKER_HEALTH_PORT: '0' },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    await workersListening(queue, children, workers);
    process.stderr.write('  backfilling…\n');
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    // Where the time goes: CPU of the workers, PostgreSQL's backends, the simulator and this process, and the sessions' waits.
    const workerCpu = () => children.reduce((sum, c) => sum + (procCpuSeconds(c.pid!)?.seconds ?? 0), 0);
    const simCpu = () => procCpuSeconds(sim.pid)?.seconds ?? 0;
    const workerCpu0 = workerCpu();
    const simCpu0 = simCpu();
    const ownCpu0 = process.cpuUsage();
    const loads: number[] = [];
    const activity = new PgActivitySampler(url, 'bench-scale-monitor');
    const started = Date.now();
    const run = await triggerSync(deps, 'mcdt', { streams: ['dossiers'], from: FROM, to, windowDays: args.windowDays });
    let view: RunView = run;
    while (!TERMINAL.includes(view.status)) {
      const dead = children.find((c) => c.exitCode !== null);
      if (dead) throw new Error(`a worker process exited (code ${dead.exitCode}) before the backfill ended; its error is above`);
      if (!sim.alive) throw new Error('the simulator exited before the backfill ended');
      await new Promise((r) => setTimeout(r, 250));
      loads.push(loadavg()[0] ?? 0);
      view = await getRun(deps, run.id);
    }
    const seconds = (Date.now() - started) / 1000;
    const pg = await activity.stop();
    const own = process.cpuUsage(ownCpu0);
    const cpu = { workers: workerCpu() - workerCpu0, postgres: pg.cpuSeconds, simulator: simCpu() - simCpu0, bench: (own.user + own.system) / 1e6 };
    const timeline = await windowTimeline(orm, run.id, workers * args.concurrency);
    const load = { start: loads[0] ?? 0, end: loads.at(-1) ?? 0, mean: loads.reduce((s, l) => s + l, 0) / (loads.length || 1) };
    const read = view.progress.read;
    process.stderr.write(`  ${view.status}: ${int(read)} records in ${fixed(seconds)} s, ${int(read / seconds)} records/s\n`);
    return { workers, status: view.status, windows: view.streamRuns[0]?.windows?.total ?? 0, read, seconds, perSecond: read / seconds, cpu, pg, timeline, load };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
    await orm.close(true);
  }
}

function parse(argv: string[]): Args | null {
  const { values } = parseArgs({
    args: argv,
    options: { size: { type: 'string' }, workers: { type: 'string' }, 'latency-ms': { type: 'string' }, 'window-days': { type: 'string' }, concurrency: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) return null;
  if (values.workers !== undefined && !/^\d+(,\d+)*$/.test(values.workers)) throw new Error(`--workers takes a list such as 1,2; got "${values.workers}"\n\n${USAGE}`);
  return {
    size: values.size ? wholeNumberFlag('--size', values.size, 100, 4_000_000, USAGE) : DEFAULT_SIZE,
    workers: values.workers ? values.workers.split(',').map((w) => wholeNumberFlag('--workers', w, 1, 32, USAGE)) : [1, 2],
    latency: values['latency-ms'] ? wholeNumberFlag('--latency-ms', values['latency-ms'], 0, 10_000, USAGE) : 20,
    windowDays: values['window-days'] ? wholeNumberFlag('--window-days', values['window-days'], 1, 366, USAGE) : 30,
    concurrency: values.concurrency ? wholeNumberFlag('--concurrency', values.concurrency, 1, 64, USAGE) : 1,
    keep: values.keep === true,
  };
}

const msPerRecord = (cpuSeconds: number, records: number) => fixed((1000 * cpuSeconds) / records, 3);
const percent = (n: number, total: number) => (total ? `${Math.round((100 * n) / total)}%` : '–');

function report(args: Args, sim: ChildSimulator, results: RunResult[], load0: number): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const base = results[0]!;
  out(`Scale-out: ${int(args.size)} one-stop-shop dossiers backfilled through the backfill flow (${FROM} to today, ${args.windowDays}-day windows, ` +
    `${args.concurrency} window job(s) at a time per process, ${args.latency} ms per page of 100), on ${args.workers.join(' and ')} worker process(es)`);
  out(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), load average (1 min) ${fixed(load0, 2)} at the start, ${fixed(loadavg()[0] ?? 0, 2)} at the end; Node ${process.version}; simulator started in ${fixed(sim.startupMs / 1000)} s`);
  out('');
  out(
    table(
      ['worker processes', 'status', 'windows', 'records', 'seconds', 'records/s', `× ${base.workers}`, 'load avg start → end (mean)'],
      results.map((r) => [String(r.workers), r.status, String(r.windows), int(r.read), fixed(r.seconds), int(r.perSecond), fixed(r.perSecond / base.perSecond, 2), `${fixed(r.load.start, 1)} → ${fixed(r.load.end, 1)} (${fixed(r.load.mean, 1)})`]),
    ),
  );
  out('');
  out('CPU per record (ms), and CPU ÷ wall (cores kept busy):');
  out(
    table(
      ['worker processes', 'workers ms', 'postgres ms', 'simulator ms', 'bench ms', 'workers ÷ wall', 'postgres ÷ wall', 'simulator ÷ wall', 'all ÷ wall'],
      results.map((r) => {
        const all = r.cpu.workers + r.cpu.postgres + r.cpu.simulator + r.cpu.bench;
        return [
          String(r.workers), msPerRecord(r.cpu.workers, r.read), msPerRecord(r.cpu.postgres, r.read), msPerRecord(r.cpu.simulator, r.read), msPerRecord(r.cpu.bench, r.read),
          fixed(r.cpu.workers / r.seconds, 2), fixed(r.cpu.postgres / r.seconds, 2), fixed(r.cpu.simulator / r.seconds, 2), fixed(all / r.seconds, 2),
        ];
      }),
    ),
  );
  out('');
  out('Database sessions (pg_stat_activity every 200 ms): share of active-session samples, and active sessions on average:');
  out(
    table(
      ['worker processes', ...WAIT_CLASSES, 'active sessions'],
      results.map((r) => {
        const classes = waitClasses(r.pg.waits);
        const total = Object.values(classes).reduce((s, n) => s + n, 0);
        return [String(r.workers), ...WAIT_CLASSES.map((c) => percent(classes[c], total)), fixed(total / (r.pg.samples || 1), 2)];
      }),
    ),
  );
  for (const r of results) {
    out(`  ${r.workers}: ${shares(r.pg.waits)}`);
    if (Object.keys(r.pg.lockedStatements).length) out(`     waiting on locks: ${shares(r.pg.lockedStatements)}`);
  }
  out('');
  out('Workers\' time, from the windows\' sync runs (worker-seconds):');
  out(
    table(
      ['worker processes', 'window-s run', 'idle between windows', 'idle at the end', 'idle share', 'last window start → end s', 'largest window s (records)'],
      results.map((r) => {
        const t = r.timeline;
        const slots = r.workers * args.concurrency * r.seconds;
        return [
          String(r.workers), fixed(t?.windowSeconds), fixed(t?.idleBetween), fixed(t?.idleTail), t ? percent(t.idleBetween + t.idleTail, slots) : '–', fixed(t?.tailSeconds),
          t ? `${fixed(t.largest.seconds)} (${int(t.largest.read)})` : '–',
        ];
      }),
    ),
  );
  out('');
  out(`RESULT ${JSON.stringify({ size: args.size, latencyMs: args.latency, windowDays: args.windowDays, concurrency: args.concurrency, cores: cpus().length, loadAverageAtStart: load0, runs: results })}`);
}

async function bench(args: Args, cleanup: Cleanup): Promise<void> {
  const load0 = loadavg()[0] ?? 0;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch(() => {
    throw new Error(`Redis is not reachable at ${REDIS_URL}`);
  });
  await redis.quit();
  process.stderr.write(`starting the MCĐT simulator with ${int(args.size)} dossiers…\n`);
  const sim = await ChildSimulator.start({ size: args.size, seed: 9, apiKey: API_KEY });
  cleanup.add('stop the simulator', () => sim.stop());
  await sim.control({ action: 'faults', set: { slowMs: args.latency } });
  const results: RunResult[] = [];
  for (const workers of args.workers) results.push(await backfillOn(workers, args, sim, cleanup));
  report(args, sim, results, load0);
}

runBench(USAGE, parse, bench);
