import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { latestCheckpoint } from '../../audit/checkpoint';
import { signingKey } from '../../audit/signing';
import { verifyAudit } from '../../audit/verify';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { withPgClient } from '../../store/pg';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { userInputError } from '../errors';
import { connectionCost } from '../limits';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { AuditCheckpointType, AuditEventConnection, AuditEventFilter, type AuditEventType, AuditReportType } from '../types/audit.types';

type EventRow = {
  seq: string; at: Date; action: string; actor_type: string; actor_id: string | null; actor_name: string | null; actor_role: string | null;
  target_type: string | null; target_id: string | null; before: unknown; after: unknown; details: unknown; prev_hash: string; hash: string;
};

const toEvent = (r: EventRow): AuditEventType => ({
  seq: String(r.seq),
  at: new Date(r.at),
  action: r.action,
  actorType: r.actor_type,
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorRole: r.actor_role,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before === null ? null : JSON.stringify(r.before),
  after: r.after === null ? null : JSON.stringify(r.after),
  details: JSON.stringify(r.details ?? {}),
  prevHash: r.prev_hash,
  hash: r.hash,
});

function applyFilter(q: Knex.QueryBuilder, filter: AuditEventFilter | null): Knex.QueryBuilder {
  if (!filter) return q;
  const { actor, recordId } = filter;
  // Builders are thenable: the callbacks return nothing, or knex would run them.
  if (actor) q.where((w) => void w.where('actor_id', actor).orWhere('actor_name', actor));
  if (filter.action) {
    if (filter.action.endsWith('.')) q.whereRaw(`starts_with(action, ?)`, [filter.action]);
    else q.where('action', filter.action);
  }
  if (recordId) q.where((w) => void w.where('target_id', recordId).orWhereRaw(`jsonb_exists(details->'records', ?)`, [recordId]));
  if (filter.from) q.where('at', '>=', filter.from);
  if (filter.to) q.where('at', '<', filter.to);
  return q;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { nullable: true, complexity: connectionCost, description: 'The audit log, newest first (Relay connection)' })
  @Sensitivity('internal')
  @Requires(Permission.AUDIT)
  async auditEvents(
    @Ctx() { em }: ApiContext,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<AuditEventConnection> {
    if (filter?.from && filter.to && filter.from >= filter.to) throw userInputError('"filter.from" must be before "filter.to"', 'filter.from');
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const knex = em.getKnex();
    const q = applyFilter(knex('ops.audit_event').select('*'), filter);
    if (cursor) q.where('seq', '<', cursor.id);
    const rows = (await q.orderBy('seq', 'desc').limit(limit + 1)) as EventRow[];
    const count = async () => {
      const [{ n }] = (await applyFilter(knex('ops.audit_event').count({ n: '*' }), filter)) as [{ n: string }];
      return Number(n);
    };
    return toConnection(rows.map(toEvent), limit, (e) => encodeCursor({ value: null, id: Number(e.seq) }), count);
  }

  @Query(() => AuditCheckpointType, { nullable: true, description: 'The latest signed checkpoint of the audit chain: copy it somewhere outside the hub' })
  @Sensitivity('internal')
  @Requires(Permission.AUDIT)
  async auditHead(@Ctx() { em }: ApiContext): Promise<AuditCheckpointType | null> {
    const c = await withPgClient(em, (client) => latestCheckpoint(client));
    return c ? { ...c, signedAt: new Date(c.signedAt) } : null;
  }

  @Query(() => AuditReportType, { nullable: true, description: 'Recomputes the audit chain, the checkpoint signatures and every run manifest against the stored versions and payloads (the CLI `hub audit verify` does the same, without the API’s statement time limit)' })
  @Sensitivity('internal')
  @Requires(Permission.AUDIT)
  async auditVerify(@Ctx() { em }: ApiContext): Promise<AuditReportType | null> {
    return withPgClient(em, (client) => verifyAudit(client, { trustedKeyIds: [signingKey().keyId], examples: 20 }));
  }
}
