/**
 * `npm run bench:quarantine [-- --size N] [--rate R] [--keep]`
 *
 * The demo's three simulators (N one-stop-shop dossiers, the portal's online copies,
 * N/2 documents and their edXML queue) with the bad-record fault at rate R, synced
 * stream by stream through the hub's engine into a scratch database. Prints, per stream,
 * how many records the simulator served malformed and flawed (its own `badRecords`
 * count) beside how many the hub quarantined (distinct records) and stored flagged
 * `invalid:…`, then `RESULT {json}` as the last line. Times are shown, not judged.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startDemoSources } from '../src/cli/demo-sources';
import { upsertConnector } from '../src/cli/connectors';
import { initOrm } from '../src/db/orm';
import { runStream } from '../src/engine/run-stream';
import type { BrokenCounts } from '../src/simulators/shared/bad-records';
import { withPgClient } from '../src/store/pg';
import { wholeNumberFlag } from './support/args';
import type { Cleanup } from './support/cleanup';
import { runBench } from './support/main';
import { fixed, int, ProgressLine, table } from './support/report';
import { createScratchDatabase, dropDatabase, redactUrl, scratchDatabaseUrl } from './support/scratch-db';

const USAGE = `Usage: npm run bench:quarantine -- [--size N] [--rate R] [--keep]

  --size N   one-stop-shop dossiers (default 100 000; the portal and the document system scale with it)
  --rate R   share of records served broken, per stream (default 0.01)
  --keep     keep the scratch database hub_bench_<pid> for inspection

Env: BENCH_DATABASE_URL (or DATABASE_URL): the PostgreSQL server to use.`;

/** Streams in the order a full sync runs them (catalogues first), per demo connector. */
const STREAMS: Record<string, readonly string[]> = {
  mcdt: ['agencies', 'procedures', 'dossiers', 'payments'],
  qlvb: ['documents-incoming', 'documents-outgoing', 'edxml'],
  dvc: ['agencies', 'procedures', 'dossiers', 'payments', 'ratings'],
};
/** Larger pages than the defaults: fewer round trips, same records. */
const PAGING: Record<string, Record<string, unknown>> = { mcdt: { pageSize: 500, windowDays: 92 }, qlvb: { pageSize: 500 }, dvc: { pageSize: 200, windowDays: 92 } };

const out = (line = '') => process.stdout.write(`${line}\n`);

function parse(argv: string[]): { size: number; rate: number; keep: boolean } | null {
  const { values } = parseArgs({ args: argv, options: { size: { type: 'string' }, rate: { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
  if (values.help) return null;
  const rate = values.rate === undefined ? 0.01 : Number(values.rate);
  if (!(rate > 0 && rate <= 1)) throw new Error(`--rate must be a number in (0, 1], got "${values.rate}"\n\n${USAGE}`);
  return { size: values.size === undefined ? 100_000 : wholeNumberFlag('--size', values.size, 200, 1_000_000, USAGE), rate, keep: values.keep };
}

async function control(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}/__control answered HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

interface Row {
  connector: string;
  stream: string;
  read: number;
  status: string;
  seconds: number;
  served: BrokenCounts;
  hub: BrokenCounts;
}


async function bench(args: { size: number; rate: number; keep: boolean }, cleanup: Cleanup): Promise<void> {
  out(`Quarantine against the simulators' own counts: ${int(args.size)} dossiers, badRecordRate ${args.rate}`);
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

  const rows: Row[] = [];
  for (const source of sources) {
    await control(source.url, { action: 'faults', set: { badRecordRate: args.rate } });
    // Counted before the sync: the edXML queue empties as it is read.
    const served = ((await control(source.url, { action: 'stats' })) as { badRecords: Record<string, BrokenCounts> }).badRecords;
    const instance = await upsertConnector(orm.em.fork(), { name: source.connector, kind: source.kind, config: { ...source.config, ...PAGING[source.kind] } });
    const connector = { id: instance.id, name: instance.name, kind: instance.kind, config: instance.config };
    for (const stream of STREAMS[source.kind] ?? []) {
      const progress = new ProgressLine(`${source.kind}/${stream}`);
      const started = performance.now();
      const run = await runStream({ orm, connector, stream, onProgress: (p) => progress.update(p.read, p.message) });
      progress.done(run.read, run.status);
      const [hub] = (
        await withPgClient(orm, (client) =>
          client.query<BrokenCounts>(
            `select (select count(distinct coalesce(source_key, md5(payload::text)))::int from ops.quarantine where connector_id = $1 and stream = $2) as malformed,
                    (select count(*)::int from raw.source_record r where connector_id = $1 and stream = $2 and gone_at is null
                        and exists (select 1 from unnest(r.flags) f where f like 'invalid:%')) as flawed`,
            [instance.id, stream],
          ),
        )
      ).rows;
      rows.push({ connector: source.kind, stream, read: run.read, status: run.status, seconds: (performance.now() - started) / 1000, served: served[stream] ?? { malformed: 0, flawed: 0 }, hub: hub! });
    }
  }

  out('');
  out(
    table(
      ['stream', 'read', 'served malformed', 'quarantined', 'served flawed', 'stored flagged', 'run', 's'],
      rows.map((r) => [`${r.connector}/${r.stream}`, int(r.read), int(r.served.malformed), int(r.hub.malformed), int(r.served.flawed), int(r.hub.flawed), r.status, fixed(r.seconds)]),
    ),
  );
  const differ = rows.filter((r) => r.served.malformed !== r.hub.malformed || r.served.flawed !== r.hub.flawed);
  out('');
  out(differ.length === 0 ? 'Every stream: quarantined = served malformed, flagged = served flawed.' : `DIFFER in ${differ.map((r) => `${r.connector}/${r.stream}`).join(', ')}`);
  out(`RESULT ${JSON.stringify({ size: args.size, rate: args.rate, streams: rows })}`);
}

runBench(USAGE, parse, bench);
