import type { EntityManager } from '@mikro-orm/postgresql';
import { withPgClient } from '../store/pg';

/** An entry of ops.quarantine as the CLI lists it (the payload only in `getQuarantined`). */
export interface QuarantineEntry {
  id: number;
  connector: string | null;
  stream: string;
  sourceKey: string | null;
  reason: string;
  timesSeen: number;
  firstRunId: number;
  runId: number;
  createdAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  resolvedRunId: number | null;
}

export interface QuarantineFilter {
  connector?: string | null;
  stream?: string | null;
  reasonContains?: string | null;
  /** Closed entries too (default: open only). */
  all?: boolean;
  limit?: number;
}

const COLUMNS = `q.id, c.name as connector, q.stream, q.source_key as "sourceKey", q.reason, q.times_seen as "timesSeen", q.first_run_id as "firstRunId",
  q.run_id as "runId", q.created_at as "createdAt", q.last_seen_at as "lastSeenAt", q.resolved_at as "resolvedAt", q.resolved_run_id as "resolvedRunId"`;

/** Quarantined records, newest first, with the total matching the filter. */
export async function listQuarantined(em: EntityManager, filter: QuarantineFilter = {}): Promise<{ entries: QuarantineEntry[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (!filter.all) where.push('q.resolved_at is null');
  if (filter.connector) add('c.name = ?', filter.connector);
  if (filter.stream) add('q.stream = ?', filter.stream);
  if (filter.reasonContains) add(`q.reason ilike '%' || ? || '%'`, filter.reasonContains);
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  return withPgClient(em, async (client) => {
    const { rows } = await client.query<QuarantineEntry>(`select ${COLUMNS} from ops.quarantine q left join ops.connector c on c.id = q.connector_id ${clause} order by q.id desc limit ${Math.min(Math.max(filter.limit ?? 50, 1), 1000)}`, params);
    const { rows: count } = await client.query<{ n: number }>(`select count(*)::int as n from ops.quarantine q left join ops.connector c on c.id = q.connector_id ${clause}`, params);
    return { entries: rows, total: count[0]?.n ?? 0 };
  });
}

/** One entry with its stored payload, or null. */
export async function getQuarantined(em: EntityManager, id: number): Promise<(QuarantineEntry & { payload: unknown }) | null> {
  return withPgClient(em, async (client) => {
    const { rows } = await client.query<QuarantineEntry & { payload: unknown }>(`select ${COLUMNS}, q.payload from ops.quarantine q left join ops.connector c on c.id = q.connector_id where q.id = $1`, [id]);
    return rows[0] ?? null;
  });
}
