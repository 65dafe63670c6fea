import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSync } from '../../jobs/queue';
import { syncSchedules } from '../../jobs/schedule';
import { syncJobId } from '../../jobs/types';
import { upsertConnector } from '../../src/cli/connectors';
import { SyncRun } from '../../src/entities';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix } from '../support/redis';

let db: TestDatabase;
let sim: McdtSimulator;
let hub: ReturnType<typeof createTestQueue>;

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 5, size: 200, apiKey: 'right-key', now: new Date('2026-11-20T12:00:00+07:00') });
  // No worker yet: the first test looks at the queue before anything runs.
  hub = createTestQueue(db.orm, createQueuePrefix(), { worker: false });
  const em = db.orm.em.fork();
  await upsertConnector(em, { name: 'good', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'right-key', startDate: '2024-01-01' } });
  await upsertConnector(em, { name: 'wrong-key', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'not-the-key', startDate: '2024-01-01' } });
});

afterAll(async () => {
  await sim?.close();
});

describe('sync jobs', () => {
  it('never queues the same connector stream twice at once', async () => {
    const first = await enqueueSync(hub.queue, { connector: 'good', stream: 'agencies' });
    const second = await enqueueSync(hub.queue, { connector: 'good', stream: 'agencies' });
    expect(first).toEqual({ jobId: syncJobId('good', 'agencies'), queued: true, retried: false });
    expect(second).toEqual({ jobId: syncJobId('good', 'agencies'), queued: false, retried: false });
    expect(await hub.queue.getWaitingCount()).toBe(1);
    // A raw add with the same id is also a no-op: BullMQ itself enforces it.
    await hub.queue.add('dup', { connector: 'good', stream: 'agencies' }, { jobId: syncJobId('good', 'agencies') });
    expect(await hub.queue.getWaitingCount()).toBe(1);
    // Another stream of the same connector is a different job.
    expect((await enqueueSync(hub.queue, { connector: 'good', stream: 'procedures' })).queued).toBe(true);
  });

  it('frees the id once the run is over, so the next sync can be queued', async () => {
    hub.startWorker();
    const summary = await hub.sync('good', 'dossiers');
    expect(summary.status).toBe('succeeded');
    expect(summary.inserted).toBe(200);
    const again = await hub.sync('good', 'dossiers');
    expect(again).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0 });
  });

  it('records a wrong API key as one failed run with a readable reason, keeps the failed job, and does not retry it until asked', async () => {
    await expect(hub.sync('wrong-key', 'dossiers')).rejects.toThrow(/refused \(HTTP 401\).*credentials/);
    const runs = await db.orm.em.fork().find(SyncRun, { connectorName: 'wrong-key' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'failed', errorClass: 'SourceAuthError', readCount: 0 });
    expect(runs[0]!.errorMessage).toMatch(/HTTP 401/);
    expect(runs[0]!.errorMessage).toMatch(/check the connector's credentials/);
    expect(runs[0]!.errorMessage).not.toMatch(/not-the-key/);
    // UnrecoverableError: no delayed retry waiting in the queue; the failed job stays visible with its reason.
    const delayed = await hub.queue.getDelayed();
    expect(delayed.filter((j) => j.data.connector === 'wrong-key')).toEqual([]);
    const job = await hub.queue.getJob(syncJobId('wrong-key', 'dossiers'));
    expect(await job?.getState()).toBe('failed');
    expect(job?.failedReason).toMatch(/HTTP 401/);
    // The next tick (or `hub sync`) retries it, with fresh attempts.
    await expect(hub.sync('wrong-key', 'dossiers')).rejects.toThrow(/HTTP 401/);
    expect(await db.orm.em.fork().count(SyncRun, { connectorName: 'wrong-key' })).toBe(2);
  });

  it('runs a connector on its cron schedule, never two runs of one stream at once', async () => {
    const em = db.orm.em.fork();
    await upsertConnector(em, { name: 'cron', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'right-key', startDate: '2024-01-01' }, schedule: '*/1 * * * * *' });
    const { scheduled } = await syncSchedules(hub.queue, em);
    expect(scheduled).toEqual(['hub-schedule.cron']);
    const until = Date.now() + 15_000;
    let runs: SyncRun[] = [];
    while (Date.now() < until) {
      runs = await db.orm.em.fork().find(SyncRun, { connectorName: 'cron', stream: 'dossiers', status: 'succeeded' }, { orderBy: { id: 'asc' } });
      if (runs.length >= 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());

    // Taking the schedule away removes its schedulers.
    await upsertConnector(em, { name: 'cron', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'right-key', startDate: '2024-01-01' }, schedule: null });
    expect((await syncSchedules(hub.queue, em)).scheduled).toEqual([]);
    expect(await hub.queue.getJobSchedulers()).toEqual([]);
  });

  it('refuses a cron pattern that is not one, naming the field', async () => {
    await expect(upsertConnector(db.orm.em.fork(), { name: 'x', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01' }, schedule: 'hourly' })).rejects.toThrow(/schedule: "hourly" is not a cron pattern/);
  });

  it('refuses a wrong connector config with a message naming each field', async () => {
    await expect(upsertConnector(db.orm.em.fork(), { name: 'bad', kind: 'mcdt', config: { baseUrl: 'not a url', pageSize: 900, startDate: '2024-13-01', extra: 1 } })).rejects.toThrow(
      /baseUrl: must be an http\(s\) URL.*apiKey: is required.*startDate: must be a real calendar date.*pageSize: must be at most 500.*unknown field\(s\) extra/s,
    );
  });
});
