import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSync } from '../../jobs/queue';
import { upsertConnector } from '../../src/cli/connectors';
import { expectIntegrity, runStreamChecked } from '../support/integrity';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix } from '../support/redis';
import { exitOf, startWorkerProcess } from '../support/worker-process';

const SIZE = 2500;
const CONFIG = { apiKey: 'k', startDate: '2024-01-01', pageSize: 40, windowDays: 45 };
let sim: McdtSimulator;
let crashed: TestDatabase;
let reference: TestDatabase;

/** Everything that defines the store's content, as one comparable value. */
const digest = (db: TestDatabase) =>
  db.query<{ rows: number; versions: number; events: number; digest: string }>(
    `select (select count(*)::int from hub.dossier) as rows,
            (select count(*)::int from raw.source_record_version) as versions,
            (select count(*)::int from hub.dossier_event) as events,
            (select md5(string_agg(code || ':' || content_hash, ',' order by code)) from hub.dossier) as digest`,
  );

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${ms} ms`);
};

beforeAll(async () => {
  sim = await startMcdtSimulator({ seed: 33, size: SIZE, apiKey: 'k' });
  // Undisturbed run, in process, into its own database.
  reference = await createTestDatabase();
  const ref = await upsertConnector(reference.orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { ...CONFIG, baseUrl: sim.url } });
  await runStreamChecked({ orm: reference.orm, connector: ref, stream: 'dossiers' });
  crashed = await createTestDatabase();
});

afterAll(async () => {
  await sim?.close();
});

describe('crash safety', () => {
  it('a worker killed with SIGKILL at several points ends with exactly the rows of an undisturbed run', async () => {
    const prefix = createQueuePrefix();
    const hub = createTestQueue(crashed.orm, prefix, { worker: false });
    await upsertConnector(crashed.orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { ...CONFIG, baseUrl: sim.url } });
    // Slow pages so each kill lands mid-run; short job locks so a dead worker's job is taken over quickly.
    sim.control({ action: 'faults', set: { slowMs: 40 } });
    await enqueueSync(hub.queue, { connector: 'mcdt', stream: 'dossiers' });
    const count = async () => (await crashed.query<{ n: number }>('select count(*)::int as n from hub.dossier'))[0]!.n;
    const env = { databaseUrl: crashed.url, prefix, extra: { JOB_LOCK_MS: '1500' } };

    const killPoints = [0.15, 0.45, 0.8].map((p) => Math.round(SIZE * (p + Math.random() * 0.08)));
    for (const point of killPoints) {
      const worker = startWorkerProcess(env);
      await waitFor(async () => (await count()) >= point, 60_000);
      worker.kill('SIGKILL');
      expect(await exitOf(worker)).toBeNull();
    }
    expect(await count()).toBeLessThan(SIZE);

    sim.control({ action: 'faults', set: { slowMs: 0 } });
    const last = startWorkerProcess(env);
    await waitFor(async () => (await crashed.query(`select 1 from ops.sync_run where status = 'succeeded'`)).length > 0, 60_000);
    last.kill('SIGTERM');
    expect(await exitOf(last)).toBe(0);

    expect(await digest(crashed)).toEqual(await digest(reference));
    await expectIntegrity(crashed.orm);
    const runs = await crashed.query<{ status: string; error_class: string | null }>('select status, error_class from ops.sync_run order by id');
    // Each killed run is closed as lost by its successor; the last one finishes.
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'succeeded']);
    expect(runs.slice(0, 3).every((r) => r.error_class === 'WorkerLost')).toBe(true);
  });
});
