/**
 * Developer tool: diffs the entities against a scratch database migrated to the
 * latest committed migration and writes the difference as a new migration file.
 * Run `npm run migration:create`, then add the new class to migrations/index.ts.
 */
import { resolve } from 'node:path';
import { dropDatabase, ensureDatabase } from './database';
import { migrateDatabase } from './migrate';
import { initOrm } from './orm';

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub';
  const url = new URL(base);
  url.pathname = '/hub_migration_scratch';
  const scratch = url.toString();
  await dropDatabase(scratch);
  await ensureDatabase(scratch);
  try {
    await migrateDatabase(scratch);
    const orm = await initOrm(scratch, {
      migrations: { path: resolve(__dirname, '../../../src/db/migrations'), emit: 'ts', snapshot: false, migrationsList: undefined },
    });
    const result = await orm.getMigrator().createMigration(undefined, false, false);
    await orm.close(true);
    console.log(result.fileName ? `Wrote src/db/migrations/${result.fileName}; add it to src/db/migrations/index.ts` : 'No changes: the entities match the migrations.');
  } finally {
    await dropDatabase(scratch);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
