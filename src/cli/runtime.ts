import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisConnection, syncQueue } from '../../jobs/queue';
import type { SyncJobData } from '../../jobs/types';
import type { Env } from '../config';
import { initOrm } from '../db/orm';
import { t } from '../i18n';
import { unavailableError } from './errors';
import { checkServices } from './preflight';

/** What a command that reads or changes the hub gets: the store, and the queue when it asked for one. */
export interface Store {
  orm: MikroORM;
  em: EntityManager;
  env: Env;
}
export interface StoreAndQueue extends Store {
  queue: Queue<SyncJobData>;
}

async function openOrm(e: Env): Promise<MikroORM> {
  let orm: MikroORM;
  try {
    orm = await initOrm(e.DATABASE_URL);
  } catch (error) {
    throw missingDatabase(error) ?? error;
  }
  try {
    const pending = await orm.getMigrator().getPendingMigrations();
    if (pending.length) throw unavailableError(t('error.migrationsPending', { count: pending.length }));
  } catch (error) {
    await orm.close(true);
    throw missingDatabase(error) ?? error;
  }
  return orm;
}

/** PostgreSQL answers but the hub's database is not there yet (3D000). */
function missingDatabase(error: unknown) {
  return (error as { code?: string }).code === '3D000' ? unavailableError(t('error.databaseMissing')) : null;
}

/**
 * Fails with the translated message (exit 3) when the services are away or migrations
 * are pending, before a long-running process starts.
 */
export async function assertReady(e: Env): Promise<void> {
  await checkServices(e.DATABASE_URL, e.REDIS_URL);
  await (await openOrm(e)).close(true);
}

/** The store alone: for commands that only read or write rows (no Redis needed). */
export async function withStore<T>(e: Env, fn: (store: Store) => Promise<T>): Promise<T> {
  await checkServices(e.DATABASE_URL, null);
  const orm = await openOrm(e);
  try {
    return await fn({ orm, em: orm.em.fork(), env: e });
  } finally {
    await orm.close(true);
  }
}

/** The store and the sync queue: for commands that queue, cancel or schedule runs. */
export async function withStoreAndQueue<T>(e: Env, fn: (store: StoreAndQueue) => Promise<T>): Promise<T> {
  await checkServices(e.DATABASE_URL, e.REDIS_URL);
  const orm = await openOrm(e);
  const connection: Redis = redisConnection(e.REDIS_URL);
  const queue = syncQueue(connection, e.QUEUE_PREFIX, 'cli');
  try {
    return await fn({ orm, em: orm.em.fork(), env: e, queue });
  } finally {
    await queue.close().catch(() => undefined);
    await connection.quit().catch(() => undefined);
    await orm.close(true);
  }
}
