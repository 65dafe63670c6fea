/**
 * `npm run bench:clocks [-- --size N] [--seed S] [--keep]`
 *
 * Changes found over changes made, per source system, when the source's clock is 30
 * days behind or ahead of the hub's, beside a run with the clocks together. For each
 * system and clock: a first sync, `mutate` 2% of the records, one incremental sync;
 * a change counts as found when that sync stored a new version of the record. Also
 * prints how many records the incremental sync read (the price of the overlap).
 * Simulators run in this process; the hub's clock is the wall clock. Asserts nothing.
 */
import { parseArgs } from 'node:util';
import { upsertConnector } from '../src/cli/connectors';
import { initOrm, type MikroORM } from '../src/db/orm';
import { runStream } from '../src/engine/run-stream';
import { startDvcSimulator } from '../src/simulators/dvc/server';
import { startMcdtSimulator } from '../src/simulators/mcdt/server';
import { startQlvbSimulator } from '../src/simulators/qlvb/server';
import { withPgClient } from '../src/store/pg';
import { wholeNumberFlag } from './support/args';
import { Cleanup } from './support/cleanup';
import { int, table } from './support/report';
import { createScratchDatabase, dropDatabase, redactUrl, scratchDatabaseUrl } from './support/scratch-db';

const USAGE = `Usage: npm run bench:clocks -- [--size N] [--seed S] [--keep]

  --size N   one-stop-shop dossiers (default 5000; the portal and the document system scale with it)
  --seed S   simulator seed (default 9)
  --keep     keep the scratch database hub_bench_<pid>

Env: BENCH_DATABASE_URL (or DATABASE_URL): the PostgreSQL server to use.`;

const DAY = 86_400;
const CHANGED = 0.02;

interface Source {
  url: string;
  control(cmd: { action: string; [k: string]: unknown }): unknown;
  close(): Promise<void>;
}

interface System {
  kind: string;
  streams: string[];
  start(skew: number): Promise<Source>;
  config(url: string): Record<string, unknown>;
  /** Records the changed streams list now. */
  count(source: Source): number;
}

function systems(size: number, seed: number): System[] {
  return [
    {
      kind: 'mcdt',
      streams: ['dossiers'],
      start: (skew) => startMcdtSimulator({ seed, size, apiKey: 'k', clockSkewSeconds: skew }),
      config: (url) => ({ baseUrl: url, apiKey: 'k', startDate: '2024-01-01', pageSize: 500 }),
      count: (s) => (s.control({ action: 'stats' }) as { dossiers: number }).dossiers,
    },
    {
      kind: 'dvc',
      streams: ['dossiers'],
      start: (skew) => startDvcSimulator({ seed, size, username: 'u', password: 'p', clockSkewSeconds: skew }),
      config: (url) => ({ baseUrl: url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', pageSize: 200 }),
      count: (s) => (s.control({ action: 'stats' }) as { dossiers: number }).dossiers,
    },
    {
      kind: 'qlvb',
      streams: ['documents-incoming', 'documents-outgoing'],
      start: (skew) => startQlvbSimulator({ seed, size: Math.max(200, Math.round(size / 2)), mcdtSize: size, apiKey: 'k', clockSkewSeconds: skew }),
      config: (url) => ({ baseUrl: url, apiKey: 'k', startDate: '2024-01-01', pageSize: 500 }),
      count: (s) => (s.control({ action: 'stats' }) as { documents: number }).documents,
    },
  ];
}

const CLOCKS = [
  { label: 'clocks together (baseline)', skew: 0 },
  { label: 'source 30 days behind', skew: -30 * DAY },
  { label: 'source 30 days ahead', skew: 30 * DAY },
];

interface Row {
  system: string;
  clock: string;
  made: number;
  found: number;
  read: number;
}

async function measure(orm: MikroORM, system: System, clock: { label: string; skew: number }): Promise<Row> {
  const source = await system.start(clock.skew);
  try {
    const instance = await upsertConnector(orm.em.fork(), { name: `${system.kind}${clock.skew}`, kind: system.kind, config: system.config(source.url) });
    const sync = async () => {
      const runs = [];
      for (const stream of system.streams) runs.push(await runStream({ orm, connector: instance, stream }));
      return runs;
    };
    await sync();
    source.control({ action: 'advanceClock', seconds: 60 });
    const made = (source.control({ action: 'mutate', count: Math.round(system.count(source) * CHANGED) }) as { mutated: string[] }).mutated;
    const runs = await sync();
    const { rows } = await withPgClient(orm, (c) =>
      c.query<{ n: number }>('select count(*)::int as n from raw.source_record where connector_id = $1 and source_key = any($2::text[]) and changed_run_id = any($3::int8[])', [
        instance.id,
        made,
        runs.map((r) => r.runId),
      ]),
    );
    return { system: system.kind, clock: clock.label, made: made.length, found: rows[0]!.n, read: runs.reduce((n, r) => n + r.read, 0) };
  } finally {
    await source.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string' }, seed: { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const size = values.size === undefined ? 5000 : wholeNumberFlag('--size', values.size, 100, 1_000_000, USAGE);
  const seed = values.seed === undefined ? 9 : wholeNumberFlag('--seed', values.seed, 0, 2 ** 31 - 1, USAGE);
  const cleanup = new Cleanup();
  const url = scratchDatabaseUrl();
  try {
    await createScratchDatabase(url);
    if (!values.keep) cleanup.add('drop the scratch database', () => dropDatabase(url));
    const orm = await initOrm(url);
    cleanup.add('close the database pool', () => orm.close(true));
    const rows: Row[] = [];
    for (const system of systems(size, seed)) {
      for (const clock of CLOCKS) {
        const row = await measure(orm, system, clock);
        process.stderr.write(`  ${row.system}, ${row.clock}: ${row.found}/${row.made}\n`);
        rows.push(row);
      }
    }
    process.stdout.write(`\nChanges found by one incremental sync, ${CHANGED * 100}% of the records changed (size ${int(size)}, seed ${seed}):\n\n`);
    process.stdout.write(
      `${table(
        ['system', 'clocks', 'changes made', 'found', 'found / made', 'records read'],
        rows.map((r) => [r.system, r.clock, int(r.made), int(r.found), `${((100 * r.found) / Math.max(1, r.made)).toFixed(1)}%`, int(r.read)]),
      )}\n`,
    );
    if (values.keep) process.stdout.write(`\nKept ${redactUrl(url)}\n`);
    process.stdout.write(`RESULT ${JSON.stringify({ size, seed, rows })}\n`);
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
