import { Client } from 'pg';

/** Splits a postgres URL into the server URL (on the `postgres` maintenance db) and the db name. */
export function splitDatabaseUrl(databaseUrl: string): { adminUrl: string; database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`DATABASE_URL ${redactUrl(databaseUrl)} names no database (add /dbname at the end)`);
  url.pathname = '/postgres';
  return { adminUrl: url.toString(), database };
}

/** A URL safe to print: the password replaced by ***. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw;
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database if it does not exist; returns true when it created it. */
export async function ensureDatabase(databaseUrl: string, template?: string): Promise<boolean> {
  const { adminUrl, database } = splitDatabaseUrl(databaseUrl);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`create database ${quoteIdent(database)}${template ? ` template ${quoteIdent(template)}` : ''}`);
    return true;
  } catch (error) {
    // Two processes racing to create the same database: the loser can go on.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** Drops a database, disconnecting its sessions first. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { adminUrl, database } = splitDatabaseUrl(databaseUrl);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${quoteIdent(database)} with (force)`);
  } finally {
    await client.end();
  }
}
