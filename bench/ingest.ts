/**
 * `npm run bench:ingest [-- --size N | --full] [--seed S] [--keep] [--no-audit-log | --audit-cost]`
 *
 * Loads N dossiers from the MCĐT simulator (a child process) through the hub's whole
 * ingest path (`runStream`: HTTP → map → lineage + unified rows + checkpoint per batch),
 * re-syncs with 1% changed, syncs the portal's copies of those dossiers (from the DVC
 * simulator, linked against the loaded store), and loads the same unified rows with `COPY … FROM STDIN`
 * into a scratch table as the physical limit. With `--audit-cost`, the first load is also
 * run without the audit log into a scratch database of its own, and both are printed
 * side by side. Prints records/s and the ratio to COPY,
 * then `RESULT {json}` as the last line of stdout. A benchmark: it asserts nothing on time.
 * See bench/README.md.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { MappingError } from '../connectors/errors';
import { mapDossier } from '../connectors/mcdt/map';
import { localDay } from '../connectors/normalise';
import { getConnector } from '../connectors/registry';
import type { ReadContext } from '../connectors/types';
import { upsertConnector } from '../src/cli/connectors';
import { initOrm } from '../src/db/orm';
import { validateConnectorConfig } from '../src/engine/connector-config';
import { openConfig } from '../src/secrets/connector-secrets';
import { type ConnectorRef, runStream, type RunSummary } from '../src/engine/run-stream';
import type { DossierRecord } from '../src/model/records';
import { DEFAULT_HISTORY_FROM } from '../src/simulators/mcdt/dataset';
import { inTransaction, withPgClient } from '../src/store/pg';
import { bulkUpsert } from '../src/store/writers/bulk-upsert';
import { type BenchArgs, parseBenchArgs, USAGE } from './support/args';
import { Cleanup } from './support/cleanup';
import { CopyFile, copyLine, referenceUpsertSpec, timedCopy } from './support/copy';
import { CpuMeter, type CpuSample, type CpuSpent, percentile, SqlMeter, type SqlSnapshot } from './support/meter';
import { fixed, int, ProgressLine, table } from './support/report';
import { createScratchDatabase, dropDatabase, isLocalServer, redactUrl, scratchDatabaseUrl } from './support/scratch-db';
import { ChildSimulator } from './support/simulator';

const API_KEY = 'bench-mcdt-key';
const CONNECTOR_NAME = 'bench-mcdt';
const PAGE_SIZE = 500;
/** Rows a listing window should hold: ~20 pages, so few windows end on a part-filled page. */
const ROWS_PER_WINDOW = 10_000;
const COPY_TABLE = 'bench_copy';
const UPSERT_TABLE = 'bench_upsert';

type PhaseKey = 'firstLoad' | 'resyncFull' | 'resyncIncremental' | 'portalLink' | 'insertUnnest' | 'copy' | 'copyIndexed';

interface Phase {
  key: PhaseKey;
  label: string;
  records: number;
  seconds: number;
  /** Records the run found changed (re-syncs), and how many the simulator changed. */
  updated?: number;
  mutated?: number;
  /** Per-batch transaction latency (begin → commit answered), ms. */
  txn: number[];
  cpu: CpuSpent | null;
  sql: SqlSnapshot | null;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stdout.write(`WARNING: ${line}\n`);
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const rate = (p: Phase) => (p.seconds > 0 ? p.records / p.seconds : NaN);

/** Days per listing window so that a window holds about ROWS_PER_WINDOW dossiers. */
function windowDaysFor(size: number, startDate: string, today: string): number {
  const days = Math.max(1, (Date.parse(today) - Date.parse(startDate)) / 86_400_000 + 1);
  return Math.min(366, Math.max(1, Math.round(ROWS_PER_WINDOW / (size / days))));
}

async function main(): Promise<number> {
  let args: BenchArgs | null;
  try {
    args = parseBenchArgs(process.argv.slice(2));
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
  const signal = controller.signal;
  const stop: { by: NodeJS.Signals | null } = { by: null };
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop.by) {
      process.stderr.write(`\n${sig} again: cleaning up now\n`);
      void cleanup.run().finally(() => process.exit(130));
      return;
    }
    stop.by = sig;
    process.stderr.write(`\n${sig}: stopping, dropping the scratch database and the simulator (${sig} again to hurry)…\n`);
    controller.abort(new Error(`interrupted by ${sig}`));
    // If the current step does not notice the abort soon, clean up regardless.
    setTimeout(() => void cleanup.run().finally(() => process.exit(130)), 15_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const checkAbort = () => {
    if (signal.aborted) throw signal.reason;
  };

  try {
    await bench(args, cleanup, signal, checkAbort);
    return 0;
  } catch (error) {
    if (stop.by) {
      process.stderr.write(`interrupted (${stop.by}); nothing is left behind${args.keep ? ' but the kept database' : ''}\n`);
      return 130;
    }
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

async function bench(args: BenchArgs, cleanup: Cleanup, signal: AbortSignal, checkAbort: () => void): Promise<void> {
  const { size, seed } = args;
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  out(`MCĐT ingest benchmark: ${int(size)} dossiers, seed ${seed}`);

  // ---------------------------------------------------------------- set-up (untimed)
  process.stderr.write(`starting the simulator (${int(size)} dossiers)…\n`);
  // One clock for both simulators, so the portal holds copies of the one-stop-shop's dossiers.
  const simNow = new Date();
  const sim = await ChildSimulator.start({ size, seed, apiKey: API_KEY, now: simNow });
  cleanup.add('stop the simulator', () => sim.stop());
  const portalSim = await ChildSimulator.start({ system: 'dvc', size, seed, apiKey: API_KEY, now: simNow });
  cleanup.add('stop the portal simulator', () => portalSim.stop());
  checkAbort();

  const dbUrl = scratchDatabaseUrl();
  process.stderr.write(`creating and migrating ${redactUrl(dbUrl)}…\n`);
  cleanup.add('drop the scratch database', async () => {
    if (args.keep) process.stderr.write(`kept the scratch database: ${redactUrl(dbUrl)} (drop it with: dropdb ${new URL(dbUrl).pathname.slice(1)})\n`);
    else await dropDatabase(dbUrl);
  });
  await createScratchDatabase(dbUrl);
  checkAbort();
  if (!args.auditLog) await dropAuditLogObjects(dbUrl);

  const orm: MikroORM = await initOrm(dbUrl);
  cleanup.add('close the ORM', () => orm.close(true));
  const sqlMeter = new SqlMeter();
  sqlMeter.install(orm);

  // A connection of its own for facts and process ids, so the meter sees only the engine's SQL.
  const monitor = new Client({ connectionString: dbUrl });
  await monitor.connect();
  cleanup.add('close the monitor connection', () => monitor.end());
  const facts = (await monitor.query<{ version: string; sync: string; buffers: string; autovacuum: string }>(
    `select current_setting('server_version') as version, current_setting('synchronous_commit') as sync,
       current_setting('shared_buffers') as buffers, current_setting('autovacuum') as autovacuum`,
  )).rows[0]!;
  const postgresPids = isLocalServer(dbUrl)
    ? async () => (await monitor.query<{ pid: number }>('select pid from pg_stat_activity where (datname = current_database() or datname is null) and pid <> pg_backend_pid()')).rows.map((r) => r.pid)
    : null;
  const cpuMeter = new CpuMeter(sim.pid, postgresPids);

  const startDate = localDay(DEFAULT_HISTORY_FROM);
  const today = localDay(new Date());
  const windowDays = windowDaysFor(size, startDate, today);
  const config = { baseUrl: sim.url, apiKey: API_KEY, startDate, windowDays, pageSize: PAGE_SIZE };
  const instance = await upsertConnector(orm.em.fork(), { name: CONNECTOR_NAME, kind: 'mcdt', config });
  const ref: ConnectorRef = { id: instance.id, name: instance.name, kind: instance.kind, config: instance.config };

  out(`audit log: ${args.auditLog ? "on (run manifests, their index, append-only raw versions)" : "OFF (--no-audit-log): measuring its cost"}`);
  out(`machine: ${cores} cores (${cpuModel}), ${fixed(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, PostgreSQL ${facts.version} (synchronous_commit=${facts.sync}, shared_buffers=${facts.buffers}, autovacuum=${facts.autovacuum})`);
  const loadAtStart = loadavg()[0] ?? 0;
  out(`simulator: pid ${sim.pid}, ${sim.url}, ready in ${fixed(sim.startupMs / 1000)} s; connector: pageSize ${PAGE_SIZE}, windowDays ${windowDays}, startDate ${startDate}`);
  out('');

  // The catalogues first, untimed: the dossiers refer to them.
  for (const stream of ['agencies', 'procedures']) await runStream({ orm, connector: ref, stream, signal, auditLog: args.auditLog });

  const sql = (text: string, params: unknown[] = []) => withPgClient(orm, (c) => c.query(text, params));
  /** A checkpoint before each timed phase, so none pays for the previous one's dirty pages. */
  const settle = () => monitor.query('checkpoint').catch(() => undefined);
  const phases: Phase[] = [];

  const measure = async <T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: CpuSpent; sql: SqlSnapshot }> => {
    await settle();
    checkAbort();
    sqlMeter.take();
    const before: CpuSample = await cpuMeter.sample();
    const started = performance.now();
    const value = await fn();
    const seconds = (performance.now() - started) / 1000;
    const after = await cpuMeter.sample();
    return { value, seconds, cpu: CpuMeter.spent(before, after), sql: sqlMeter.take() };
  };

  const syncDossiers = (label: string) =>
    measure(async () => {
      const progress = new ProgressLine(label);
      let last = 0;
      const summary: RunSummary = await runStream({
        orm,
        connector: ref,
        stream: 'dossiers',
        signal,
        auditLog: args.auditLog,
        onProgress: (p) => {
          last = p.read;
          progress.update(p.read, p.message);
        },
      });
      progress.done(last, summary.status);
      return summary;
    });

  // ---------------------------------------------------------------- --audit-cost: the first load without the log, apart
  const withoutLog = args.auditCost ? await firstLoadWithoutAuditLog({ config, simulatorPid: sim.pid, keep: args.keep, signal, cleanup }) : null;

  // ---------------------------------------------------------------- phase 1: first load
  const first = await syncDossiers('first load');
  phases.push({ key: 'firstLoad', label: 'first load (runStream)', records: first.value.read, seconds: first.seconds, txn: first.sql.transactions, cpu: first.cpu, sql: first.sql });
  if (first.value.inserted !== size || first.value.read !== size) {
    warn(`the first load read ${first.value.read} and inserted ${first.value.inserted} records, expected ${size} (quarantined ${first.value.failed}, status ${first.value.status})`);
  }
  const stored = Number((await sql('select count(*)::int8 as n from hub.dossier')).rows[0]?.n ?? 0);
  if (stored !== size) warn(`hub.dossier holds ${stored} rows after the first load, expected ${size}`);
  // What autovacuum would have done by now on a normal server: without statistics the planner
  // turns the writer's `delete … where dossier_id = any($1)` into a scan of every event.
  const analyzeStarted = performance.now();
  await monitor.query('analyze');
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;

  // ---------------------------------------------------------------- phase 2: re-sync, 1% changed
  const mutateCount = Math.max(1, Math.round(size / 100));
  const mutate = async () => {
    const answer = await sim.control<{ mutated: string[] }>({ action: 'mutate', count: mutateCount });
    return answer.mutated.length;
  };
  // (a) the whole listing read again from startDate: the cost of an unchanged record.
  const mutatedA = await mutate();
  await sql('delete from ops.stream_state where connector_id = $1 and stream = $2', [ref.id, 'dossiers']);
  const full = await syncDossiers('re-sync, full re-read');
  phases.push({ key: 'resyncFull', label: 're-sync, 1% changed, full re-read', records: full.value.read, seconds: full.seconds, updated: full.value.updated, mutated: mutatedA, txn: full.sql.transactions, cpu: full.cpu, sql: full.sql });
  if (full.value.updated !== mutatedA) warn(`the full re-sync updated ${full.value.updated} records, but the simulator changed ${mutatedA}`);
  if (full.value.read !== size) warn(`the full re-sync read ${full.value.read} records, expected ${size}`);

  // (b) the scheduled case: from the checkpoint, i.e. the lookback days only.
  const mutatedB = await mutate();
  const incr = await syncDossiers('re-sync, incremental');
  phases.push({ key: 'resyncIncremental', label: 're-sync, 1% changed, from checkpoint', records: incr.value.read, seconds: incr.seconds, updated: incr.value.updated, mutated: mutatedB, txn: incr.sql.transactions, cpu: incr.cpu, sql: incr.sql });
  if (incr.value.updated !== mutatedB) warn(`the incremental re-sync updated ${incr.value.updated} records, but the simulator changed ${mutatedB}`);

  // ---------------------------------------------------------------- phase 2b: the portal's copies
  // Linked against the one-stop-shop store loaded above (same size): each copy goes
  // through the link rules, and the dossiers it joins take the portal's fields.
  const portal = await upsertConnector(orm.em.fork(), {
    name: 'bench-dvc',
    kind: 'dvc',
    config: { baseUrl: portalSim.url, username: 'bench', password: API_KEY, agencyCode: '000.00.00.H06', startDate, windowDays, pageSize: 200 },
  });
  const portalRef: ConnectorRef = { id: portal.id, name: portal.name, kind: portal.kind, config: portal.config };
  for (const stream of ['agencies', 'procedures']) await runStream({ orm, connector: portalRef, stream, signal, auditLog: args.auditLog });
  const linked = await measure(async () => {
    const progress = new ProgressLine('portal copies, linked');
    let last = 0;
    const summary = await runStream({ orm, connector: portalRef, stream: 'dossiers', signal, auditLog: args.auditLog, onProgress: (p) => progress.update((last = p.read), p.message) });
    progress.done(last, summary.status);
    return summary;
  });
  phases.push({ key: 'portalLink', label: `portal copies linked to ${int(size)} dossiers`, records: linked.value.read, seconds: linked.seconds, txn: linked.sql.transactions, cpu: linked.cpu, sql: linked.sql });
  const [links] = (await sql(`select count(*)::int as n, count(*) filter (where rule = 'PORTAL_ONLY')::int as portal_only from hub.dossier_link`)).rows as { n: number; portal_only: number }[];
  if (links!.n !== linked.value.inserted) warn(`${links!.n} links for ${linked.value.inserted} portal copies`);

  // ---------------------------------------------------------------- phase 3: references
  await sql(`create table ${COPY_TABLE} (like hub.dossier including defaults)`);
  // The honest limit: a table like hub.dossier with all its indexes, constraints and generated columns.
  await sql(`create table ${COPY_TABLE}_indexed (like hub.dossier including all)`);
  await sql(`create table ${UPSERT_TABLE} (like hub.dossier including all)`);
  const copyFile = new CopyFile();
  cleanup.add('remove the COPY file', () => copyFile.remove());

  // One pass over the same windows: fetch and map untimed; the reference upsert of each
  // page (hub.dossier's writer alone, one transaction a page like the engine) timed.
  const dossiers = getConnector('mcdt').streams.find((s) => s.definition.name === 'dossiers')!;
  const ctx: ReadContext = { signal, now: () => new Date(), log: () => undefined };
  // The stored config, defaults filled in by the schema (pageOverlap, lookbackDays, …), as runStream reads it.
  const readConfig = validateConnectorConfig(getConnector('mcdt'), openConfig(getConnector('mcdt'), ref.config));
  const meta = { sourceSystem: 'mcdt', runId: first.value.runId };
  const upsertSpec = referenceUpsertSpec(UPSERT_TABLE);
  let upsertSeconds = 0;
  let encodeSeconds = 0;
  let fetched = 0;
  let badRecords = 0;
  const upsertTxn: number[] = [];
  await settle();
  const fetchProgress = new ProgressLine('fetch + map for the references (untimed), the hub dossier upsert (timed)');
  const refBefore = await cpuMeter.sample();
  sqlMeter.take();
  for await (const msg of dossiers.read(readConfig, null, ctx)) {
    if (msg.type !== 'records') continue;
    const records: DossierRecord[] = [];
    for (const r of msg.records) {
      try {
        records.push(mapDossier(r.payload));
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        badRecords++;
      }
    }
    fetched += msg.records.length;
    const encodeStart = performance.now();
    copyFile.append(records.map((r) => copyLine(r, meta)).join(''), records.length);
    encodeSeconds += (performance.now() - encodeStart) / 1000;
    const started = performance.now();
    await inTransaction(orm, (client) => bulkUpsert(client, upsertSpec, records, meta));
    const took = performance.now() - started;
    upsertSeconds += took / 1000;
    upsertTxn.push(took);
    fetchProgress.update(fetched);
  }
  fetchProgress.done(fetched);
  copyFile.close();
  const refCpu = CpuMeter.spent(refBefore, await cpuMeter.sample());
  const upsertSql = sqlMeter.take();
  if (badRecords) warn(`${badRecords} dossiers did not map and are missing from the references`);
  const upserted = Number((await sql(`select count(*)::int8 as n from ${UPSERT_TABLE}`)).rows[0]?.n ?? 0);
  // The wall clock of the pass includes fetching; its CPU figures are not the upsert's alone.
  phases.push({ key: 'insertUnnest', label: 'hub upsert (COPY + merge), dossier only', records: upserted, seconds: upsertSeconds, txn: upsertTxn, cpu: null, sql: upsertSql });
  if (upserted !== copyFile.rows) warn(`${UPSERT_TABLE} holds ${upserted} rows, ${copyFile.rows} were upserted`);

  const copy = await measure(() => withPgClient(orm, (client) => timedCopy(client, COPY_TABLE, copyFile.path, signal)));
  phases.push({ key: 'copy', label: 'COPY FROM STDIN (the limit)', records: copy.value.rows, seconds: copy.value.seconds, txn: [], cpu: copy.cpu, sql: null });
  if (copy.value.rows !== copyFile.rows) warn(`COPY loaded ${copy.value.rows} rows, the file holds ${copyFile.rows}`);
  await settle();
  const copyIndexed = await measure(() => withPgClient(orm, (client) => timedCopy(client, `${COPY_TABLE}_indexed`, copyFile.path, signal)));
  phases.push({ key: 'copyIndexed', label: 'COPY FROM STDIN into a table like hub.dossier with its indexes', records: copyIndexed.value.rows, seconds: copyIndexed.value.seconds, txn: [], cpu: copyIndexed.cpu, sql: null });
  copyFile.remove();

  // ---------------------------------------------------------------- report
  const copyRate = rate(phases.find((p) => p.key === 'copy')!);
  const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)}` : '–');
  out('');
  out(
    table(
      ['phase', 'records', 'seconds', 'records/s', 'ratio to COPY', 'changed', 'txn p50 ms', 'txn p99 ms'],
      phases.map((p) => [
        p.label,
        int(p.records),
        fixed(p.seconds, 2),
        int(rate(p)),
        fixed(rate(p) / copyRate, 2),
        p.updated === undefined ? '' : `${int(p.updated)}/${int(p.mutated ?? 0)}`,
        ms(percentile(p.txn, 50)),
        ms(percentile(p.txn, 99)),
      ]),
    ),
  );
  out(`  after the first load the bench ran ANALYZE (${fixed(analyzeSeconds)} s, untimed), as autovacuum would have.`);
  out('  changed: records the run found changed / dossiers the simulator changed. txn: one batch (a page) from BEGIN to COMMIT answered.');
  out(`  the references' rows were fetched and mapped outside the timer; encoding them as COPY text took ${fixed(encodeSeconds, 2)} s (not in the COPY figure); ${int(copyFile.bytes / 2 ** 20)} MiB of COPY text.`);

  const firstRate = rate(phases[0]!);
  const fullRate = rate(phases[1]!);
  const auditCost = withoutLog
    ? {
        withLog: { records: phases[0]!.records, seconds: Number(phases[0]!.seconds.toFixed(3)), recordsPerSecond: Math.round(firstRate), cpuSeconds: phases[0]!.cpu ? { hub: round2(phases[0]!.cpu.hub), postgres: round2(phases[0]!.cpu.postgres) } : null },
        withoutLog: { records: withoutLog.records, seconds: Number(withoutLog.seconds.toFixed(3)), recordsPerSecond: Math.round(withoutLog.records / withoutLog.seconds), cpuSeconds: { hub: round2(withoutLog.cpu.hub), postgres: round2(withoutLog.cpu.postgres) } },
        ratio: Number((firstRate / (withoutLog.records / withoutLog.seconds)).toFixed(3)),
      }
    : null;
  if (auditCost) {
    out('');
    out('the audit log at the first load (each into its own fresh scratch database, the same simulator data; without it first in time, then the phase above):');
    const cpuOf = (c: { hub: number | null; postgres: number | null } | null) => (c ? [fixed(c.hub ?? NaN), c.postgres === null ? 'n/a' : fixed(c.postgres)] : ['n/a', 'n/a']);
    out(
      table(
        ['first load', 'records', 'seconds', 'records/s', 'CPU hub s', 'CPU postgres s'],
        [
          ['with the audit log', int(auditCost.withLog.records), fixed(auditCost.withLog.seconds, 2), int(auditCost.withLog.recordsPerSecond), ...cpuOf(auditCost.withLog.cpuSeconds)],
          ['without it', int(auditCost.withoutLog.records), fixed(auditCost.withoutLog.seconds, 2), int(auditCost.withoutLog.recordsPerSecond), ...cpuOf(auditCost.withoutLog.cpuSeconds)],
        ],
      ),
    );
    out(`  with / without: ${fixed(auditCost.ratio, 2)}× the records/s (1-minute load average ${fixed(loadavg()[0] ?? 0)}: on a busy machine compare the CPU seconds)`);
  }
  const portalRate = rate(phases.find((p) => p.key === 'portalLink')!);
  const aimPortal = portalRate / firstRate;
  const aimCopy = firstRate / copyRate;
  const aimCopyIndexed = firstRate / rate(phases.find((p) => p.key === 'copyIndexed')!);
  const aimResync = fullRate / firstRate;
  // Other work on the machine stretches every wall clock; CPU seconds (below) stay much steadier.
  // The bench itself keeps about one process running (its three processes take turns).
  const loadAtEnd = loadavg()[0] ?? 0;
  if (loadAtStart > cores / 2 || loadAtEnd > cores + 1) {
    warn(`the machine was busy besides this bench (1-minute load average ${fixed(loadAtStart)} at the start, ${fixed(loadAtEnd)} at the end, on ${cores} cores): the seconds and records/s are inflated; compare CPU seconds instead`);
  }
  out('');
  out(`aim: first load at ≥ 0.5× COPY into a table like hub.dossier with its indexes: ${fixed(aimCopyIndexed, 2)}× (${aimCopyIndexed >= 0.5 ? 'met' : 'not met'}); against the index-free COPY ${fixed(aimCopy, 2)}×`);
  out(`aim: re-sync (full re-read, 1% changed) ≥ 5× the first load's records/s: ${fixed(aimResync, 1)}× (${aimResync >= 5 ? 'met' : 'not met'})`);
  out(`aim: portal copies linked at ≥ the one-stop-shop first load's records/s: ${int(portalRate)} vs ${int(firstRate)} records/s, ${fixed(aimPortal, 2)}× (${aimPortal >= 1 ? 'met' : 'not met'}); ${int(links!.n)} links, ${int(links!.portal_only)} portal-only`);

  out('');
  out(`where the time went (CPU seconds per process; ${cores} cores give ${cores} CPU-seconds per wall second):`);
  const cpuLine = (c: CpuSpent | null) =>
    c ? `hub ${fixed(c.hub)}, simulator ${fixed(c.simulator)}, postgres ${fixed(c.postgres)}` : 'n/a';
  for (const p of phases) {
    if (p.key === 'insertUnnest') {
      out(`  ${p.label}: the pass that fetched, mapped and upserted took CPU ${cpuLine(refCpu)}`);
    } else {
      out(`  ${p.label}: wall ${fixed(p.seconds)} s; CPU ${cpuLine(p.cpu)}`);
    }
    if (p.sql && p.sql.byStatement.size) {
      const entries = [...p.sql.byStatement].sort((a, b) => b[1].seconds - a[1].seconds);
      const total = entries.reduce((s, [, v]) => s + v.seconds, 0);
      out(`    awaiting SQL ${fixed(total)} s (${fixed((100 * total) / p.seconds, 0)}% of wall): ${entries.slice(0, 6).map(([k, v]) => `${k} ${fixed(v.seconds)} s`).join(', ')}`);
    }
  }

  const result = {
    auditLog: args.auditLog,
    size,
    seed,
    pageSize: PAGE_SIZE,
    windowDays,
    machine: { cores, loadAverage: [Number(loadAtStart.toFixed(2)), Number(loadAtEnd.toFixed(2))], cpu: cpuModel, memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version, postgres: facts.version, synchronousCommit: facts.sync, autovacuum: facts.autovacuum },
    phases: phases.map((p) => ({
      phase: p.key,
      records: p.records,
      seconds: Number(p.seconds.toFixed(3)),
      recordsPerSecond: Math.round(rate(p)),
      ratioToCopy: Number((rate(p) / copyRate).toFixed(3)),
      ...(p.updated === undefined ? {} : { updated: p.updated, mutated: p.mutated }),
      txnP50Ms: p.txn.length ? Number(percentile(p.txn, 50).toFixed(1)) : null,
      txnP99Ms: p.txn.length ? Number(percentile(p.txn, 99).toFixed(1)) : null,
      cpuSeconds: p.key === 'insertUnnest' || !p.cpu ? null : { hub: round2(p.cpu.hub), simulator: round2(p.cpu.simulator), postgres: round2(p.cpu.postgres) },
      sqlSeconds: p.sql ? Object.fromEntries([...p.sql.byStatement].map(([k, v]) => [k, Number(v.seconds.toFixed(3))])) : null,
    })),
    ...(auditCost ? { auditCost } : {}),
    aims: { firstLoadToCopy: Number(aimCopy.toFixed(3)), firstLoadToCopyIndexed: Number(aimCopyIndexed.toFixed(3)), resyncToFirstLoad: Number(aimResync.toFixed(2)), portalToFirstLoad: Number(aimPortal.toFixed(2)) },
    today,
  };
  out(`RESULT ${JSON.stringify(result)}`);
}

/** What the audit log adds to the store besides its rows: the index of raw versions by run, and their append-only trigger. */
async function dropAuditLogObjects(dbUrl: string): Promise<void> {
  const admin = new Client({ connectionString: dbUrl });
  await admin.connect();
  try {
    await admin.query('drop index raw.source_record_version_run_id_index; drop trigger source_record_version_append_only on raw.source_record_version');
  } finally {
    await admin.end();
  }
}

/**
 * `--audit-cost`: the first load without the audit log (no manifests, checkpoints, field
 * digests, run index or append-only trigger), into a fresh scratch database of its own,
 * from the same simulator (its first load reads the same dossiers), timed as phase 1 is.
 */
async function firstLoadWithoutAuditLog(opts: { config: Record<string, unknown>; simulatorPid: number; keep: boolean; signal: AbortSignal; cleanup: Cleanup }): Promise<{ records: number; seconds: number; cpu: CpuSpent }> {
  const url = new URL(scratchDatabaseUrl());
  url.pathname += '_nolog';
  const dbUrl = url.toString();
  process.stderr.write(`creating and migrating ${redactUrl(dbUrl)} (the first load without the audit log)…\n`);
  opts.cleanup.add('drop the scratch database without the audit log', async () => {
    if (opts.keep) process.stderr.write(`kept the scratch database: ${redactUrl(dbUrl)} (drop it with: dropdb ${url.pathname.slice(1)})\n`);
    else await dropDatabase(dbUrl);
  });
  await createScratchDatabase(dbUrl);
  await dropAuditLogObjects(dbUrl);
  const orm = await initOrm(dbUrl);
  const monitor = new Client({ connectionString: dbUrl });
  await monitor.connect();
  try {
    const postgresPids = isLocalServer(dbUrl)
      ? async () => (await monitor.query<{ pid: number }>('select pid from pg_stat_activity where (datname = current_database() or datname is null) and pid <> pg_backend_pid()')).rows.map((r) => r.pid)
      : null;
    const cpuMeter = new CpuMeter(opts.simulatorPid, postgresPids);
    const instance = await upsertConnector(orm.em.fork(), { name: CONNECTOR_NAME, kind: 'mcdt', config: opts.config });
    const ref: ConnectorRef = { id: instance.id, name: instance.name, kind: instance.kind, config: instance.config };
    for (const stream of ['agencies', 'procedures']) await runStream({ orm, connector: ref, stream, signal: opts.signal, auditLog: false });
    await monitor.query('checkpoint').catch(() => undefined);
    const progress = new ProgressLine('first load, no audit log');
    let last = 0;
    const before = await cpuMeter.sample();
    const started = performance.now();
    const summary = await runStream({ orm, connector: ref, stream: 'dossiers', signal: opts.signal, auditLog: false, onProgress: (p) => progress.update((last = p.read), p.message) });
    const seconds = (performance.now() - started) / 1000;
    const cpu = CpuMeter.spent(before, await cpuMeter.sample());
    progress.done(last, summary.status);
    if (opts.signal.aborted) throw opts.signal.reason;
    return { records: summary.read, seconds, cpu };
  } finally {
    await monitor.end();
    await orm.close(true);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
