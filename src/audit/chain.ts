import { digestOf } from './canonical';

/**
 * How one audit entry is chained. Its `digest` is sha256 over the canonical JSON of its
 * content; its `hash` is sha256 over the canonical JSON of `{digest, prev}`, where `prev`
 * is the hash of the entry before it. Splitting the two lets an evidence bundle prove a
 * path through the chain with only the digests of the entries it does not show.
 */

/** The hash the first entry points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry says; its position is bound by the chain, not by a number inside it. */
export interface ChainContent {
  at: string;
  action: string;
  actor: { type: string; id: string | null; name: string | null; role: string | null };
  target: { type: string; id: string } | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** A stored row of ops.audit_event, as read with `pg`. */
export interface AuditEventRow {
  id: string;
  seq: string;
  /** ISO 8601, UTC, milliseconds (see ISO_AT). */
  at: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** A timestamptz column as the chain hashes it: ISO 8601 in UTC with milliseconds, whatever the session's time zone or driver. */
export const isoUtc = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const AUDIT_EVENT_COLUMNS = `id, seq::text as seq, ${isoUtc('at')} as at, action, actor_type, actor_id, actor_name, actor_role, target_type, target_id, before, after, details, prev_hash, hash`;

export function contentOfRow(row: AuditEventRow): ChainContent {
  return {
    at: row.at,
    action: row.action,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name, role: row.actor_role },
    target: row.target_type === null && row.target_id === null ? null : { type: row.target_type ?? '', id: row.target_id ?? '' },
    before: row.before ?? null,
    after: row.after ?? null,
    details: row.details ?? {},
  };
}

export const contentDigest = (content: ChainContent): string => digestOf(content);

export const linkHash = (digest: string, prev: string): string => digestOf({ digest, prev });
