import { Writable } from 'node:stream';
import { type Job, QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSync, redisConnection, syncQueue } from '../../jobs/queue';
import { startSyncWorker, type SyncWorker } from '../../jobs/worker';
import type { ApiServer } from '../../src/api/server';
import { upsertConnector } from '../../src/cli/connectors';
import type { RunSummary } from '../../src/engine/run-stream';
import { loggerOptions } from '../../src/logger';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';

/** Every JSON line a logger writes, parsed. */
function captureLog() {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, any>);
      done();
    },
  });
  return { log: pino({ ...loggerOptions, level: 'info' }, sink), lines };
}

const SIZE = 1500;
let db: TestDatabase;
let sim: McdtSimulator;
let api: ApiServer;
let worker: SyncWorker;
const workerLog = captureLog();
const apiLog = captureLog();
const prefix = createQueuePrefix();
const connection = redisConnection(TEST_REDIS_URL);
const queue = syncQueue(connection, prefix);
const events = new QueueEvents('sync', { connection: redisConnection(TEST_REDIS_URL), prefix });

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 5, size: SIZE, apiKey: 'k', historyFrom: new Date('2024-01-01T00:00:00+07:00') });
  // Malformed records to quarantine, source faults the connector retries (and logs), and slow pages so a scrape lands mid-sync.
  sim.control({ action: 'faults', set: { badRecordRate: 0.05, errorRate: 0.15, slowMs: 40 } });
  await upsertConnector(db.orm.em.fork(), { name: 'mcdt-ops', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, windowDays: 30 } });
  worker = startSyncWorker({ orm: db.orm, connection: redisConnection(TEST_REDIS_URL), prefix, concurrency: 1, log: workerLog.log });
  api = await startTestApi(db.orm, {}, { queue, log: apiLog.log });
});

afterAll(async () => {
  await api?.close();
  await worker?.close(5000);
  await (worker?.worker.opts.connection as { quit(): Promise<unknown> } | undefined)?.quit();
  await events.close();
  await queue.close();
  await connection.quit();
  await sim?.close();
});

const scrape = async () => (await fetch(api.url.replace(/\/graphql$/, '/metrics'))).text();
/** The value of one sample, or null when absent. */
const sample = (text: string, name: string, labels: Record<string, string>) => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.indexOf('}'));
    const have = inner.split(',');
    if (want.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
};

describe('metrics and logs of a sync', () => {
  let summary: RunSummary;
  let jobId: string;
  let midSync: string;

  it('/metrics shows the sync as it runs and its numbers once it is done', async () => {
    await events.waitUntilReady();
    const before = await scrape();
    expect(sample(before, 'hub_sync_records_total', { connector: 'mcdt-ops', stream: 'dossiers', outcome: 'read' })).toBeNull();
    jobId = (await enqueueSync(queue, { connector: 'mcdt-ops', stream: 'dossiers', trigger: 'test' })).jobId;
    const job = (await queue.getJob(jobId)) as Job;
    const finished = job.waitUntilFinished(events, 120_000) as Promise<RunSummary>;
    // Mid-sync: the job is active and records are already counted.
    for (;;) {
      midSync = await scrape();
      const read = sample(midSync, 'hub_sync_records_total', { connector: 'mcdt-ops', stream: 'dossiers', outcome: 'read' });
      if (read !== null && read > 0 && read < SIZE) break;
      if (read !== null && read >= SIZE) throw new Error('the sync finished before a scrape saw it running; slow the simulator down');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sample(midSync, 'hub_queue_jobs', { state: 'active' })).toBe(1);
    summary = await finished;
    expect(summary.failed).toBeGreaterThan(0);

    const after = await scrape();
    const rec = (outcome: string) => sample(after, 'hub_sync_records_total', { connector: 'mcdt-ops', stream: 'dossiers', outcome });
    expect(rec('read')).toBe(summary.read);
    expect(rec('inserted')).toBe(summary.inserted);
    expect(rec('quarantined')).toBe(summary.failed);
    expect(sample(after, 'hub_sync_runs_total', { connector: 'mcdt-ops', stream: 'dossiers', status: summary.status })).toBe(1);
    expect(sample(after, 'hub_sync_run_duration_seconds_count', { connector: 'mcdt-ops', stream: 'dossiers', status: summary.status })).toBe(1);
    const open = (await db.query<{ n: string }>(`select count(*) as n from ops.quarantine where stream = 'dossiers' and resolved_at is null`))[0]!.n;
    expect(sample(after, 'hub_quarantine_records', { connector: 'mcdt-ops', stream: 'dossiers' })).toBe(Number(open));
    const age = sample(after, 'hub_sync_last_success_age_seconds', { connector: 'mcdt-ops', stream: 'dossiers' });
    expect(age).not.toBeNull();
    expect(age!).toBeGreaterThanOrEqual(0);
    expect(age!).toBeLessThan(120);
    expect(sample(after, 'hub_queue_jobs', { state: 'active' })).toBe(0);
    expect(sample(after, 'hub_db_pool_connections', { pool: 'api', state: 'max' })).toBe(10);
    expect(sample(after, 'hub_scrape_source_up', { source: 'database' })).toBe(1);
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  }, 180_000);

  it('puts the run id, job id, connector and stream on every log line of the run', () => {
    const runLines = workerLog.lines.filter((l) => l.jobId === jobId);
    expect(runLines.map((l) => l.msg)).toContain('sync run finished');
    expect(runLines.map((l) => l.msg)).toContain('transient source fault, retrying');
    for (const line of workerLog.lines) {
      expect(line).toMatchObject({ jobId, connector: 'mcdt-ops', stream: 'dossiers', runId: summary.runId });
    }
  });

  it('logs one line per GraphQL request: operation, duration, role, outcome, and never the variables', async () => {
    const headers = await authHeaders(db.orm, 'viewer');
    apiLog.lines.length = 0;
    const ok = await postGraphQL(api, headers, 'query DossierPage($q: String) { dossiers(first: 2, filter: { search: $q }) { totalCount } }', { q: 'Nguyễn Văn Secret' });
    expect(ok.errors).toBeUndefined();
    const bad = await postGraphQL(api, headers, 'query Broken { nope }');
    expect(bad.errors).toBeDefined();
    expect(apiLog.lines).toHaveLength(2);
    expect(apiLog.lines[0]).toMatchObject({ msg: 'graphql request', operation: 'DossierPage', role: 'viewer', outcome: 'ok' });
    expect(typeof apiLog.lines[0]!.durationMs).toBe('number');
    expect(apiLog.lines[1]).toMatchObject({ operation: 'Broken', outcome: 'error', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(JSON.stringify(apiLog.lines)).not.toContain('Secret');
    const text = await scrape();
    expect(sample(text, 'hub_graphql_request_duration_seconds_count', { operation: 'DossierPage', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'hub_graphql_request_duration_seconds_count', { operation: 'Broken', outcome: 'error' })).toBe(1);
  });
});
