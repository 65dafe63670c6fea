import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Migrates one template database per test run; each test file clones it
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds and isolates files fully.
 */
export default async function setup(project: TestProject) {
  const url = new URL(BASE_URL);
  url.pathname = `/hub_test_tpl_${process.pid}`;
  const template = url.toString();
  await dropDatabase(template);
  await ensureDatabase(template);
  await migrateDatabase(template);
  project.provide('templateDatabaseUrl', template);
  return async () => {
    await dropDatabase(template);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}
