import { dropDatabase, ensureDatabase, redactUrl } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The scratch database's URL: the server of BENCH_DATABASE_URL / DATABASE_URL, database `hub_bench_<pid>`. */
export function scratchDatabaseUrl(pid = process.pid): string {
  const url = new URL(process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_SERVER);
  url.pathname = `/hub_bench_${pid}`;
  return url.toString();
}

/** True when the database server is this machine (its processes can be seen in /proc). */
export function isLocalServer(databaseUrl: string): boolean {
  const host = new URL(databaseUrl).hostname;
  return host === '' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** Creates the scratch database afresh (dropping a leftover of the same name) and migrates it. */
export async function createScratchDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await ensureDatabase(url);
  try {
    await migrateDatabase(url);
  } catch (error) {
    await dropDatabase(url).catch(() => undefined);
    throw new Error(`migrating the scratch database ${redactUrl(url)} failed: ${(error as Error).message}`, { cause: error });
  }
}

export { dropDatabase, redactUrl };
