import type { EntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import type { Viewer } from '../auth/roles';

/**
 * The audit log: one append-only row per administrative action (connector and
 * schedule changes, sync triggers and cancels, quarantine replays, key management).
 * An entry is written in the same transaction as the action it records, so an action
 * whose entry cannot be written fails with it.
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

const INSERT_COLUMNS = 'action, actor_type, actor_id, actor_name, actor_role, target_type, target_id, before, after, details';

function values(entry: AuditEntry): unknown[] {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  return [
    entry.action,
    entry.actor.type,
    entry.actor.id,
    entry.actor.name,
    entry.actor.role,
    entry.target?.type ?? null,
    entry.target?.id ?? null,
    json(entry.before),
    json(entry.after),
    json(entry.details ?? {}),
  ];
}

/**
 * Appends one entry, in the caller's transaction (a `pg` client inside `begin`, or an
 * EntityManager inside `em.transactional`). Returns the entry's id.
 */
export async function recordAudit(executor: PoolClient | EntityManager, entry: AuditEntry): Promise<number> {
  const params = values(entry);
  if ('query' in executor && typeof executor.query === 'function') {
    const placeholders = params.map((_, i) => `$${i + 1}`).join(', ');
    const { rows } = await executor.query<{ id: string }>(`insert into ops.audit_event (${INSERT_COLUMNS}) values (${placeholders}) returning id`, params);
    return Number(rows[0]!.id);
  }
  const em = executor as EntityManager;
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `insert into ops.audit_event (${INSERT_COLUMNS}) values (${params.map(() => '?').join(', ')}) returning id`,
    params,
    'all',
    em.getTransactionContext(),
  );
  return Number(rows[0]!.id);
}
