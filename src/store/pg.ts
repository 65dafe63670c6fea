import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { runTransaction } from './copy';

/**
 * A raw `pg` client borrowed from MikroORM's own pool, for the set-based ingest
 * SQL (unnest arrays, `$n` parameters) that the ORM's query builder cannot express
 * efficiently. Returned to the pool when `fn` settles.
 */
export async function withPgClient<T>(source: MikroORM | EntityManager, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const em = 'em' in source ? source.em : source;
  const pool = em.getConnection().getKnex().client as { acquireConnection(): Promise<PoolClient>; releaseConnection(c: PoolClient): Promise<void> };
  const client = await pool.acquireConnection();
  try {
    return await fn(client);
  } finally {
    await pool.releaseConnection(client);
  }
}

/** Rows of one statement with `$n` parameters, on a client of MikroORM's pool, without knex building or rewriting it. */
export function queryRows<R>(source: MikroORM | EntityManager, sql: string, params: readonly unknown[]): Promise<R[]> {
  return withPgClient(source, async (client) => (await client.query(sql, params as unknown[])).rows as R[]);
}

/** SQLSTATEs of a transaction PostgreSQL aborted to break a lock cycle or a serialization conflict: run it again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

/**
 * Runs `fn` in one transaction on a borrowed client: all of it commits, or none. A
 * transaction that lost a deadlock (two writers moving the same indicator roll-up rows,
 * src/indicators/facts.ts) is rolled back and run again, up to 4 times, after a short
 * random pause; `fn` must therefore only touch the database.
 */
export async function inTransaction<T>(orm: MikroORM, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withPgClient(orm, (client) => runTransaction(client, () => fn(client)));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    }
  }
}
