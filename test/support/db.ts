import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, inject } from 'vitest';
import { dropDatabase, ensureDatabase, splitDatabaseUrl } from '../../src/db/database';
import { initOrm } from '../../src/db/orm';
import { withPgClient } from '../../src/store/pg';

export interface TestDatabase {
  url: string;
  orm: MikroORM;
  /** Runs SQL (`$1` parameters) on the test database and returns its rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

// `afterAll` registered inside a `beforeAll` never runs, so the databases a file creates
// are dropped by this hook, registered when the file imports this module.
const created: { url: string; orm: MikroORM }[] = [];
afterAll(async () => {
  for (const { url, orm } of created.splice(0)) {
    await orm.close(true);
    await dropDatabase(url);
  }
});

/** A fresh database for this test file, cloned from the migrated template and dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabaseUrl');
  const url = new URL(template);
  // Named after the test run, so the run's teardown (or the next run) can sweep what a crash left.
  url.pathname = `/hub_test_${inject('testRunId')}_${randomBytes(4).toString('hex')}`;
  const dbUrl = url.toString();
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(dbUrl, splitDatabaseUrl(template).database);
      break;
    } catch (error) {
      // Another file cloning the template at the same instant holds it briefly.
      if (attempt > 20 || !String((error as Error).message).includes('being accessed')) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const orm = await initOrm(dbUrl);
  created.push({ url: dbUrl, orm });
  const query = async <T>(sql: string, params: unknown[] = []) => (await withPgClient(orm, (c) => c.query(sql, params))).rows as T[];
  return { url: dbUrl, orm, query };
}
