import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';

/** Postgres array element types the ingest path sends through `unnest`. */
export type PgType = 'text' | 'int4' | 'int2' | 'float8' | 'bool' | 'timestamptz' | 'date' | 'jsonb';

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

const toParam = (type: PgType, v: unknown): unknown => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (type === 'jsonb') return JSON.stringify(v);
  return v;
};

// jsonb travels as text (an array of jsonb literals would need quoting) and is cast per row.
const arrayType = (t: PgType) => (t === 'jsonb' ? 'text' : t);

/**
 * One statement for a whole batch: `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE
 * … WHERE content_hash IS DISTINCT FROM …`, so an unchanged record costs a comparison,
 * not a write. Duplicate keys in a batch keep the last (newest) occurrence.
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
  const params: unknown[] = cols.map((c) => unique.map((r) => toParam(c.type, c.value(r))));
  // The hash covers the whole unified record, children (e.g. a process log) included.
  params.push(unique.map((r) => contentHash(r)));
  params.push(meta.sourceSystem, meta.runId);
  const n = cols.length;
  const names = cols.map((c) => `"${c.name}"`);
  const unnest = cols.map((c, i) => `$${i + 1}::${arrayType(c.type)}[]`).concat(`$${n + 1}::text[]`).join(', ');
  const select = cols.map((c) => (c.type === 'jsonb' ? `u."${c.name}"::jsonb` : `u."${c.name}"`));
  const updates = columns.map((c) => (spec.mergeNulls ? `"${c.name}" = coalesce(excluded."${c.name}", t."${c.name}")` : `"${c.name}" = excluded."${c.name}"`));
  const sql = `
    insert into ${spec.table} as t (${names.join(', ')}, content_hash, source_system, first_run_id, last_run_id)
    select ${select.join(', ')}, u.content_hash, $${n + 2}, $${n + 3}, $${n + 3}
    from unnest(${unnest}) as u(${names.join(', ')}, content_hash)
    on conflict (${(spec.conflict ?? [spec.key.name]).map((c) => `"${c}"`).join(', ')}) do update set
      ${updates.join(', ')}, content_hash = excluded.content_hash, source_system = ${spec.mergeNulls ? 't.source_system' : 'excluded.source_system'},
      last_run_id = excluded.last_run_id, updated_at = now(), gone_at = null
    where t.content_hash is distinct from excluded.content_hash or t.gone_at is not null
    returning t.id, t."${spec.key.name}" as key, (t.xmax = 0) as inserted`;
  const { rows } = await client.query<{ id: number; key: string; inserted: boolean }>(sql, params);
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length, changed: rows };
}
