import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisConnection, syncQueue } from '../jobs/queue';
import { syncSchedules } from '../jobs/schedule';
import type { SyncJobData } from '../jobs/types';
import { startSyncWorker, type SyncWorker } from '../jobs/worker';
import { type ApiServer, securityFromEnv, startApiServer } from './api/server';
import { checkServices } from './cli/preflight';
import { type HealthServer, startHealthServer } from './health/health-server';
import { openOpsProbes } from './health/ops-probes';
import type { Env } from './config';
import { ensureDatabase } from './db/database';
import { migrateUp } from './db/migrate';
import { apiPoolOptions, initOrm } from './db/orm';
import { logger } from './logger';

export interface Hub {
  /** The worker's (and the CLI's) ORM and pool. */
  orm: MikroORM;
  /** The API's own ORM and pool, when the API runs. */
  apiOrm: MikroORM | null;
  queue: Queue<SyncJobData>;
  api: ApiServer | null;
  worker: SyncWorker | null;
  /** The worker's /healthz, /readyz and /metrics port (`hub worker`; with the API, the API's port serves them). */
  health: HealthServer | null;
  /** Drains: stops the API, lets running jobs finish (or returns them to the queue), closes pools. */
  close(): Promise<void>;
}

export interface HubOptions {
  api: boolean;
  worker: boolean;
  /** Create the database and apply pending migrations first (demo, small installs). */
  prepareDatabase?: boolean;
}

/** Starts the API, the worker, or both in one process. */
export async function startHub(env: Env, opts: HubOptions): Promise<Hub> {
  await checkServices(env.DATABASE_URL, env.REDIS_URL);
  if (opts.prepareDatabase) await ensureDatabase(env.DATABASE_URL);
  const orm = await initOrm(env.DATABASE_URL);
  if (opts.prepareDatabase) {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  } else {
    const pending = await orm.getMigrator().getPendingMigrations();
    if (pending.length) {
      await orm.close(true);
      throw new Error(`The database has ${pending.length} pending migration(s) (${pending.map((m) => m.name).join(', ')}). Run \`npm run migrate\` first.`);
    }
  }
  const connection: Redis = redisConnection(env.REDIS_URL);
  const queue = syncQueue(connection, env.QUEUE_PREFIX);
  const worker = opts.worker
    ? startSyncWorker({ orm, connection: redisConnection(env.REDIS_URL), prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, log: logger, lockMs: env.JOB_LOCK_MS, dbOutageLimitMs: env.DB_OUTAGE_LIMIT_MS })
    : null;
  if (worker) {
    const { scheduled } = await syncSchedules(queue, orm.em.fork());
    if (scheduled.length) logger.info({ scheduled }, 'cron schedules registered');
  }
  // The API never borrows from the worker's pool: its own pool, with a statement timeout, so
  // a costly request cannot starve a sync of connections (nor run unbounded).
  const apiOrm = opts.api ? await initOrm(env.DATABASE_URL, apiPoolOptions(env)) : null;
  const limiterRedis = opts.api ? new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  limiterRedis?.on('error', () => undefined);
  // Health and scrape-time metrics on connections of their own, for a process that serves HTTP.
  const serves = opts.api || opts.worker;
  const probes = serves
    ? openOpsProbes({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, queue, pools: [...(apiOrm ? [{ name: 'api', orm: apiOrm }] : []), ...(opts.worker ? [{ name: 'worker', orm }] : [])] })
    : null;
  const api = apiOrm ? await startApiServer({ orm: apiOrm, host: env.HOST, port: env.PORT, redis: limiterRedis, security: securityFromEnv(env), probes, queue }) : null;
  const health = worker && !api && probes ? await startHealthServer({ host: env.HOST, port: env.WORKER_HEALTH_PORT, probes }) : null;
  if (health) logger.info({ url: health.url }, 'worker health and metrics listening');
  return {
    orm,
    queue,
    api,
    apiOrm,
    worker,
    health,
    async close() {
      await api?.close();
      await health?.close();
      await probes?.close();
      await apiOrm?.close(true);
      limiterRedis?.disconnect();
      if (worker) {
        await worker.close(env.SHUTDOWN_TIMEOUT_MS);
        await (worker.worker.opts.connection as Redis).quit().catch(() => undefined);
      }
      await queue.close();
      await connection.quit().catch(() => undefined);
      await orm.close(true);
    },
  };
}
