/**
 * `npm run bench:scale [-- --size N] [--workers 1,2]`
 *
 * Scale-out of the sync engine on its distributed engine (BullMQ on Redis): the same
 * backfill of N dossiers (default 200 000) on 1 and then 2 worker processes, each a real
 * hub worker (jobs/worker.ts) in a Node process of its own, into a fresh scratch
 * database per run. The backfill is split into one connector-stream per worker: two
 * MCĐT simulators (child processes) with disjoint histories (so disjoint dossier codes)
 * of N/2 dossiers each, one connector each, one `dossiers` sync job each. (The
 * backfill flow of BullMQ parent/children windows over one connector is not runnable on
 * this branch yet; with it, the same bench would queue windows instead of streams.)
 *
 * Reports records/s and where the time went: the workers' CPU (process.cpuUsage over
 * IPC), PostgreSQL's CPU (the scratch database's backends, from /proc), the simulators'
 * CPU, and what the database's active sessions were waiting on (pg_stat_activity
 * sampled every 200 ms). Last line: `RESULT {json}`. Asserts nothing on time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Job, QueueEvents } from 'bullmq';
import { enqueueSync, redisConnection, syncQueue } from '../jobs/queue';
import { upsertConnector } from '../src/cli/connectors';
import { initOrm } from '../src/db/orm';
import { runStream, type RunSummary } from '../src/engine/run-stream';
import { Cleanup } from './support/cleanup';
import { PgActivitySampler, procCpuSeconds, shares } from './support/meter';
import { fixed, int, table } from './support/report';
import { createScratchDatabase, dropDatabase, redactUrl } from './support/scratch-db';
import { ChildSimulator } from './support/simulator';

const out = (line = '') => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);
const WORKER_MAIN = path.resolve(__dirname, 'scale/worker-main.js');
const API_KEY = 'bench-scale-key';
/** Two halves of the province's history, one per simulator (local midnight, +07:00). */
const HALVES = [
  { name: 'mcdt-a', historyFrom: '2021-01-01T00:00:00+07:00', now: '2023-07-01T00:00:00+07:00', startDate: '2021-01-01' },
  { name: 'mcdt-b', historyFrom: '2023-07-01T00:00:00+07:00', now: '2026-01-01T00:00:00+07:00', startDate: '2023-07-01' },
];

interface Args {
  size: number;
  workers: number[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { size: 200_000, workers: [1, 2] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--size' && value && /^\d+$/.test(value) && Number(value) >= 1000) args.size = Number(value);
    else if (flag === '--workers' && value && /^\d+(,\d+)*$/.test(value)) args.workers = value.split(',').map(Number);
    else throw new Error(`usage: npm run bench:scale -- [--size N (≥ 1000, default 200000)] [--workers 1,2]; got ${flag}`);
    i++;
  }
  return args;
}

const serverUrl = () => process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const dbUrlFor = (name: string) => {
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
};

class WorkerProcess {
  private constructor(private readonly child: ChildProcess) {}

  static start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = fork(WORKER_MAIN, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    process.once('exit', () => child.kill('SIGKILL'));
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(new WorkerProcess(child)));
      child.once('exit', (code) => reject(new Error(`a worker exited (code ${code}) before it was ready`)));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  cpu(): Promise<number> {
    return new Promise((resolve) => {
      const on = (m: { type?: string; seconds?: number }) => {
        if (m.type !== 'cpu') return;
        this.child.off('message', on);
        resolve(m.seconds ?? 0);
      };
      this.child.on('message', on);
      this.child.send({ type: 'cpu' });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

interface RunResult {
  workers: number;
  records: number;
  seconds: number;
  rps: number;
  cpu: { workers: number; postgres: number; simulators: number };
  waits: Record<string, number>;
  samples: number;
}

async function runOnce(workers: number, sims: ChildSimulator[], redisUrl: string, cleanup: Cleanup): Promise<RunResult> {
  const dbName = `hub_scale_${process.pid}_${workers}`;
  const dbUrl = dbUrlFor(dbName);
  note(`run with ${workers} worker(s): creating ${redactUrl(dbUrl)}…`);
  await createScratchDatabase(dbUrl);
  const dropDb = () => dropDatabase(dbUrl);
  cleanup.add(`drop ${dbName}`, dropDb);
  const orm = await initOrm(dbUrl);
  const prefix = `bench-scale-${process.pid}-${workers}`;
  const connectors = [];
  for (const [i, half] of HALVES.entries()) {
    connectors.push(
      await upsertConnector(orm.em.fork(), { name: half.name, kind: 'mcdt', config: { baseUrl: sims[i]!.url, apiKey: API_KEY, startDate: half.startDate, windowDays: 60, pageSize: 500 } }),
    );
  }
  // Catalogues first, untimed (the same for both halves).
  note('  catalogues (untimed)…');
  for (const stream of ['agencies', 'procedures']) await runStream({ orm, connector: connectors[0]!, stream });
  note(`  starting ${workers} worker process(es)…`);

  const procs: WorkerProcess[] = [];
  for (let i = 0; i < workers; i++) procs.push(await WorkerProcess.start({ BENCH_SCALE_DB_URL: dbUrl, BENCH_SCALE_REDIS_URL: redisUrl, BENCH_SCALE_PREFIX: prefix }));
  const connection = redisConnection(redisUrl);
  const queue = syncQueue(connection, prefix);
  const events = new QueueEvents('sync', { connection: redisConnection(redisUrl), prefix });
  await events.waitUntilReady();
  const activity = new PgActivitySampler(dbUrl, 'bench-scale-monitor');
  const simCpu = () => sims.reduce((s, sim) => s + (procCpuSeconds(sim.pid)?.seconds ?? 0), 0);
  const workerCpu0 = await Promise.all(procs.map((p) => p.cpu()));
  const sim0 = simCpu();

  note('  backfilling…');
  const started = performance.now();
  const jobs: Job[] = [];
  for (const half of HALVES) {
    const { jobId } = await enqueueSync(queue, { connector: half.name, stream: 'dossiers', trigger: 'bench' });
    jobs.push((await queue.getJob(jobId))!);
  }
  const summaries = (await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 3 * 3600_000)))) as RunSummary[];
  const seconds = (performance.now() - started) / 1000;
  note(`  done in ${fixed(seconds)} s; collecting…`);
  const pg = await activity.stop();

  const workerCpu = (await Promise.all(procs.map((p) => p.cpu()))).reduce((s, c, i) => s + c - workerCpu0[i]!, 0);
  const simulators = simCpu() - sim0;
  const records = summaries.reduce((s, r) => s + r.read, 0);
  for (const s of summaries) if (s.status !== 'succeeded') note(`WARNING: a sync ended ${s.status}`);

  await events.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await connection.quit();
  await Promise.all(procs.map((p) => p.stop()));
  await orm.close(true);
  await dropDb();
  return { workers, records, seconds, rps: records / seconds, cpu: { workers: workerCpu, postgres: pg.cpuSeconds, simulators }, waits: pg.waits, samples: pg.samples };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const cleanup = new Cleanup();
  process.on('SIGINT', () => void cleanup.run().finally(() => process.exit(130)));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const load0 = loadavg()[0] ?? 0;
  try {
    note(`starting two MCĐT simulators of ${int(args.size / 2)} dossiers each (disjoint histories)…`);
    const sims: ChildSimulator[] = [];
    for (const [i, half] of HALVES.entries()) {
      const sim = await ChildSimulator.start({ size: Math.floor(args.size / 2), seed: 9 + i, apiKey: API_KEY, now: new Date(half.now), historyFrom: new Date(half.historyFrom) });
      cleanup.add(`stop simulator ${half.name}`, () => sim.stop());
      sims.push(sim);
    }
    const results: RunResult[] = [];
    for (const w of args.workers) {
      results.push(await runOnce(w, sims, redisUrl, cleanup));
      const r = results.at(-1)!;
      note(`  ${w} worker(s): ${int(r.records)} records in ${fixed(r.seconds)} s, ${int(r.rps)} records/s`);
    }
    const base = results[0]!;
    out(`Scale-out benchmark: ${int(args.size)} dossiers backfilled as two connector-streams (one per simulator), on ${args.workers.join(' and ')} worker process(es)`);
    out(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), load average ${fixed(load0, 2)} at start, ${fixed(loadavg()[0] ?? 0, 2)} at the end; Node ${process.version}; shared with other work`);
    out('');
    out(
      table(
        ['workers', 'records', 'seconds', 'records/s', '× 1 worker', 'CPU workers s', 'CPU postgres s', 'CPU simulators s', 'CPU total ÷ wall'],
        results.map((r) => [
          String(r.workers), int(r.records), fixed(r.seconds), int(r.rps), fixed(r.rps / base.rps, 2),
          fixed(r.cpu.workers), fixed(r.cpu.postgres), fixed(r.cpu.simulators), fixed((r.cpu.workers + r.cpu.postgres + r.cpu.simulators) / r.seconds, 2),
        ]),
      ),
    );
    out('');
    out('what the database sessions of the run were doing (share of active-session samples, every 200 ms):');
    for (const r of results) {
      out(`  ${r.workers} worker(s): ${shares(r.waits)} (${Object.values(r.waits).reduce((s, n) => s + n, 0)} active samples in ${r.samples} polls)`);
    }
    out('');
    out(`RESULT ${JSON.stringify({ size: args.size, loadAverageAtStart: load0, runs: results })}`);
    return 0;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
