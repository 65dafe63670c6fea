import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * `COPY … FROM STDIN` for the ingest path (issue 12): a batch's rows travel as one block
 * of COPY text instead of one array literal per column for `unnest`, which cost the hub
 * its escaping of every value (the payloads above all) and PostgreSQL its array parsing.
 * Append-only rows (raw versions, dossier events) are copied straight into their table;
 * rows that merge (ON CONFLICT) are copied into a staging table and merged by one
 * statement (`stageRows`).
 */

/** Column types the ingest path writes; `jsonb`/`json` values are sent as JSON text. */
export type PgType = 'text' | 'int4' | 'int8' | 'int2' | 'float8' | 'bool' | 'timestamptz' | 'date' | 'jsonb' | 'json' | 'text[]';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** A string as a COPY text field: backslash, tab, newline and carriage return escaped. */
export const escapeCopyText = (s: string): string => (/[\\\n\r\t]/.test(s) ? s.replace(/[\\\n\r\t]/g, (ch) => ESCAPES[ch]!) : s);

/** One value as a COPY text field: null as `\N`, dates as ISO text, JSON types as JSON text, `text[]` from a string array. */
export function copyValue(type: PgType, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (type === 'bool') return v ? 't' : 'f';
  if (type === 'text[]') return escapeCopyText(textArrayLiteral(v as readonly string[]));
  return escapeCopyText(typeof v === 'string' && type !== 'jsonb' && type !== 'json' ? v : JSON.stringify(v));
}

/** A `text[]` literal; every element quoted (JSON string quoting is what the array parser reads for `"` and `\`). */
export const textArrayLiteral = (items: readonly string[]): string => `{${items.map((f) => JSON.stringify(f)).join(',')}}`;

/** Sends `lines` (COPY text, one row per line) through `copy <target> from stdin`; returns the rows copied. */
export async function copyLines(client: PoolClient, target: string, lines: string): Promise<number> {
  const sink = client.query(copyFrom(`copy ${target} from stdin`));
  sink.end(lines);
  await finished(sink);
  return sink.rowCount;
}

/**
 * Staging tables each session already holds for good (created in a transaction that
 * committed), and those created in its open transaction: a rollback takes the latter away.
 */
const durable = new WeakMap<PoolClient, Set<string>>();
const pending = new WeakMap<PoolClient, Set<string>>();

/** The client's transaction committed: its new staging tables stay. */
function stagingCommitted(client: PoolClient): void {
  const created = pending.get(client);
  if (!created?.size) return;
  const known = durable.get(client) ?? new Set<string>();
  for (const name of created) known.add(name);
  durable.set(client, known);
  created.clear();
}

/** The client's transaction rolled back: the staging tables it created are gone. */
function stagingRolledBack(client: PoolClient): void {
  pending.get(client)?.clear();
}

/**
 * Fills the session's staging table `name` with `lines` for one merge: created on first
 * use (temporary, emptied in place at every commit) and filled by one COPY. The merge
 * reads it as `delete from <name> returning *`, so a second batch in the same
 * transaction starts from an empty table too. Call it inside a transaction
 * (`inOpenTransaction`): outside one the rows would be gone before the merge. The
 * `create … if not exists` is sent until a transaction that created the table is known
 * to have committed (`runTransaction` says so), one round trip fewer per table after that.
 */
export async function stageRows(client: PoolClient, name: string, columns: readonly { name: string; type: PgType }[], lines: string): Promise<void> {
  if (!durable.get(client)?.has(name)) {
    await client.query(`create temporary table if not exists ${name} (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')}) on commit delete rows`);
    const created = pending.get(client) ?? new Set<string>();
    created.add(name);
    pending.set(client, created);
  }
  await copyLines(client, `${name} (${columns.map((c) => `"${c.name}"`).join(', ')})`, lines);
}

/** Runs `fn` in the caller's open transaction, or in one of its own when the client has none. */
export async function inOpenTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  const status = (client as unknown as { getTransactionStatus?: () => string | null }).getTransactionStatus?.();
  return status === 'T' ? fn() : runTransaction(client, fn);
}

/** Runs `fn` in one transaction on `client`, telling the staging bookkeeping whether it committed. */
export async function runTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await fn();
    await client.query('commit');
    stagingCommitted(client);
    return result;
  } catch (error) {
    stagingRolledBack(client);
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
