import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from './orm';

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** Opens the database, applies pending migrations and closes it again. */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const orm = await initOrm(databaseUrl);
  try {
    return await migrateUp(orm);
  } finally {
    await orm.close(true);
  }
}
