import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Drops the test databases of one run (`hub_test_<run>_…`, `hub_test_tpl_<run>`), or,
 * with no run given, of every run whose process is gone (an interrupted run leaves them).
 */
async function sweep(run?: number): Promise<void> {
  const admin = new Client({ connectionString: BASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname ~ '^hub_test_([0-9]+_[0-9a-f]{8}|tpl_[0-9]+)$'`);
    for (const { datname } of rows) {
      const owner = Number(/^hub_test_(?:tpl_)?(\d+)/.exec(datname)![1]);
      if (run === undefined ? !alive(owner) : owner === run) {
        const url = new URL(BASE_URL);
        url.pathname = `/${datname}`;
        await dropDatabase(url.toString());
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * Migrates one template database per test run; each test file clones it
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds and isolates files fully.
 */
export default async function setup(project: TestProject) {
  await sweep();
  const url = new URL(BASE_URL);
  url.pathname = `/hub_test_tpl_${process.pid}`;
  const template = url.toString();
  await dropDatabase(template);
  await ensureDatabase(template);
  await migrateDatabase(template);
  project.provide('templateDatabaseUrl', template);
  project.provide('testRunId', process.pid);
  return async () => {
    await sweep(process.pid);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
    testRunId: number;
  }
}
