import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';

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

/** Runs `fn` in one transaction on a borrowed client: all of it commits, or none. */
export function inTransaction<T>(orm: MikroORM, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return withPgClient(orm, async (client) => {
    await client.query('begin');
    try {
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}
