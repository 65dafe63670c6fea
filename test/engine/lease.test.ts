import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueSync, redisConnection, syncQueue } from '../../jobs/queue';
import { upsertConnector } from '../../src/cli/connectors';
import { LeaseLostError, StreamBusyError } from '../../src/engine/lease';
import { runStream } from '../../src/engine/run-stream';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';
import { exitOf, startWorkerProcess } from '../support/worker-process';

/** The stream lease: one run per stream at a time, whatever the queue does. */
let db: TestDatabase;
let sim: McdtSimulator;
const orphanPrefix = createQueuePrefix();
const otherPrefix = createQueuePrefix();

beforeAll(async () => {
  db = await createTestDatabase();
  // Slow pages keep a run going long enough to be interfered with.
  sim = await startMcdtSimulator({ seed: 8, size: 1500, apiKey: 'k' });
  sim.control({ action: 'faults', set: { slowMs: 40 } });
});

afterAll(async () => {
  await sim?.close();
});

const connector = (name: string) => upsertConnector(db.orm.em.fork(), { name, kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, windowDays: 31 } });

/** The running run of a connector once it has read `atLeast` records. */
const runningRun = (name: string, atLeast: number) =>
  vi.waitFor(
    async () => {
      const [run] = await db.query<{ id: number; read_count: number }>(`select id, read_count from ops.sync_run where connector_name = $1 and status = 'running'`, [name]);
      expect(run?.read_count).toBeGreaterThanOrEqual(atLeast);
      return run!;
    },
    { timeout: 30_000, interval: 50 },
  );

describe('stream lease', () => {
  it('refuses a second run of a stream while the first holds its lease; the first finishes alone', async () => {
    const ref = await connector('twice');
    const first = runStream({ orm: db.orm, connector: ref, stream: 'dossiers', leaseMs: 2000 });
    await runningRun('twice', 100);
    // A redelivered job (Redis lost the first one's lock) starting the same stream:
    await expect(runStream({ orm: db.orm, connector: ref, stream: 'dossiers', leaseMs: 2000 })).rejects.toBeInstanceOf(StreamBusyError);
    expect((await first).status).toBe('succeeded');
    const runs = await db.query<{ status: string; read_count: number }>(`select status, read_count from ops.sync_run where connector_name = 'twice'`);
    expect(runs).toEqual([{ status: 'succeeded', read_count: 1500 }]);
  });

  it('a run whose lease was taken stops at its next checkpoint and commits nothing more', async () => {
    const ref = await connector('taken');
    // A long lease: the heartbeat will not notice in time; the commit's own check must.
    const run = runStream({ orm: db.orm, connector: ref, stream: 'dossiers', leaseMs: 60_000 });
    const { id } = await runningRun('taken', 100);
    // What a successor or the reaper does to a run that went silent:
    await db.query(`update ops.sync_run set status = 'failed', error_class = 'WorkerLost', finished_at = now() where id = $1`, [id]);
    const stored = async () => (await db.query<{ n: number }>('select count(*)::int as n from raw.source_record where connector_id = $1', [ref.id]))[0]!.n;
    const atTakeover = await stored();
    await expect(run).rejects.toBeInstanceOf(LeaseLostError);
    expect(await stored()).toBe(atTakeover);
    expect(atTakeover).toBeLessThan(1500);
    // The record of whoever took it stays.
    expect(await db.query(`select status, error_class from ops.sync_run where id = $1`, [id])).toEqual([{ status: 'failed', error_class: 'WorkerLost' }]);
  });

  it('a run whose worker died is closed by another worker’s reaper, even when no job resumes it', async () => {
    await connector('orphan');
    const connection = redisConnection(TEST_REDIS_URL);
    const queue = syncQueue(connection, orphanPrefix);
    try {
      const doomed = startWorkerProcess({ databaseUrl: db.url, prefix: orphanPrefix, extra: { JOB_LOCK_MS: '1000' } });
      await enqueueSync(queue, { connector: 'orphan', stream: 'dossiers' });
      const { id } = await runningRun('orphan', 100);
      doomed.kill('SIGKILL');
      expect(await exitOf(doomed)).toBeNull();
      // A worker on another queue: it never sees the job, only the database.
      const other = startWorkerProcess({ databaseUrl: db.url, prefix: otherPrefix, extra: { JOB_LOCK_MS: '1000' } });
      await vi.waitFor(
        async () => {
          const [run] = await db.query<{ status: string; error_class: string | null; error_message: string | null }>(`select status, error_class, error_message from ops.sync_run where id = $1`, [id]);
          expect(run).toMatchObject({ status: 'failed', error_class: 'WorkerLost' });
          expect(run!.error_message).toMatch(/no heartbeat/);
        },
        { timeout: 20_000, interval: 200 },
      );
      other.kill('SIGTERM');
      expect(await exitOf(other)).toBe(0);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });
});
