import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueSync, redisConnection, syncQueue } from '../../jobs/queue';
import { syncJobId } from '../../jobs/types';
import { upsertConnector } from '../../src/cli/connectors';
import { SyncRun } from '../../src/entities';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';
import { exitOf, outputOf, startHubProcess, startWorkerProcess } from '../support/worker-process';

const SIZE = 3000;
let db: TestDatabase;
let sim: McdtSimulator;
// At collection time: the clean-up hook each registers would not run if registered from a hook.
const prefix = createQueuePrefix();
const allPrefix = createQueuePrefix();
const apiPrefix = createQueuePrefix();
let hub: ReturnType<typeof createTestQueue>;


beforeAll(async () => {
  db = await createTestDatabase();
  // Slow pages make the run long enough to be interrupted half-way.
  sim = await startMcdtSimulator({ seed: 21, size: SIZE, apiKey: 'k' });
  sim.control({ action: 'faults', set: { slowMs: 150 } });
  hub = createTestQueue(db.orm, prefix, { worker: false });
  await upsertConnector(db.orm.em.fork(), { name: 'slow', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, windowDays: 10 } });
});

afterAll(async () => {
  await sim?.close();
});

describe('worker process shutdown', () => {
  it('on SIGTERM returns its running job to the queue, exits 0, and the next worker resumes from the checkpoint', async () => {
    const child = startWorkerProcess({ databaseUrl: db.url, prefix, extra: { SHUTDOWN_TIMEOUT_MS: '300' } });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = exitOf(child);
    await enqueueSync(hub.queue, { connector: 'slow', stream: 'dossiers' });

    // Wait until some batches are committed, then stop the process.
    for (let i = 0; i < 200; i++) {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from hub.dossier');
      if (row!.n >= 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/Error/);

    const [cancelled] = await db.orm.em.fork().find(SyncRun, { connectorName: 'slow' });
    expect(cancelled!.status).toBe('cancelled');
    expect(cancelled!.cursorAfter).not.toBeNull();
    const [partial] = await db.query<{ n: number }>('select count(*)::int as n from hub.dossier');
    expect(partial!.n).toBeGreaterThan(0);
    expect(partial!.n).toBeLessThan(SIZE);
    // The job is back in the queue, not failed and not lost.
    const job = await hub.queue.getJob(syncJobId('slow', 'dossiers'));
    expect(job).toBeDefined();
    expect(await job!.getState()).toMatch(/delayed|waiting/);

    // A new worker picks it up and continues where the first stopped.
    sim.control({ action: 'faults', set: { slowMs: 0 } });
    hub.startWorker();
    const { QueueEvents } = await import('bullmq');
    const events = new QueueEvents('sync', { connection: { url: TEST_REDIS_URL }, prefix });
    await events.waitUntilReady();
    const fresh = await hub.queue.getJob(syncJobId('slow', 'dossiers'));
    if (fresh) await fresh.waitUntilFinished(events, 60_000).catch(() => undefined);
    await events.close();

    const runs = await db.orm.em.fork().find(SyncRun, { connectorName: 'slow' }, { orderBy: { id: 'asc' } });
    expect(runs).toHaveLength(2);
    expect(runs[1]!.status).toBe('succeeded');
    expect(runs[1]!.cursorBefore).toEqual(cancelled!.cursorAfter);
    const [total] = await db.query<{ n: number; distinct_codes: number }>('select count(*)::int as n, count(distinct code)::int as distinct_codes from hub.dossier');
    expect(total).toEqual({ n: SIZE, distinct_codes: SIZE });
    // The resumed run did not read the committed part again from the start.
    expect(runs[1]!.readCount).toBeLessThan(SIZE);
  });

  it('`hub all` on SIGTERM drains the same way: the API stops, the running sync goes back to the queue, exit 0', async () => {
    const connection = redisConnection(TEST_REDIS_URL);
    const queue = syncQueue(connection, allPrefix);
    try {
      await upsertConnector(db.orm.em.fork(), { name: 'slow-all', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, windowDays: 10 } });
      sim.control({ action: 'faults', set: { slowMs: 150 } });
      const child = startHubProcess('all', { databaseUrl: db.url, prefix: allPrefix, extra: { SHUTDOWN_TIMEOUT_MS: '300', PORT: '0' } });
      const output = outputOf(child);
      const exited = exitOf(child);
      await enqueueSync(queue, { connector: 'slow-all', stream: 'dossiers' });
      await vi.waitFor(
        async () => {
          const [run] = await db.query<{ read_count: number }>(`select read_count from ops.sync_run where connector_name = 'slow-all' and status = 'running'`);
          expect(run?.read_count).toBeGreaterThanOrEqual(100);
        },
        { timeout: 30_000, interval: 100 },
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output.text()).not.toMatch(/Error/);
      const runs = await db.query<{ status: string }>(`select status from ops.sync_run where connector_name = 'slow-all'`);
      expect(runs).toEqual([{ status: 'cancelled' }]);
      const job = await queue.getJob(syncJobId('slow-all', 'dossiers'));
      expect(await job?.getState()).toMatch(/delayed|waiting/);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      await queue.close();
      await connection.quit();
    }
  });

  it('`hub api` on SIGTERM stops serving and exits 0', async () => {
    const child = startHubProcess('api', { databaseUrl: db.url, prefix: apiPrefix, extra: { PORT: '0', LOG_LEVEL: 'info' } });
    const output = outputOf(child);
    const exited = exitOf(child);
    const url = await vi.waitFor(
      () => {
        const match = /"url":"(http:[^"]+)"/.exec(output.text());
        if (!match) throw new Error('not listening yet');
        return match[1]!;
      },
      { timeout: 30_000, interval: 100 },
    );
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(answer.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.text()).toMatch(/shut down cleanly/);
  });
});
