/**
 * `npm run bench:graphql [-- --size N] [--seed S] [--keep | --reuse DB] [--duration S] [--connections C] [--warmup S]`
 *
 * Loads N dossiers (default 1 000 000) into a scratch store with COPY, then serves it
 * three ways, each in a Node process of its own: the hub's GraphQL API, PostGraphile 4
 * (connection-filter) over equivalent views and a function, and a plain node:http + pg
 * endpoint with hand-written SQL. Checks once that the three give the same answers, then
 * loads each with autocannon (in this process; 10 connections, 10 s, after a warm-up) on
 * (a) the first 50 dossiers by accepted time with agency and procedure names, (b) a
 * filtered count for one agency and status, (c) the 2025 on-time and online rates by
 * agency. Prints req/s and p50/p99 side by side, then `RESULT {json}` as the last line.
 * A benchmark: it asserts nothing on time. See bench/README.md.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { type GraphqlBenchArgs, parseGraphqlBenchArgs, USAGE } from './graphql/args';
import { runLoad, type LoadResult, waitIdle } from './graphql/loadgen';
import { installPostgraphileSchema } from './graphql/postgraphile-schema';
import { benchQueries, difference, type QueryKey, type QueryParams } from './graphql/queries';
import { ChildServer, SERVER_KINDS, SERVER_LABELS, type ServerKind } from './graphql/servers';
import { createAndLoad, DATASET_NOW, databaseUrl, type LoadFacts, scratchName } from './graphql/store';
import { fixed, int, table } from './support/report';
import { Cleanup } from './support/cleanup';
import { dropDatabase, redactUrl } from './support/scratch-db';

const out = (line = '') => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

/** The status of query (b): RETURNED, the most common end state. */
const STATUS = { name: 'RETURNED', code: 10 };
const YEAR = { from: '2025-01-01', to: '2026-01-01' };

interface Row {
  query: QueryKey;
  server: ServerKind;
  result: LoadResult;
  /** The hub's indicator answer cache during the run (hub rows only). */
  cache: CacheLookups | null;
}

type CacheLookups = { hit: number; miss: number; bypass: number };

/** The hub's indicator answer cache counters, from its /metrics. */
async function cacheLookups(graphqlUrl: string): Promise<CacheLookups> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const count = (outcome: string) => Number(new RegExp(`^hub_indicator_cache_requests_total\\{outcome="${outcome}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss'), bypass: count('bypass') };
}
const lookupsBetween = (a: CacheLookups, b: CacheLookups): CacheLookups => ({ hit: b.hit - a.hit, miss: b.miss - a.miss, bypass: b.bypass - a.bypass });

async function main(): Promise<number> {
  let args: GraphqlBenchArgs | null;
  try {
    args = parseGraphqlBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (!args) {
    out(USAGE);
    return 0;
  }
  const cleanup = new Cleanup();
  const controller = new AbortController();
  const stop: { by: NodeJS.Signals | null } = { by: null };
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop.by) {
      process.stderr.write(`\n${sig} again: cleaning up now\n`);
      void cleanup.run().finally(() => process.exit(130));
      return;
    }
    stop.by = sig;
    process.stderr.write(`\n${sig}: stopping the servers and dropping the scratch database (${sig} again to hurry)…\n`);
    controller.abort(new Error(`interrupted by ${sig}`));
    // A load run cannot be interrupted; clean up after at most its length.
    setTimeout(() => void cleanup.run().finally(() => process.exit(130)), 15_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await bench(args, cleanup, controller.signal);
    return 0;
  } catch (error) {
    if (stop.by) {
      process.stderr.write(`interrupted (${stop.by})\n`);
      return 130;
    }
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

async function bench(args: GraphqlBenchArgs, cleanup: Cleanup, signal: AbortSignal): Promise<void> {
  const checkAbort = () => {
    if (signal.aborted) throw signal.reason;
  };
  const started = Date.now();

  // ---------------------------------------------------------------- the store
  const dbName = args.reuse ?? scratchName();
  const dbUrl = databaseUrl(dbName);
  let load: LoadFacts | null = null;
  if (args.reuse) {
    note(`reusing ${redactUrl(dbUrl)} (not loaded, not dropped)`);
  } else {
    cleanup.add('drop the scratch database', async () => {
      if (args.keep) note(`kept the scratch database: ${redactUrl(dbUrl)} (rerun with --reuse ${dbName}; drop it with: dropdb ${dbName})`);
      else await dropDatabase(dbUrl);
    });
    note(`creating ${redactUrl(dbUrl)} and loading ${int(args.size)} dossiers…`);
    load = await createAndLoad(dbUrl, { size: args.size, seed: args.seed, signal });
  }
  checkAbort();

  const monitor = new Client({ connectionString: dbUrl });
  await monitor.connect();
  cleanup.add('close the monitor connection', () => monitor.end());
  const counts = (await monitor.query<{ dossiers: number; agencies: number; procedures: number; accepted2025: number }>(
    `select (select count(*)::int from hub.dossier) as dossiers, (select count(*)::int from hub.agency) as agencies,
            (select count(*)::int from hub.procedure) as procedures,
            (select count(*)::int from hub.dossier where received_at >= '${YEAR.from}T00:00:00+07' and received_at < '${YEAR.to}T00:00:00+07') as "accepted2025"`,
  )).rows[0]!;
  if (!counts.dossiers) throw new Error(`${dbName} holds no dossiers`);
  const facts = (await monitor.query<Record<string, string>>(
    `select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers, current_setting('work_mem') as work_mem,
            current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as parallel, pg_size_pretty(pg_total_relation_size('hub.dossier')) as dossier_size`,
  )).rows[0]!;

  note('creating the PostGraphile views and function (schema bench_pg)…');
  await installPostgraphileSchema(monitor);

  // (b): the agency with the most dossiers in that status, the heaviest honest count.
  const pick = await monitor.query<{ agency_code: string; n: number }>(
    `select agency_code, count(*)::int as n from hub.dossier where status = $1 group by 1 order by 2 desc, 1 limit 1`,
    [STATUS.code],
  );
  const params: QueryParams = { agencyCode: pick.rows[0]?.agency_code ?? 'none', status: STATUS, ...YEAR };
  const queries = benchQueries(params);

  // ---------------------------------------------------------------- the servers
  const servers = new Map<ServerKind, ChildServer>();
  for (const kind of SERVER_KINDS) {
    note(`starting ${SERVER_LABELS[kind]}…`);
    const server = await ChildServer.start(kind, dbUrl);
    cleanup.add(`stop the ${kind} server`, () => server.stop());
    servers.set(kind, server);
    checkAbort();
  }
  const serverOf = (kind: ServerKind) => servers.get(kind)!;

  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const load1 = loadavg()[0] ?? 0;
  out(`GraphQL read benchmark: ${int(counts.dossiers)} dossiers (${int(counts.accepted2025)} accepted in 2025), ${counts.agencies} agencies, ${counts.procedures} procedures; hub.dossier ${facts.dossier_size}`);
  out(
    `machine: ${cores} cores (${cpuModel}), ${fixed(totalmem() / 2 ** 30)} GiB RAM, load average ${fixed(load1, 2)} at start; Node ${process.version}; PostgreSQL ${facts.version} (shared_buffers ${facts.shared_buffers}, work_mem ${facts.work_mem}, jit ${facts.jit}, max_parallel_workers_per_gather ${facts.parallel})`,
  );
  if (load) {
    out(
      `store: ${int(load.dossiers)} dossiers generated (McdtDataset seed ${args.seed}, clock ${DATASET_NOW.toISOString()}) and COPYed in ${fixed(load.copySeconds)} s, indexes ${fixed(load.indexSeconds)} s, vacuum analyze ${fixed(load.analyzeSeconds)} s${load.skipped ? `; ${load.skipped} did not map` : ''}; indicator roll-ups built in ${fixed(load.rollup.ms / 1000)} s (${int(load.rollup.dayRows)} day rows, ${int(load.rollup.monthRows)} month rows)`,
    );
  } else {
    out(`store: reused database ${dbName}`);
  }
  out(`servers: each in its own Node process (pool of 10 connections), NODE_ENV=production; load generator: autocannon in the parent process, ${args.connections} connections, ${args.duration} s per run after ${args.warmup} s of warm-up`);
  if (load1 > 0.5) out(`WARNING: the machine was not idle at start (load average ${fixed(load1, 2)}): other work shares its ${cores} cores`);
  out('');

  // ---------------------------------------------------------------- same answers?
  const expected = new Map<string, string>();
  /** Per query, the slowest server's time for one request alone (the second of two). */
  const alone = new Map<QueryKey, number>();
  const mismatches: string[] = [];
  const serversOf = (q: (typeof queries)[number]) => q.servers ?? SERVER_KINDS;
  const hubAnswers = new Map<QueryKey, unknown>();
  for (const q of queries) {
    const answers = new Map<ServerKind, unknown>();
    for (const kind of serversOf(q)) {
      const req = q.request(kind);
      let text = '';
      for (let attempt = 0; attempt < 2; attempt++) {
        const sent = performance.now();
        const response = await fetch(serverOf(kind).url + req.path, { method: req.method, headers: { ...req.headers, ...serverOf(kind).headers }, body: req.body, signal });
        text = await response.text();
        if (!response.ok) throw new Error(`${kind} answered ${q.label} with HTTP ${response.status}: ${text.slice(0, 500)}`);
        if (attempt === 1) alone.set(q.key, Math.max(alone.get(q.key) ?? 0, performance.now() - sent));
      }
      try {
        answers.set(kind, q.answer(kind, JSON.parse(text)));
      } catch (error) {
        throw new Error(`${kind} answered ${q.label} with ${text.slice(0, 500)}: ${(error as Error).message}`, { cause: error });
      }
      expected.set(`${q.key}/${kind}`, text);
    }
    // (c0) answers what (c) answers, on demand: checked against the hub's (c).
    const hub = answers.get('hub') ?? hubAnswers.get('c');
    hubAnswers.set(q.key, hub);
    for (const kind of serversOf(q).filter((k) => k !== 'hub')) {
      const diff = difference(hub, answers.get(kind));
      if (diff) mismatches.push(`${q.label}: hub against ${kind}: ${diff}`);
    }
    const size = Array.isArray(hub) ? `${hub.length} rows` : `${JSON.stringify(hub)}`;
    note(`  ${q.label}: ${size}; ${fixed(alone.get(q.key) ?? NaN, 0)} ms alone (slowest server)`);
  }
  if (mismatches.length) for (const m of mismatches) out(`answers differ: ${m}`);
  else out('answers match (the three servers give the same rows, counts and indicator values; the roll-ups the same values as the on-demand formulas)');
  out('');

  // ---------------------------------------------------------------- load
  const rows: Row[] = [];
  // The servers take turns in a rotated order per query, so none is always first or last.
  const orderFor = (i: number, q: (typeof queries)[number]) => SERVER_KINDS.map((_, k) => SERVER_KINDS[(k + i) % SERVER_KINDS.length]!).filter((k) => serversOf(q).includes(k));
  const byCount = new Map<QueryKey, number>();
  for (const q of queries) {
    // An answer so slow that a timed run would see fewer than two rounds of all connections
    // (at one request per core at a time) is measured by count instead: two requests per connection.
    const expectedResponses = (args.duration * 1000 * cores) / (alone.get(q.key) ?? 1);
    if (expectedResponses < 2 * args.connections) byCount.set(q.key, 2 * args.connections);
  }
  for (const [i, q] of queries.entries()) {
    const amount = byCount.get(q.key);
    for (const kind of orderFor(i, q)) {
      checkAbort();
      const server = serverOf(kind);
      const req = { ...q.request(kind), headers: { ...q.request(kind).headers, ...server.headers } };
      await waitIdle(monitor);
      // A slow answer's warm-up is the two requests of the answer check.
      if (args.warmup > 0 && amount === undefined) {
        note(`  ${q.key} ${kind}: warm-up ${args.warmup} s…`);
        await runLoad(server.url, req, { connections: args.connections, duration: args.warmup });
        await waitIdle(monitor);
      }
      note(`  ${q.key} ${kind}: ${amount === undefined ? `${args.duration} s` : `${amount} requests`}…`);
      const cacheBefore = kind === 'hub' ? await cacheLookups(server.url) : null;
      const result = await runLoad(
        server.url,
        req,
        { connections: args.connections, duration: args.duration, amount, expectBody: expected.get(`${q.key}/${kind}`) },
        { serverPid: server.pid, monitor },
      );
      rows.push({ query: q.key, server: kind, result, cache: cacheBefore && lookupsBetween(cacheBefore, await cacheLookups(server.url)) });
      note(`  ${q.key} ${kind}: ${fixed(result.rps)} req/s, p50 ${fixed(result.p50)} ms, p99 ${fixed(result.p99)} ms, ${result.errors} errors`);
    }
  }
  await waitIdle(monitor);

  // ---------------------------------------------------------------- report
  const byKey = (q: QueryKey, s: ServerKind) => rows.find((r) => r.query === q && r.server === s)!.result;
  const ms = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'));
  const rate = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : int(v));
  const tableRows: string[][] = [];
  for (const q of queries) {
    for (const kind of serversOf(q)) {
      const r = byKey(q.key, kind);
      const vsPg = !serversOf(q).includes('postgraphile') ? '–' : kind === 'postgraphile' ? '1.00' : fixed(r.rps / byKey(q.key, 'postgraphile').rps, 2);
      tableRows.push([
        kind === serversOf(q)[0] ? `${q.label}${byCount.has(q.key) ? ` [${byCount.get(q.key)} requests]` : ''}` : '',
        kind,
        rate(r.rps),
        ms(r.p50),
        ms(r.p99),
        String(r.errors),
        vsPg,
        ms(r.cpuMsPerRequest.server),
        ms(r.cpuMsPerRequest.postgres),
        r.machineBusy === null ? '–' : `${Math.round(100 * r.machineBusy)}%`,
      ]);
    }
  }
  out(table(['query', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× PostGraphile', 'server CPU ms/req', 'pg CPU ms/req', 'machine busy'], tableRows));
  out(`  req/s: responses ÷ run seconds (${args.duration} s runs; [N requests]: an answer too slow for that, measured over N requests instead); p50/p99: autocannon latency;`);
  out('  errors: connection errors and timeouts + non-2xx + bodies other than the checked answer.');
  out('  × PostGraphile: req/s against PostGraphile\'s. server CPU: the server\'s Node process; pg CPU: this database\'s client backends (not parallel workers), per response.');
  for (const kind of SERVER_KINDS) out(`  ${kind}: ${SERVER_LABELS[kind]}, ready in ${fixed(serverOf(kind).startupMs / 1000, 1)} s`);
  const hitRate = (c: CacheLookups) => (c.hit + c.miss + c.bypass > 0 ? c.hit / (c.hit + c.miss + c.bypass) : null);
  for (const r of rows.filter((r) => r.cache && r.cache.hit + r.cache.miss + r.cache.bypass > 0)) {
    const c = r.cache!;
    out(`  hub indicator answer cache, ${r.query}: ${fixed(100 * hitRate(c)!, 1)}% hits (${int(c.hit)} hits, ${int(c.miss)} misses, ${int(c.bypass)} bypassed)`);
  }
  out('');
  const compared = queries.filter((q) => serversOf(q).includes('hub') && serversOf(q).includes('postgraphile'));
  const behind = compared.filter((q) => byKey(q.key, 'hub').rps < byKey(q.key, 'postgraphile').rps || byKey(q.key, 'hub').p99 > byKey(q.key, 'postgraphile').p99);
  const rollups = byKey('c', 'hub');
  const onDemand = byKey('c0', 'plain');
  const speedup = rollups.rps / onDemand.rps;
  const indicatorAim = speedup >= 100 && rollups.p50 < 20;
  out(
    `aim: hub at or above PostGraphile's req/s with p99 at or below its p99 on every query: ${behind.length ? `not met (${behind.map((q) => `${q.key} ${fixed(byKey(q.key, 'hub').rps / byKey(q.key, 'postgraphile').rps, 2)}×, p99 ${ms(byKey(q.key, 'hub').p99)} against ${ms(byKey(q.key, 'postgraphile').p99)} ms`).join('; ')})` : 'met'}`,
  );
  out(
    `aim: indicators from the roll-ups (hub, c) at ≥ 100× the on-demand SQL's req/s (plain, c0) with p50 < 20 ms: ${indicatorAim ? 'met' : 'not met'} (${fixed(speedup, 0)}×: ${rate(rollups.rps)} against ${rate(onDemand.rps)} req/s; p50 ${ms(rollups.p50)} ms)`,
  );
  out(`total ${fixed((Date.now() - started) / 1000, 0)} s`);

  const round = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(d)));
  const result = {
    size: counts.dossiers,
    seed: args.reuse ? null : args.seed,
    reused: args.reuse,
    connections: args.connections,
    durationSeconds: args.duration,
    warmupSeconds: args.warmup,
    params,
    answersMatch: mismatches.length === 0,
    mismatches,
    machine: { cores, cpu: cpuModel, memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)), loadAverageAtStart: round(load1), node: process.version, postgres: facts.version, sharedBuffers: facts.shared_buffers, jit: facts.jit },
    load: load && { copySeconds: round(load.copySeconds, 1), indexSeconds: round(load.indexSeconds, 1), analyzeSeconds: round(load.analyzeSeconds, 1) },
    aloneMs: Object.fromEntries([...alone].map(([k, v]) => [k, round(v, 1)])),
    runs: rows.map((r) => ({
      query: r.query,
      server: r.server,
      byCount: byCount.get(r.query) ?? null,
      seconds: round(r.result.seconds, 1),
      requests: r.result.requests,
      rps: round(r.result.rps),
      p50Ms: round(r.result.p50),
      p99Ms: round(r.result.p99),
      errors: r.result.errors,
      serverCpuMsPerRequest: round(r.result.cpuMsPerRequest.server, 3),
      pgCpuMsPerRequest: round(r.result.cpuMsPerRequest.postgres, 3),
      loadgenCpuMsPerRequest: round(r.result.cpuMsPerRequest.loadgen, 3),
      machineBusy: round(r.result.machineBusy),
      indicatorCache: r.cache && { ...r.cache, hitRate: round(hitRate(r.cache), 4) },
    })),
    aimMet: behind.length === 0,
    indicatorSpeedup: round(speedup, 1),
    indicatorAimMet: indicatorAim,
    rollupBuild: load && { seconds: round(load.rollup.ms / 1000, 1), dossiers: load.rollup.dossiers, dayRows: load.rollup.dayRows, monthRows: load.rollup.monthRows },
  };
  out(`RESULT ${JSON.stringify(result)}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
