import { enqueueSync } from '../../jobs/queue';
import type { SyncJobProgress } from '../../jobs/types';
import { getConnector } from '../../connectors/registry';
import { startHub } from '../app';
import { logger } from '../logger';
import type { Env } from '../config';
import { SyncRun } from '../entities';
import { startMcdtSimulator } from '../simulators/mcdt/server';
import { upsertConnector } from './connectors';

const DEMO_CONNECTOR = 'mcdt-demo';
const DEMO_API_KEY = 'demo-mcdt-key';
const HISTORY_FROM = '2024-01-01';

const EXAMPLE_QUERY = `{
  dossiers(first: 5, filter: { status: RETURNED }) {
    totalCount
    edges { node { code status channel receivedAt dueAt finishedAt
      agency { name } procedure { name nationalCode } applicant { name idNumber } } }
    pageInfo { hasNextPage endCursor }
  }
  syncRuns(first: 3) { edges { node { stream status readCount insertedCount unchangedCount } } }
}`;

const bar = (fraction: number | null) => {
  const f = Math.max(0, Math.min(1, fraction ?? 0));
  return `[${'#'.repeat(Math.round(f * 24)).padEnd(24, '.')}] ${String(Math.round(f * 100)).padStart(3)}%`;
};

/**
 * `npm run demo`: the MCĐT simulator and the whole hub in one process, the first
 * sync with progress on the terminal, then the GraphQL URL and a query to paste.
 */
export async function runDemo(env: Env): Promise<void> {
  const started = Date.now();
  // The terminal shows progress lines; keep the JSON log for warnings unless asked otherwise.
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`Starting the one-stop-shop simulator with ${env.DEMO_SIZE} dossiers…`);
  const sim = await startMcdtSimulator({ size: env.DEMO_SIZE, apiKey: DEMO_API_KEY, port: env.DEMO_SIMULATOR_PORT, historyFrom: new Date(`${HISTORY_FROM}T00:00:00+07:00`) }).catch(() =>
    // The fixed port is taken (another demo?): any free port will do.
    startMcdtSimulator({ size: env.DEMO_SIZE, apiKey: DEMO_API_KEY, port: 0, historyFrom: new Date(`${HISTORY_FROM}T00:00:00+07:00`) }),
  );
  say(`  simulator at ${sim.url}`);
  say('Preparing the database (create if missing, migrate) and starting the API and worker…');
  const hub = await startHub(env, { api: true, worker: true, prepareDatabase: true }).catch(async (error: unknown) => {
    await sim.close();
    throw error;
  });
  await upsertConnector(hub.orm.em.fork(), { name: DEMO_CONNECTOR, kind: 'mcdt', config: { baseUrl: sim.url, apiKey: DEMO_API_KEY, startDate: HISTORY_FROM } });

  const streams = getConnector('mcdt').streams.map((s) => s.definition.name);
  const jobIds: string[] = [];
  for (const stream of streams) jobIds.push((await enqueueSync(hub.queue, { connector: DEMO_CONNECTOR, stream, trigger: 'demo' })).jobId);
  say(`Syncing ${streams.join(', ')} from the simulator…`);

  const tty = process.stdout.isTTY;
  let lastLine = '';
  for (;;) {
    const jobs = await Promise.all(jobIds.map((id) => hub.queue.getJob(id)));
    const live = jobs.filter((j) => j !== undefined);
    for (const job of live) {
      const p = job.progress as Partial<SyncJobProgress> | number;
      if (typeof p !== 'object' || p === null) continue;
      const line = `  ${job.data.stream.padEnd(11)} ${bar(p.fraction ?? null)}  read ${p.read ?? 0}, new ${p.inserted ?? 0}, changed ${p.updated ?? 0}, unchanged ${p.unchanged ?? 0}, quarantined ${p.failed ?? 0}`;
      if (line !== lastLine) {
        if (tty) process.stdout.write(`\r\x1b[2K${line}`);
        else say(line);
        lastLine = line;
      }
    }
    if (!live.length) break;
    await new Promise((r) => setTimeout(r, tty ? 250 : 2000));
  }
  if (tty) process.stdout.write('\n');

  const em = hub.orm.em.fork();
  const runs = await em.find(SyncRun, { connectorName: DEMO_CONNECTOR }, { orderBy: { id: 'desc' }, limit: streams.length });
  for (const run of runs.reverse()) {
    const seconds = run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : 0;
    const rate = seconds > 0 ? ` (${Math.round(run.readCount / seconds)} records/s)` : '';
    say(`  ${run.stream.padEnd(11)} ${run.status}: read ${run.readCount}, new ${run.insertedCount}, changed ${run.updatedCount}, unchanged ${run.unchangedCount}, quarantined ${run.failedCount} in ${seconds.toFixed(1)} s${rate}${run.errorMessage ? `\n    ${run.errorMessage}` : ''}`);
  }
  say('');
  say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. GraphQL: ${hub.api!.url}`);
  say('Try it (paste into any GraphQL client, or run the curl below):');
  say(EXAMPLE_QUERY);
  say(`curl -s ${hub.api!.url} -H 'content-type: application/json' -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'`);
  say('Press Ctrl+C to stop.');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say('Stopping…');
  await hub.close();
  await sim.close();
}
