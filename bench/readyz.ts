/**
 * `npm run bench:readyz [-- --size N] [--seconds S] [--concurrency C] [--keep]`
 *
 * Is /readyz still quick while the API is busy? The demo's three simulators (N
 * one-stop-shop dossiers) are synced into a scratch database, then `hub api` runs as a
 * child process (its own event loop and pools, as deployed) while C costly GraphQL
 * requests are kept in flight for S seconds: Decision 766 indicators over ten years per
 * agency and per field, and 100-dossier pages with their agency, procedure, events and
 * payments. /readyz is asked over and over, one at a time, before (idle) and during the
 * load. Prints latency percentiles of both, then `RESULT {json}` as the last line.
 * Times are shown, not judged.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getConnector } from '../connectors/registry';
import { createApiKey } from '../src/auth/api-keys';
import { upsertConnector } from '../src/cli/connectors';
import { startDemoSources } from '../src/cli/demo-sources';
import { initOrm } from '../src/db/orm';
import { runStream } from '../src/engine/run-stream';
import { wholeNumberFlag } from './support/args';
import type { Cleanup } from './support/cleanup';
import { runBench } from './support/main';
import { percentile } from './support/meter';
import { fixed, int, ProgressLine, table } from './support/report';
import { createScratchDatabase, dropDatabase, redactUrl, scratchDatabaseUrl } from './support/scratch-db';

const USAGE = `Usage: npm run bench:readyz -- [--size N] [--seconds S] [--concurrency C] [--keep]

  --size N          one-stop-shop dossiers of the demo data (default 5 000, as the demo)
  --seconds S       how long the load runs (default 30)
  --concurrency C   costly GraphQL requests kept in flight (default 50)
  --keep            keep the scratch database hub_bench_<pid> for inspection

Env: BENCH_DATABASE_URL (or DATABASE_URL): the PostgreSQL server to use; REDIS_URL (default redis://127.0.0.1:6379).`;

/** The costly requests, taken in turn. */
const COSTLY: { name: string; query: string }[] = [
  {
    name: 'indicators: 4 codes × 10 years × agency',
    query: `query TenYearsPerAgency { indicators(codes: [ON_TIME_RATE, ONLINE_RATE, ONLINE_PAYMENT_RATE, SATISFACTION_RATE], from: "2016-01-01", to: "2026-01-01", period: YEAR, groupBy: AGENCY) { groupKey period numerator denominator value } }`,
  },
  {
    name: 'indicators: on time × 120 months × field',
    query: `query TenYearsPerFieldMonthly { indicators(codes: [ON_TIME_RATE], from: "2016-01-01", to: "2026-01-01", period: MONTH, groupBy: FIELD) { groupKey period numerator denominator value } }`,
  },
  {
    name: '100 dossiers with relations',
    query: `query DossierPage { dossiers(first: 100, orderBy: { field: RECEIVED_AT, direction: DESC }) { totalCount edges { node { code status channel receivedAt dueAt finishedAt agency { code name } procedure { code name } events { seq occurredAt } payments { amount } } } } }`,
  },
];

const out = (line = '') => process.stdout.write(`${line}\n`);

function parse(argv: string[]): { size: number; seconds: number; concurrency: number; keep: boolean } | null {
  const { values } = parseArgs({
    args: argv,
    options: { size: { type: 'string' }, seconds: { type: 'string' }, concurrency: { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) return null;
  return {
    size: values.size === undefined ? 5000 : wholeNumberFlag('--size', values.size, 200, 1_000_000, USAGE),
    seconds: values.seconds === undefined ? 30 : wholeNumberFlag('--seconds', values.seconds, 1, 3600, USAGE),
    concurrency: values.concurrency === undefined ? 50 : wholeNumberFlag('--concurrency', values.concurrency, 1, 1000, USAGE),
    keep: values.keep,
  };
}

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });

interface Sample {
  ms: number;
  ok: boolean;
  /** The PostgreSQL check's own time, as the server measured it (the rest is queueing in the process and the network). */
  dbMs: number;
}

/** Asks /readyz one request at a time until `until` says stop. */
async function probeLoop(url: string, until: () => boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (!until()) {
    const started = performance.now();
    let ok = false;
    let dbMs = NaN;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      ok = res.ok;
      dbMs = ((await res.json()) as { checks?: { database?: { ms?: number } } }).checks?.database?.ms ?? NaN;
    } catch {
      ok = false;
    }
    samples.push({ ms: performance.now() - started, ok, dbMs });
    await new Promise((r) => setTimeout(r, 20));
  }
  return samples;
}

const summary = (samples: Sample[]) => {
  const ms = samples.map((s) => s.ms);
  const db = samples.map((s) => s.dbMs).filter((v) => Number.isFinite(v));
  return { n: samples.length, failed: samples.filter((s) => !s.ok).length, p50: percentile(ms, 50), p90: percentile(ms, 90), p99: percentile(ms, 99), max: Math.max(...ms), dbP50: percentile(db, 50), dbP99: percentile(db, 99) };
};


async function bench(args: { size: number; seconds: number; concurrency: number; keep: boolean }, cleanup: Cleanup): Promise<void> {
  out(`/readyz under load: demo data of ${int(args.size)} dossiers, ${args.concurrency} costly GraphQL requests in flight for ${args.seconds} s`);
  process.stderr.write('starting the simulators…\n');
  const sources = await startDemoSources(args.size, 0);
  cleanup.add('stop the simulators', async () => {
    for (const s of sources) await s.close();
  });
  const dbUrl = scratchDatabaseUrl();
  process.stderr.write(`creating and migrating ${redactUrl(dbUrl)}…\n`);
  cleanup.add('drop the scratch database', async () => {
    if (args.keep) process.stderr.write(`kept the scratch database: ${redactUrl(dbUrl)}\n`);
    else await dropDatabase(dbUrl);
  });
  await createScratchDatabase(dbUrl);
  const orm = await initOrm(dbUrl);
  cleanup.add('close the ORM', () => orm.close(true));
  for (const source of sources) {
    const instance = await upsertConnector(orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
    for (const { definition } of getConnector(source.kind).streams) {
      const progress = new ProgressLine(`${source.kind}/${definition.name}`);
      const run = await runStream({ orm, connector: instance, stream: definition.name, onProgress: (p) => progress.update(p.read, p.message) });
      progress.done(run.read, run.status);
    }
  }
  await orm.em.getConnection().execute('analyze');
  const { key } = await createApiKey(orm.em.fork(), { role: 'viewer', name: 'bench readyz' });

  const port = await freePort();
  const api: ChildProcess = spawn(process.execPath, [resolve(__dirname, '../src/main.js'), 'api'], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn', QUEUE_PREFIX: `bench-readyz-${process.pid}`, RATE_LIMIT_KEY: '10000000', RATE_LIMIT_ADDRESS: '10000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanup.add('stop the API', () => new Promise<void>((done) => (api.exitCode !== null ? done() : (api.once('exit', () => done()), api.kill('SIGTERM')))));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) break;
    if (i > 300 || api.exitCode !== null) throw new Error('the API did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }

  process.stderr.write('idle /readyz…\n');
  const idleUntil = performance.now() + 5000;
  const idle = summary(await probeLoop(`${base}/readyz`, () => performance.now() > idleUntil));

  process.stderr.write(`load: ${args.concurrency} costly requests in flight for ${args.seconds} s…\n`);
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const perQuery = COSTLY.map(() => ({ ms: [] as number[], errors: 0, sample: '' }));
  let stop = false;
  let next = 0;
  const worker = async () => {
    while (!stop) {
      const i = next++ % COSTLY.length;
      const started = performance.now();
      try {
        const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: COSTLY[i]!.query }) });
        const body = (await res.json()) as { errors?: { message: string }[] };
        if (!res.ok || body.errors?.length) {
          perQuery[i]!.errors++;
          perQuery[i]!.sample ||= `${res.status} ${body.errors?.[0]?.message ?? ''}`;
        }
      } catch (error) {
        perQuery[i]!.errors++;
        perQuery[i]!.sample ||= String(error);
      }
      perQuery[i]!.ms.push(performance.now() - started);
    }
  };
  const loadStarted = performance.now();
  const workers = Array.from({ length: args.concurrency }, () => worker());
  // Let the load build up before sampling, then sample until the end.
  await new Promise((r) => setTimeout(r, 1000));
  const loadUntil = loadStarted + args.seconds * 1000;
  const loaded = summary(await probeLoop(`${base}/readyz`, () => performance.now() > loadUntil));
  stop = true;
  await Promise.all(workers);

  out('');
  out(
    table(
      ['/readyz', 'samples', 'not ready', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'PostgreSQL check p50 / p99 ms'],
      [
        ['idle', int(idle.n), int(idle.failed), fixed(idle.p50), fixed(idle.p90), fixed(idle.p99), fixed(idle.max), `${fixed(idle.dbP50)} / ${fixed(idle.dbP99)}`],
        [`under ${args.concurrency} costly requests`, int(loaded.n), int(loaded.failed), fixed(loaded.p50), fixed(loaded.p90), fixed(loaded.p99), fixed(loaded.max), `${fixed(loaded.dbP50)} / ${fixed(loaded.dbP99)}`],
      ],
    ),
  );
  out('');
  const graphql = COSTLY.map((q, i) => ({ name: q.name, n: perQuery[i]!.ms.length, errors: perQuery[i]!.errors, p50: percentile(perQuery[i]!.ms, 50), p99: percentile(perQuery[i]!.ms, 99), sample: perQuery[i]!.sample }));
  out(table(['costly request', 'done', 'errors', 'p50 ms', 'p99 ms'], graphql.map((g) => [g.name, int(g.n), int(g.errors), fixed(g.p50), fixed(g.p99)])));
  for (const g of graphql.filter((x) => x.errors)) out(`  ${g.name}: first error: ${g.sample.slice(0, 200)}`);
  out(`RESULT ${JSON.stringify({ size: args.size, seconds: args.seconds, concurrency: args.concurrency, readyz: { idle, loaded }, graphql })}`);
}

runBench(USAGE, parse, bench);
