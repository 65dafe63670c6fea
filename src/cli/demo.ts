import type { Job } from 'bullmq';
import { getConnector } from '../../connectors/registry';
import { enqueueSync } from '../../jobs/queue';
import type { SyncJobData, SyncJobProgress } from '../../jobs/types';
import { startHub } from '../app';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys';
import type { Env } from '../config';
import { SyncRun } from '../entities';
import { logger } from '../logger';
import { upsertConnector } from './connectors';
import { startDemoSources } from './demo-sources';

/** What a dashboard (viewer key) asks: dossiers with the applicant masked, and documents. */
const VIEWER_QUERY = `{
  dossiers(first: 5, filter: { status: RETURNED }) {
    totalCount
    edges { node { code status channel receivedAt dueAt finishedAt
      agency { name } procedure { name nationalCode } applicant { name idNumber } } }
    pageInfo { hasNextPage endCursor }
  }
  documents(first: 3) { totalCount edges { node { numberSymbolRaw documentType subject state } } }
}`;

/** What IT staff (operator key) ask: the sync runs. */
const OPERATOR_QUERY = `{
  syncRuns(first: 5) { edges { node { connectorName stream status readCount insertedCount unchangedCount } } }
}`;

const DEMO_KEY_NAMES = ['demo viewer', 'demo operator'];

const bar = (fraction: number | null) => {
  const f = Math.max(0, Math.min(1, fraction ?? 0));
  return `[${'#'.repeat(Math.round(f * 20)).padEnd(20, '.')}] ${String(Math.round(f * 100)).padStart(3)}%`;
};

const describeJob = (job: Job<SyncJobData>) => {
  const p = job.progress as Partial<SyncJobProgress> | number;
  const name = `${job.data.connector}/${job.data.stream}`.padEnd(28);
  if (typeof p !== 'object' || p === null) return `  ${name} waiting`;
  return `  ${name} ${bar(p.fraction ?? null)}  read ${p.read ?? 0}, new ${p.inserted ?? 0}, changed ${p.updated ?? 0}, quarantined ${p.failed ?? 0}`;
};

/**
 * `npm run demo`: simulators of the three source systems and the whole hub in one
 * process, the first sync with progress on the terminal, then the GraphQL URL and a
 * query to paste.
 */
export async function runDemo(env: Env): Promise<void> {
  const started = Date.now();
  // The terminal shows progress lines; keep the JSON log for warnings unless asked otherwise.
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`Starting simulators of the one-stop-shop (${env.DEMO_SIZE} dossiers), the document system and the public-service portal…`);
  const sources = await startDemoSources(env.DEMO_SIZE, env.DEMO_SIMULATOR_PORT);
  for (const s of sources) say(`  ${s.kind.padEnd(5)} ${s.url}`);
  const closeSources = () => Promise.all(sources.map((s) => s.close()));
  say('Preparing the database (create if missing, migrate) and starting the API and worker…');
  const hub = await startHub(env, { api: true, worker: true, prepareDatabase: true }).catch(async (error: unknown) => {
    await closeSources();
    throw error;
  });

  const jobIds: string[] = [];
  for (const source of sources) {
    await upsertConnector(hub.orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
    for (const stream of getConnector(source.kind).streams) {
      jobIds.push((await enqueueSync(hub.queue, { connector: source.connector, stream: stream.definition.name, trigger: 'demo' })).jobId);
    }
  }
  say(`Syncing ${jobIds.length} streams from the three systems…`);

  const tty = process.stdout.isTTY;
  let shown = '';
  for (;;) {
    const live = (await Promise.all(jobIds.map((id) => hub.queue.getJob(id)))).filter((j): j is Job<SyncJobData> => j !== undefined);
    if (!live.length) break;
    const active = await Promise.all(live.map(async (j) => ((await j.getState()) === 'active' ? j : null)));
    const lines = active.filter((j) => j !== null).map(describeJob);
    const text = `${lines.join('\n')}\n  (${live.length} streams left)`;
    if (text !== shown) {
      if (tty && shown) process.stdout.write(`\x1b[${shown.split('\n').length}A\x1b[J`);
      if (tty || lines.length) process.stdout.write(`${text}\n`);
      shown = tty ? text : '';
    }
    await new Promise((r) => setTimeout(r, tty ? 250 : 2000));
  }
  if (tty && shown) process.stdout.write(`\x1b[${shown.split('\n').length}A\x1b[J`);

  const runs = await hub.orm.em.fork().find(SyncRun, { connectorName: { $in: sources.map((s) => s.connector) } }, { orderBy: { id: 'asc' } });
  for (const run of runs.slice(-jobIds.length)) {
    const seconds = run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : 0;
    const rate = seconds > 0.05 ? ` (${Math.round(run.readCount / seconds)} records/s)` : '';
    say(`  ${`${run.connectorName}/${run.stream}`.padEnd(28)} ${run.status}: read ${run.readCount}, new ${run.insertedCount}, changed ${run.updatedCount}, quarantined ${run.failedCount} in ${seconds.toFixed(1)} s${rate}${run.errorMessage ? `\n    ${run.errorMessage}` : ''}`);
  }
  // Keys for the two example callers; the previous run's demo keys are revoked.
  const em = hub.orm.em.fork();
  for (const old of (await listApiKeys(em)).filter((k) => DEMO_KEY_NAMES.includes(k.name) && !k.revokedAt)) await revokeApiKey(em, old.id);
  const viewerKey = (await createApiKey(em, { role: 'viewer', name: DEMO_KEY_NAMES[0]! })).key;
  const operatorKey = (await createApiKey(em, { role: 'operator', name: DEMO_KEY_NAMES[1]! })).key;
  const curl = (key: string, query: string) =>
    `curl -s ${hub.api!.url} -H 'content-type: application/json' -H 'authorization: Bearer ${key}' -d '${JSON.stringify({ query: query.replace(/\s+/g, ' ') })}'`;
  say('');
  say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. GraphQL: ${hub.api!.url}   Open data: ${hub.api!.url.replace(/\/graphql$/, '/open-data/')}`);
  say(`Console (sign in with a key below): ${hub.api!.url.replace(/\/graphql$/, '/console/')}`);
  say('');
  say(`Viewer key (dashboards; personal data masked):  ${viewerKey}`);
  say(`Operator key (IT staff; sync runs, quarantine): ${operatorKey}`);
  say('Send one as "Authorization: Bearer <key>". Without a key only open data answers. More keys: `npm run hub -- keys create --role … --name …`.');
  say('');
  say('Try it with the viewer key (paste into any GraphQL client, or run the curl below):');
  say(VIEWER_QUERY);
  say(curl(viewerKey, VIEWER_QUERY));
  say('');
  say('…and with the operator key:');
  say(OPERATOR_QUERY);
  say(curl(operatorKey, OPERATOR_QUERY));
  say('Press Ctrl+C to stop.');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  say('Stopping…');
  await hub.close();
  await closeSources();
}
