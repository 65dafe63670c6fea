import type { EntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import type { Viewer } from '../auth/roles';
import { type ChainContent, contentDigest, isoUtc, linkHash } from './chain';

/**
 * The audit log: one append-only row per administrative action (connector and
 * schedule changes, sync triggers and cancels, quarantine replays, key management).
 * An entry is written in the same transaction as the action it records, so an action
 * whose entry cannot be written fails with it. Entries form a hash chain (chain.ts);
 * the database refuses updates and deletes of them.
 */

/** Who (or what) did it. */
export interface AuditActor {
  /** `key` an API key, `token` an identity-provider token, `cli` the hub's command line, `schedule` a cron tick, `system` the hub itself. */
  type: 'key' | 'token' | 'cli' | 'schedule' | 'system';
  /** Key id, token subject, OS user, scheduler id; null when there is none. */
  id: string | null;
  name: string | null;
  role: string | null;
}

export interface AuditEntry {
  /** Dotted verb, e.g. `connector.create`, `schedule.set`, `sync.trigger`, `run.cancel`, `quarantine.replay`, `key.revoke`. */
  action: string;
  actor: AuditActor;
  /** What it was done to, e.g. `{ type: 'connector', id: 'mcdt-demo' }`. */
  target?: { type: string; id: string } | null;
  /** State before and after; secrets already redacted by the caller. */
  before?: unknown;
  after?: unknown;
  /** Anything else worth keeping (the reason given, the run ids started, …). */
  details?: Record<string, unknown>;
}

/** The actor behind a GraphQL request. */
export function actorOf(viewer: Viewer): AuditActor {
  if (viewer.via === 'anonymous') return { type: 'system', id: null, name: 'anonymous', role: viewer.role };
  return { type: viewer.via === 'jwt' ? 'token' : 'key', id: viewer.keyId ?? viewer.name, name: viewer.name, role: viewer.role };
}

/** The actor behind a command typed at this machine. */
export function cliActor(): AuditActor {
  const user = process.env.SUDO_USER ?? process.env.USER ?? process.env.USERNAME ?? null;
  return { type: 'cli', id: user, name: user ? `${user} (hub CLI)` : 'hub CLI', role: null };
}

const INSERT_COLUMNS = 'action, actor_type, actor_id, actor_name, actor_role, target_type, target_id, before, after, details, at, seq, prev_hash, hash';

/** Runs `$n`-numbered SQL (each placeholder once, in order) on a `pg` client or in an EntityManager's transaction. */
export async function queryOn<R>(executor: PoolClient | EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  if ('query' in executor && typeof executor.query === 'function') return (await executor.query(sql, params)).rows as R[];
  const em = executor as EntityManager;
  return em.getConnection().execute<R[]>(sql.replace(/\$\d+/g, '?'), params, 'all', em.getTransactionContext());
}

/**
 * Appends one entry to the chain, in the caller's transaction (a `pg` client inside
 * `begin`, or an EntityManager inside `em.transactional`). Returns the entry's id.
 *
 * Appends are serialised on the one row of ops.audit_head (locked until the caller's
 * transaction ends), so two entries can never claim the same predecessor: the chain
 * does not fork. The head row is read after the lock is granted, so it is the latest
 * committed one. If the entry cannot be written, the caller's transaction fails with it.
 */
export async function recordAudit(executor: PoolClient | EntityManager, entry: AuditEntry): Promise<number> {
  const [head] = await queryOn<{ seq: string; hash: string; at: string }>(
    executor,
    `select seq::text as seq, hash, ${isoUtc('clock_timestamp()')} as at from ops.audit_head where id = 1 for update`,
    [],
  );
  if (!head) throw new Error('ops.audit_head is missing its row: the audit log cannot be written (run the migrations)');
  const json = (v: unknown) => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as unknown));
  const content: ChainContent = {
    at: head.at,
    action: entry.action,
    actor: { type: entry.actor.type, id: entry.actor.id, name: entry.actor.name, role: entry.actor.role },
    target: entry.target ? { type: entry.target.type, id: entry.target.id } : null,
    before: json(entry.before),
    after: json(entry.after),
    details: json(entry.details ?? {}),
  };
  const seq = BigInt(head.seq) + 1n;
  const hash = linkHash(contentDigest(content), head.hash);
  const text = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const params = [
    content.action, content.actor.type, content.actor.id, content.actor.name, content.actor.role, content.target?.type ?? null, content.target?.id ?? null,
    text(content.before), text(content.after), text(content.details), head.at, seq.toString(), head.hash, hash,
  ];
  const rows = await queryOn<{ id: string }>(
    executor,
    `with e as (insert into ops.audit_event (${INSERT_COLUMNS}) values (${params.map((_, i) => `$${i + 1}`).join(', ')}) returning id, seq, hash)
     update ops.audit_head h set seq = e.seq, hash = e.hash from e where h.id = 1 returning e.id`,
    params,
  );
  return Number(rows[0]!.id);
}
