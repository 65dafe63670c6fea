import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { copyValue, escapeCopyText, inOpenTransaction, type PgType, stageRows } from '../copy';

export type { PgType };

export interface Column<R> {
  name: string;
  type: PgType;
  value(record: R): unknown;
}

export interface UpsertSpec<R> {
  /** Schema-qualified table, e.g. `hub.dossier`. */
  table: string;
  /** The column identifying a record (returned as `key`). */
  key: Column<R>;
  /** The unique constraint's columns, when it is not `key` alone (e.g. source_system + key). */
  conflict?: string[];
  /**
   * Shared catalogues several sources describe (agencies): a source that leaves a
   * field empty keeps the value another source gave, and the row keeps its first source.
   */
  mergeNulls?: boolean;
  /** A column that records the source record's own key (when the unified key is built from other fields). */
  sourceKeyColumn?: string;
  columns: Column<R>[];
}

/** Who wrote a batch: the source system, the run and, parallel to the records, their source keys. */
export interface WriteMeta {
  sourceSystem: string;
  runId: number;
  sourceKeys?: readonly string[];
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** id and key of every inserted or updated row. */
  changed: { id: number; key: string; inserted: boolean }[];
}

/** A stable content hash of a unified record: equal hash, equal content. */
export function contentHash(record: unknown): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('base64url');
}

/**
 * One set-based merge for a whole batch: the rows are COPYed into a staging table
 * (src/store/copy.ts), then `INSERT … SELECT FROM (DELETE FROM stage RETURNING *) ON
 * CONFLICT DO UPDATE … WHERE content_hash IS DISTINCT FROM …`, so an unchanged record
 * costs a comparison, not a write. Duplicate keys in a batch keep the last (newest)
 * occurrence. Runs in the caller's transaction (or one of its own).
 */
export async function bulkUpsert<R>(
  client: PoolClient,
  spec: UpsertSpec<R>,
  records: readonly R[],
  meta: WriteMeta,
): Promise<UpsertResult> {
  const byKey = new Map<string, R>();
  const sourceKeyOf = new Map<R, string>();
  records.forEach((r, i) => {
    byKey.set(String(spec.key.value(r)), r);
    const sourceKey = meta.sourceKeys?.[i];
    if (sourceKey !== undefined) sourceKeyOf.set(r, sourceKey);
  });
  const unique = [...byKey.values()];
  if (!unique.length) return { inserted: 0, updated: 0, unchanged: 0, changed: [] };

  const sourceKeyColumn: Column<R>[] = spec.sourceKeyColumn ? [{ name: spec.sourceKeyColumn, type: 'text', value: (r) => sourceKeyOf.get(r) ?? null }] : [];
  const columns = [...spec.columns, ...sourceKeyColumn];
  const cols = [spec.key, ...columns];
  // The hash covers the whole unified record, children (e.g. a process log) included.
  let lines = '';
  for (const r of unique) lines += `${cols.map((c) => copyValue(c.type, c.value(r))).join('\t')}\t${escapeCopyText(contentHash(r))}\n`;
  const stage = `stage_${spec.table.replace('.', '_')}`;
  const names = cols.map((c) => `"${c.name}"`);
  const updates = columns.map((c) => (spec.mergeNulls ? `"${c.name}" = coalesce(excluded."${c.name}", t."${c.name}")` : `"${c.name}" = excluded."${c.name}"`));
  const sql = `
    with u as (delete from ${stage} returning *)
    insert into ${spec.table} as t (${names.join(', ')}, content_hash, source_system, first_run_id, last_run_id)
    select ${names.map((n) => `u.${n}`).join(', ')}, u.content_hash, $1, $2, $2
    from u
    on conflict (${(spec.conflict ?? [spec.key.name]).map((c) => `"${c}"`).join(', ')}) do update set
      ${updates.join(', ')}, content_hash = excluded.content_hash, source_system = ${spec.mergeNulls ? 't.source_system' : 'excluded.source_system'},
      last_run_id = excluded.last_run_id, updated_at = now(), gone_at = null
    where t.content_hash is distinct from excluded.content_hash or t.gone_at is not null
    returning t.id, t."${spec.key.name}" as key, (t.xmax = 0) as inserted`;
  const rows = await inOpenTransaction(client, async () => {
    await stageRows(client, stage, [...cols, { name: 'content_hash', type: 'text' }], lines);
    return (await client.query<{ id: number; key: string; inserted: boolean }>(sql, [meta.sourceSystem, meta.runId])).rows;
  });
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length, changed: rows };
}
