/**
 * `npm run bench:audit-verify -- [--size N | --database URL]`
 *
 * Times `hub audit verify` (src/audit/verify.ts): the chain, the checkpoint signatures,
 * every run manifest's Merkle root and every payload against its content hash.
 * - `--size N` (default 5 000, the demo's size): the demo's simulators (one-stop-shop,
 *   portal, documents) with N dossiers, synced stream by stream into a scratch database.
 * - `--database URL`: an existing store, e.g. the one `npm run bench:ingest -- --keep`
 *   left behind (200 000 dossiers by default). Read-only.
 * Prints the counts and seconds, then `RESULT {json}`. Asserts nothing on time.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { getConnector } from '../connectors/registry';
import { verifyAudit } from '../src/audit/verify';
import { upsertConnector } from '../src/cli/connectors';
import { startDemoSources } from '../src/cli/demo-sources';
import { initOrm } from '../src/db/orm';
import { runStream } from '../src/engine/run-stream';
import { withPgClient } from '../src/store/pg';
import { wholeNumberFlag } from './support/args';
import { createScratchDatabase, dropDatabase, redactUrl, scratchDatabaseUrl } from './support/scratch-db';

const USAGE = 'Usage: npm run bench:audit-verify -- [--size N | --database URL]';
const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { size: { type: 'string' }, database: { type: 'string' } } });
  if (values.size && values.database) throw new Error(`give --size or --database, not both\n${USAGE}`);
  const scratch = values.database ? null : scratchDatabaseUrl();
  const url = values.database ?? scratch!;
  let size: number | null = null;
  if (scratch) {
    size = values.size ? wholeNumberFlag('--size', values.size, 100, 1_000_000, USAGE) : 5000;
    await createScratchDatabase(scratch);
  }
  const orm = await initOrm(url);
  try {
    if (size !== null) {
      process.stderr.write(`syncing the demo's sources (${size} dossiers) into ${redactUrl(url)}…\n`);
      const sources = await startDemoSources(size, 0);
      try {
        for (const source of sources) {
          const connector = await upsertConnector(orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
          for (const stream of getConnector(source.kind).streams) await runStream({ orm, connector, stream: stream.definition.name });
        }
      } finally {
        await Promise.all(sources.map((s) => s.close()));
      }
    }
    const load = loadavg()[0] ?? 0;
    const started = performance.now();
    const report = await withPgClient(orm, (client) => verifyAudit(client));
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await withPgClient(orm, (c) => c.query<{ dossiers: string }>('select count(*) as dossiers from hub.dossier'));
    out(`store: ${redactUrl(url)}, ${rows[0]!.dossiers} dossiers`);
    out(`verified ${report.entries} entries, ${report.checkpoints} checkpoints, ${report.manifests} run manifests, ${report.versions} record versions in ${seconds.toFixed(2)} s: ${report.ok ? 'clean' : `${report.findingCount} finding(s)`}`);
    out(`machine: 1-minute load average ${load.toFixed(2)} at the start (shared machine: seconds are inflated when it is busy)`);
    out(`RESULT ${JSON.stringify({ dossiers: Number(rows[0]!.dossiers), entries: report.entries, manifests: report.manifests, versions: report.versions, ok: report.ok, seconds: Number(seconds.toFixed(3)), loadAverage: Number(load.toFixed(2)) })}`);
    return report.ok ? 0 : 1;
  } finally {
    await orm.close(true);
    if (scratch) await dropDatabase(scratch);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
