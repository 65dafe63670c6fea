import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../src/api/server';
import { apiPoolOptions, initOrm } from '../../src/db/orm';
import { openOpsProbes } from '../../src/health/ops-probes';
import { startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix } from '../support/redis';
import { exitOf, outputOf, startWorkerProcess } from '../support/worker-process';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});

const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');
const json = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { ok: boolean; notReady?: string[]; checks?: Record<string, { ok: boolean; error?: string }> } };
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('API health endpoints', () => {
  it('/healthz is alive, /readyz (and /health) check PostgreSQL, Redis and migrations', async () => {
    const api = await startTestApi(db.orm);
    try {
      expect(await json(`${base(api.url)}/healthz`)).toMatchObject({ status: 200, body: { ok: true } });
      const ready = await json(`${base(api.url)}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ ok: true, notReady: [], checks: { database: { ok: true }, redis: { ok: true }, migrations: { ok: true } } });
      expect((await json(`${base(api.url)}/health`)).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('names pending migrations and an unreachable Redis, within the probe timeout', async () => {
    const last = (await db.query<{ name: string }>('select name from mikro_orm_migrations order by id desc limit 1'))[0]!.name;
    await db.query('delete from mikro_orm_migrations where name = $1', [last]);
    const probes = openOpsProbes({ databaseUrl: db.url, redisUrl: 'redis://127.0.0.1:1', queue: null, pools: [] });
    const api = await startApiServer({ orm: db.orm, host: '127.0.0.1', port: 0, probes });
    try {
      const ready = await json(`${base(api.url)}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.notReady).toEqual(['redis', 'migrations']);
      expect(ready.body.checks!.database!.ok).toBe(true);
      expect(ready.body.checks!.migrations!.error).toContain(last);
      expect((await json(`${base(api.url)}/healthz`)).status).toBe(200);
    } finally {
      await db.query('insert into mikro_orm_migrations (name) values ($1)', [last]);
      await api.close();
      await probes.close();
    }
  });

  it('stays ready while every connection of the API pool is busy (the probe has its own)', async () => {
    const tiny = await initOrm(db.url, apiPoolOptions({ API_POOL_MAX: 1, API_STATEMENT_TIMEOUT_MS: 10_000 }));
    const api = await startTestApi(tiny);
    try {
      const holding = tiny.em.getConnection().execute('select pg_sleep(2)');
      await new Promise((r) => setTimeout(r, 100));
      const ready = await json(`${base(api.url)}/readyz`);
      expect(ready.status).toBe(200);
      await holding;
    } finally {
      await api.close();
      await tiny.close(true);
    }
  });
});

describe('worker health port', () => {
  it('`hub worker` serves /healthz, /readyz and /metrics on WORKER_HEALTH_PORT', async () => {
    const port = await freePort();
    const child = startWorkerProcess({ databaseUrl: db.url, prefix: createQueuePrefix(), extra: { WORKER_HEALTH_PORT: String(port) } });
    const out = outputOf(child);
    try {
      let ready: Awaited<ReturnType<typeof json>> | null = null;
      for (let i = 0; i < 100 && !ready; i++) {
        ready = await json(`http://127.0.0.1:${port}/readyz`).catch(() => null);
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready, out.text()).toMatchObject({ status: 200, body: { ok: true } });
      expect((await json(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/^hub_queue_jobs\{state="waiting"\} 0$/m);
      expect(metrics).toMatch(/^hub_db_pool_connections\{pool="worker",state="max"\} 10$/m);
      expect(metrics).toContain('process_cpu_user_seconds_total');
    } finally {
      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(0);
    }
  }, 60_000);
});

