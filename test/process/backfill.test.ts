import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/audit/record';
import { createConnector, getRun, triggerSync } from '../../src/control';
import { upsertConnector } from '../../src/cli/connectors';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { expectIntegrity, runStreamChecked } from '../support/integrity';
import { createQueuePrefix } from '../support/redis';
import { exitOf, startWorkerProcess } from '../support/worker-process';

const SIZE = 2000;
const CONFIG = { apiKey: 'k', startDate: '2024-01-01', pageSize: 50 };
const actor: AuditActor = { type: 'cli', id: 'tester', name: 'tester', role: null };
let sim: McdtSimulator;
let reference: TestDatabase;
let backfilled: TestDatabase;

const digest = async (db: TestDatabase) => ({
  dossiers: await db.query<{ rows: number; digest: string }>(`select count(*)::int as rows, md5(string_agg(code || ':' || content_hash, ',' order by code)) as digest from hub.dossier`),
  payments: await db.query<{ rows: number; digest: string }>(`select count(*)::int as rows, md5(string_agg(source_code || ':' || content_hash, ',' order by source_code)) as digest from hub.payment`),
});

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${ms} ms`);
};

beforeAll(async () => {
  sim = await startMcdtSimulator({ seed: 21, size: SIZE, apiKey: 'k' });
  reference = await createTestDatabase();
  const ref = await upsertConnector(reference.orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { ...CONFIG, baseUrl: sim.url } });
  await runStreamChecked({ orm: reference.orm, connector: ref, stream: 'dossiers' });
  await runStreamChecked({ orm: reference.orm, connector: ref, stream: 'payments' });
  backfilled = await createTestDatabase();
});

afterAll(async () => {
  await sim?.close();
});

describe('backfill', () => {
  it('splits a date range of every windowable stream (dossiers, payments) into window jobs that two worker processes run at once; one killed mid-way, the other finishes; the store equals an undisturbed sync', async () => {
    const prefix = createQueuePrefix();
    const hub = createTestQueue(backfilled.orm, prefix, { worker: false });
    const deps = { em: backfilled.orm.em.fork(), actor, queue: hub.queue };
    await createConnector(deps, { name: 'mcdt', kind: 'mcdt', config: { ...CONFIG, baseUrl: sim.url } });
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    sim.control({ action: 'faults', set: { slowMs: 30 } });
    // No stream list: every stream the source lists by date; the catalogues are named as left out.
    const run = await triggerSync(deps, 'mcdt', { from: '2024-01-01', to: tomorrow, windowDays: 30 });
    expect(run.from).toBe('2024-01-01');
    expect(run.streams).toEqual(['dossiers', 'payments']);
    expect(run.notBackfilled).toEqual(['agencies', 'procedures']);
    const windows = await backfilled.query<{ n: number }>('select count(*)::int as n from ops.backfill_window where connector_run_id = $1', [run.id]);
    expect(windows[0]!.n).toBeGreaterThan(10);
    // The flow: one parent waiting for its children, the windows.
    expect(await (await hub.queue.getJob(`backfill.${run.id}`))?.getState()).toBe('waiting-children');

    const env = { databaseUrl: backfilled.url, prefix, extra: { JOB_LOCK_MS: '1500', WORKER_CONCURRENCY: '2' } };
    const a = startWorkerProcess(env);
    const b = startWorkerProcess(env);
    try {
      const done = async () => (await backfilled.query<{ n: number }>(`select count(*)::int as n from ops.backfill_window where connector_run_id = $1 and status = 'succeeded'`, [run.id]))[0]!.n;
      await waitFor(async () => (await done()) >= 3, 90_000);
      // A crash: its windows' leases run out and the other worker resumes them from their checkpoints.
      a.kill('SIGKILL');
      expect(await exitOf(a)).toBeNull();
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      await waitFor(async () => ['succeeded', 'partial', 'failed', 'cancelled'].includes((await getRun(deps, run.id)).status), 120_000);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      b.kill('SIGTERM');
      await exitOf(b);
      if (a.exitCode === null && a.signalCode === null) a.kill('SIGKILL');
    }
    const view = await getRun(deps, run.id);
    expect(view.status).toBe('succeeded');
    expect(view.streamRuns.map((s) => s.windows)).toEqual([
      { total: windows[0]!.n / 2, done: windows[0]!.n / 2 },
      { total: windows[0]!.n / 2, done: windows[0]!.n / 2 },
    ]);
    expect(view.progress.fraction).toBe(1);
    // The windows kept their own checkpoints: the stream's incremental cursor was never written.
    expect(await backfilled.query('select * from ops.stream_state')).toEqual([]);
    const want = await digest(reference);
    expect(want.payments[0]!.rows).toBeGreaterThan(0);
    expect(await digest(backfilled)).toEqual(want);
    await expectIntegrity(backfilled.orm);
  });
});
