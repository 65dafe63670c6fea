import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSync } from '../../jobs/queue';
import { syncJobId } from '../../jobs/types';
import { upsertConnector } from '../../src/cli/connectors';
import { SyncRun } from '../../src/entities';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';
import { exitOf, startWorkerProcess } from '../support/worker-process';

const SIZE = 3000;
let db: TestDatabase;
let sim: McdtSimulator;
let prefix: string;
let hub: ReturnType<typeof createTestQueue>;


beforeAll(async () => {
  db = await createTestDatabase();
  // Slow pages make the run long enough to be interrupted half-way.
  sim = await startMcdtSimulator({ seed: 21, size: SIZE, apiKey: 'k' });
  sim.control({ action: 'faults', set: { slowMs: 150 } });
  prefix = createQueuePrefix();
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
});
