import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueSync, syncQueue } from '../../jobs/queue';
import { SCHEDULE_TICK, syncJobId } from '../../jobs/types';
import { upsertConnector } from '../../src/cli/connectors';
import { migrateDatabase } from '../../src/db/migrate';
import { initOrm } from '../../src/db/orm';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { type PrivatePostgres, type PrivateRedis, startPrivatePostgres, startPrivateRedis } from '../support/private-services';
import { exitOf, outputOf, startWorkerProcess } from '../support/worker-process';

/**
 * Outages of the hub's own PostgreSQL and Redis, played on servers this file starts
 * and stops, with the real `hub worker` process. Outages are a few seconds; the limits
 * (JOB_LOCK_MS, DB_OUTAGE_LIMIT_MS) are set to match.
 */
const SIZE = 1200;
let pg: PrivatePostgres;
let redis: PrivateRedis;
let sim: McdtSimulator;
let template: string;

beforeAll(async () => {
  [pg, redis, sim] = await Promise.all([startPrivatePostgres(), startPrivateRedis(), startMcdtSimulator({ seed: 17, size: SIZE, apiKey: 'k' })]);
  template = await pg.createDatabase('faults_outage_tpl');
  await migrateDatabase(template);
});

afterAll(async () => {
  await sim?.close();
  await pg?.destroy();
  await redis?.destroy();
});

/** Rows of `sql` from a fresh connection (a pooled one would not survive the outages). */
async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A database of its own on the private server, with the slow `mcdt` connector registered. */
async function scenario(name: string) {
  const url = await pg.createDatabase(name, 'faults_outage_tpl');
  const orm = await initOrm(url);
  try {
    await upsertConnector(orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, windowDays: 31 } });
  } finally {
    await orm.close(true);
  }
  // Keys live on the private Redis, which goes away with the file.
  const prefix = `outage-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = syncQueue(connection, prefix);
  const close = async () => {
    await queue.close();
    connection.disconnect();
  };
  const runs = () => query<{ id: number; status: string; error_class: string | null; started_at: Date; finished_at: Date | null; cursor_before: unknown; cursor_after: unknown }>(url, 'select * from ops.sync_run order by id');
  const stored = async () => (await query<{ n: number }>(url, 'select count(*)::int as n from hub.dossier'))[0]!.n;
  const untilStored = (atLeast: number) =>
    vi.waitFor(
      async () => {
        expect(await stored()).toBeGreaterThanOrEqual(atLeast);
      },
      { timeout: 60_000, interval: 100 },
    );
  return { url, prefix, queue, runs, stored, untilStored, close };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('infrastructure outages', () => {
  it('Redis gone for longer than the job lock: the stream never runs twice at once, and each component logs the outage in one line', async () => {
    const s = await scenario('faults_outage_redis');
    sim.control({ action: 'faults', set: { slowMs: 60 } });
    const worker = startWorkerProcess({ databaseUrl: s.url, redisUrl: redis.url, prefix: s.prefix, extra: { JOB_LOCK_MS: '1000' } });
    const output = outputOf(worker);
    try {
      await enqueueSync(s.queue, { connector: 'mcdt', stream: 'dossiers' });
      await s.untilStored(150);
      await redis.stop();
      await sleep(3000);
      await redis.start();
      // Redelivered once its lock had expired, the job meets the running run's lease.
      await vi.waitFor(
        async () => {
          expect(await s.stored()).toBe(SIZE);
          const runs = await s.runs();
          expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
        },
        { timeout: 60_000, interval: 200 },
      );
      const runs = await s.runs();
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finished_at!.getTime());
      const text = output.text();
      expect(text).not.toMatch(/\n\s+at |"stack"|Unhandled error event/);
      expect(text.split('\n').filter((line) => /Redis unreachable/.test(line)).length).toBeLessThanOrEqual(3);
      expect(text).toMatch(/worker: Redis unreachable/);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      worker.kill('SIGTERM');
      await exitOf(worker);
      await s.close();
    }
  });

  it('PostgreSQL gone for a few seconds: the run waits it out and finishes, one run, nothing lost', async () => {
    const s = await scenario('faults_outage_pg_short');
    sim.control({ action: 'faults', set: { slowMs: 30 } });
    const worker = startWorkerProcess({ databaseUrl: s.url, redisUrl: redis.url, prefix: s.prefix, extra: { JOB_LOCK_MS: '1000', DB_OUTAGE_LIMIT_MS: '30000' } });
    try {
      await enqueueSync(s.queue, { connector: 'mcdt', stream: 'dossiers' });
      await s.untilStored(150);
      await pg.stop();
      await sleep(2000);
      await pg.start();
      await vi.waitFor(async () => expect(await s.queue.getJob(syncJobId('mcdt', 'dossiers'))).toBeUndefined(), { timeout: 60_000, interval: 200 });
      expect((await s.runs()).map((r) => r.status)).toEqual(['succeeded']);
      expect(await s.stored()).toBe(SIZE);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      worker.kill('SIGTERM');
      await exitOf(worker);
      await s.close();
    }
  });

  it('PostgreSQL gone past the limit: the run fails with its cause, the failed job stays, and the next schedule tick retries it', async () => {
    const s = await scenario('faults_outage_pg_long');
    sim.control({ action: 'faults', set: { slowMs: 30 } });
    const worker = startWorkerProcess({ databaseUrl: s.url, redisUrl: redis.url, prefix: s.prefix, extra: { JOB_LOCK_MS: '1000', DB_OUTAGE_LIMIT_MS: '1000' } });
    try {
      await enqueueSync(s.queue, { connector: 'mcdt', stream: 'dossiers' });
      await s.untilStored(150);
      await pg.stop();
      const job = syncJobId('mcdt', 'dossiers');
      await vi.waitFor(async () => expect(await (await s.queue.getJob(job))?.getState()).toBe('failed'), { timeout: 30_000, interval: 200 });
      await sleep(1000);
      await pg.start();
      // The worker records the cause once the database is back; the run does not stay `running`.
      await vi.waitFor(async () => expect((await s.runs()).map((r) => [r.status, r.error_class])).toEqual([['failed', 'DatabaseUnavailableError']]), { timeout: 30_000, interval: 200 });
      expect((await s.queue.getJob(job))?.failedReason).toMatch(/database was unreachable/);

      sim.control({ action: 'faults', set: { slowMs: 0 } });
      // What a connector's cron scheduler emits:
      await s.queue.add(SCHEDULE_TICK, { connector: 'mcdt', stream: 'dossiers', trigger: 'schedule' }, { removeOnComplete: true, removeOnFail: true });
      await vi.waitFor(async () => expect((await s.runs()).map((r) => r.status)).toEqual(['failed', 'succeeded']), { timeout: 60_000, interval: 200 });
      const [failed, resumed] = await s.runs();
      expect(resumed!.cursor_before).toEqual(failed!.cursor_after);
      expect(await s.stored()).toBe(SIZE);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      worker.kill('SIGTERM');
      await exitOf(worker);
      await s.close();
    }
  });
});
