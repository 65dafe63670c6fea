import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/audit/record';
import { createConnector, getRun, triggerSync } from '../../src/control';
import { upsertConnector } from '../../src/cli/connectors';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startQlvbSimulator, type QlvbSimulator } from '../../src/simulators/qlvb/server';
import { refusal } from '../support/control';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { expectIntegrity, runStreamChecked } from '../support/integrity';
import { createQueuePrefix } from '../support/redis';
import { exitOf, startWorkerProcess } from '../support/worker-process';

/**
 * Every stream whose source lists by date is backfilled by windows: a DVC and a QLVB
 * backfill of "all streams", run by two worker processes over HTTP, store exactly
 * what a plain sync of those streams stores; catalogues and the edXML queue are left
 * out and named.
 */
const shared = { seed: 33, size: 1200 };
const DVC = (url: string) => ({ baseUrl: url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 20, pageSize: 50 });
const QLVB = (url: string) => ({ baseUrl: url, apiKey: 'k', startDate: '2024-01-01', pageSize: 40 });
const DVC_WINDOWED = ['dossiers', 'payments', 'ratings'];
const QLVB_WINDOWED = ['documents-incoming', 'documents-outgoing'];
const actor: AuditActor = { type: 'cli', id: 'tester', name: 'tester', role: null };
let dvc: DvcSimulator;
let qlvb: QlvbSimulator;
let reference: TestDatabase;
let backfilled: TestDatabase;

/** Rows and a digest of their content hashes per table, and the quarantined keys per stream. */
async function contents(db: TestDatabase) {
  const out: Record<string, unknown> = {};
  for (const table of ['portal_dossier', 'payment', 'rating', 'document', 'document_entry']) {
    out[table] = (await db.query<{ rows: number; digest: string | null }>(`select count(*)::int as rows, md5(string_agg(content_hash, ',' order by content_hash)) as digest from hub.${table}`))[0];
  }
  out.quarantine = await db.query(`select stream, count(distinct coalesce(source_key, md5(payload::text)))::int as n from ops.quarantine group by stream order by stream`);
  return out;
}

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met within ${ms} ms`);
};

beforeAll(async () => {
  dvc = await startDvcSimulator({ ...shared, username: 'u', password: 'p' });
  qlvb = await startQlvbSimulator({ ...shared, apiKey: 'k' });
  reference = await createTestDatabase();
  const em = reference.orm.em.fork();
  const portal = await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: DVC(dvc.url) });
  const documents = await upsertConnector(em, { name: 'qlvb', kind: 'qlvb', config: QLVB(qlvb.url) });
  for (const stream of DVC_WINDOWED) expect((await runStreamChecked({ orm: reference.orm, connector: portal, stream })).status).not.toBe('failed');
  for (const stream of QLVB_WINDOWED) expect((await runStreamChecked({ orm: reference.orm, connector: documents, stream })).status).not.toBe('failed');
  backfilled = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await dvc?.close();
  await qlvb?.close();
});

describe('backfill of every windowable stream', () => {
  it('DVC lists and QLVB registers are backfilled by two worker processes and equal a plain sync; catalogues and the queue are named as left out', async () => {
    const prefix = createQueuePrefix();
    const hub = createTestQueue(backfilled.orm, prefix, { worker: false });
    const deps = { em: backfilled.orm.em.fork(), actor, queue: hub.queue };
    await createConnector(deps, { name: 'dvc', kind: 'dvc', config: DVC(dvc.url) });
    await createConnector(deps, { name: 'qlvb', kind: 'qlvb', config: QLVB(qlvb.url) });
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

    // Naming a stream with no date filter at its source is refused, named.
    const catalogue = await refusal(triggerSync(deps, 'dvc', { streams: ['agencies'], from: '2024-01-01', to }));
    expect([catalogue.code, catalogue.field]).toEqual(['WINDOW_NOT_SUPPORTED', 'streams']);
    expect(catalogue.message).toContain('dossiers, payments, ratings');
    const queue = await refusal(triggerSync(deps, 'qlvb', { streams: ['edxml'], from: '2024-01-01', to }));
    expect(queue.message).toMatch(/"edxml" cannot be backfilled by date/);

    // No stream list: every windowable stream, the others named.
    const portalRun = await triggerSync(deps, 'dvc', { from: '2024-01-01', to, windowDays: 60 });
    expect(portalRun.streams).toEqual(DVC_WINDOWED);
    expect(portalRun.notBackfilled).toEqual(['agencies', 'procedures']);
    const documentRun = await triggerSync(deps, 'qlvb', { from: '2024-01-01', to, windowDays: 45 });
    expect(documentRun.streams).toEqual(QLVB_WINDOWED);
    expect(documentRun.notBackfilled).toEqual(['edxml']);
    const audit = await backfilled.query<{ details: { notBackfilled?: string[] } }>(`select details from ops.audit_event where action = 'sync.trigger' order by id`);
    expect(audit.map((a) => a.details.notBackfilled)).toEqual([['agencies', 'procedures'], ['edxml']]);

    const env = { databaseUrl: backfilled.url, prefix, extra: { WORKER_CONCURRENCY: '1' } };
    const a = startWorkerProcess(env);
    const b = startWorkerProcess(env);
    try {
      const ended = async (id: number) => ['succeeded', 'partial', 'failed', 'cancelled'].includes((await getRun(deps, id)).status);
      await waitFor(async () => (await ended(portalRun.id)) && (await ended(documentRun.id)), 150_000);
    } finally {
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      await Promise.all([exitOf(a), exitOf(b)]);
    }
    for (const id of [portalRun.id, documentRun.id]) {
      const view = await getRun(deps, id);
      expect(view.status, JSON.stringify(view.error)).toBe('succeeded');
      for (const s of view.streamRuns) expect(s.windows, s.stream).toEqual({ total: s.windows!.total, done: s.windows!.total });
      expect(view.progress.read).toBeGreaterThan(0);
    }
    // Windows keep their own checkpoints: no stream's incremental cursor was written.
    expect(await backfilled.query('select * from ops.stream_state')).toEqual([]);
    const want = await contents(reference);
    expect(Object.values(want).every((v) => !Array.isArray(v) && (v as { rows: number }).rows === 0)).toBe(false);
    expect(await contents(backfilled)).toEqual(want);
    await expectIntegrity(backfilled.orm);
  }, 240_000);
});
