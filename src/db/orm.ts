import 'reflect-metadata';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from './migrations';

/** MikroORM options for one database URL. The app never auto-updates the schema: migrations only. */
export function ormOptions(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { requireEntitiesArray: true },
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    // The indicator roll-ups are SQL-only tables kept by triggers (src/indicators/facts.ts).
    schemaGenerator: { skipTables: [/^indicator_(dossier|day|month|month_agency)$/] },
    pool: { min: 0, max: 10 },
    debug: false,
    allowGlobalContext: false,
    ...overrides,
  });
}

export function initOrm(databaseUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init<PostgreSqlDriver>(ormOptions(databaseUrl, overrides));
}

export type { MikroORM };

/**
 * The API's pool: its own connections (never the worker's), each statement cut at
 * API_STATEMENT_TIMEOUT_MS, and named so `pg_stat_activity` tells them apart.
 */
export function apiPoolOptions(env: { API_POOL_MAX: number; API_STATEMENT_TIMEOUT_MS: number }): Partial<Options> {
  return {
    // The worker's pool makes sure the database exists; this check would run under the API's timeout.
    ensureDatabase: false,
    pool: { min: 0, max: env.API_POOL_MAX },
    driverOptions: { connection: { statement_timeout: env.API_STATEMENT_TIMEOUT_MS, application_name: 'hub-api' } },
  };
}
