import type { PoolClient } from 'pg';
import { MappingError } from '../../connectors/errors';
import type { AnyConnector } from '../../connectors/types';
import { recordAudit } from '../audit/record';
import { commitBatch } from '../engine/commit-batch';
import { openRun, StreamBusyError } from '../engine/lease';
import { withPgClient } from '../store/pg';
import type { ControlDeps } from './context';
import { ControlError } from './errors';
import { pluginOf } from './lookup';

export interface QuarantineSelection {
  /** Entries by id (ops.quarantine.id). */
  ids?: number[] | null;
  /** Or every open entry matching all of these. */
  filter?: { connector?: string | null; stream?: string | null; reasonContains?: string | null } | null;
}

export interface ReplayOutcome {
  /** Open entries looked at. */
  considered: number;
  /** Now map: stored through the normal write path, and closed. */
  resolved: number[];
  /** Still do not map, with today's reason. */
  stillFailing: { id: number; reason: string }[];
  /** Not replayed, and why (closed already, no key, stream running, connector removed, not found). */
  skipped: { id: number; reason: string }[];
  /** The replay's sync runs (one per stream with entries that now map). */
  runIds: number[];
}

const MAX_ENTRIES = 10_000;

interface Entry {
  id: number;
  connector_id: number;
  stream: string;
  source_key: string | null;
  payload: unknown;
  resolved_at: Date | null;
  kind: string | null;
  connector_name: string | null;
  deleted_at: Date | null;
}

/**
 * Re-maps quarantined payloads with today's mapping (the stream's spec and mapper, as a
 * sync would): entries that now map are written through the normal write path (the
 * same batch commit, under a `replay` sync run holding the stream's lease) and closed;
 * the rest stay open with their reason. One transaction, with its audit entry.
 */
export async function replayQuarantined(deps: ControlDeps, selection: QuarantineSelection): Promise<ReplayOutcome> {
  const ids = selection.ids ?? null;
  const filter = selection.filter ?? null;
  if ((!ids || ids.length === 0) && !filter) throw new ControlError('INVALID_SELECTION', 'ids', 'give the entry ids to replay, or a filter', {});
  if (ids && ids.length > MAX_ENTRIES) throw new ControlError('INVALID_SELECTION', 'ids', `at most ${MAX_ENTRIES} entries at once`, {});
  return withPgClient(deps.em.fork(), async (client) => {
    await client.query('begin');
    try {
      const outcome = await replay(client, ids, filter);
      await recordAudit(client, {
        action: 'quarantine.replay',
        actor: deps.actor,
        target: filter?.connector ? { type: 'connector', id: filter.connector } : null,
        details: { ids: ids ?? undefined, filter: filter ?? undefined, considered: outcome.considered, resolved: outcome.resolved, stillFailing: outcome.stillFailing.length, skipped: outcome.skipped.length, runIds: outcome.runIds },
      });
      await client.query('commit');
      return outcome;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}

async function replay(client: PoolClient, ids: number[] | null, filter: QuarantineSelection['filter']): Promise<ReplayOutcome> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (ids?.length) {
    params.push(ids);
    where.push(`q.id = any($${params.length}::int[])`);
  } else {
    where.push('q.resolved_at is null');
  }
  if (filter?.connector) {
    params.push(filter.connector);
    where.push(`c.name = $${params.length} and c.deleted_at is null`);
  }
  if (filter?.stream) {
    params.push(filter.stream);
    where.push(`q.stream = $${params.length}`);
  }
  if (filter?.reasonContains) {
    params.push(`%${filter.reasonContains.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`q.reason ilike $${params.length}`);
  }
  params.push(MAX_ENTRIES + 1);
  const { rows } = await client.query<Entry>(
    `select q.id, q.connector_id, q.stream, q.source_key, q.payload, q.resolved_at, c.kind, c.name as connector_name, c.deleted_at
       from ops.quarantine q left join ops.connector c on c.id = q.connector_id
      where ${where.join(' and ')} order by q.id limit $${params.length}
      for update of q`,
    params,
  );
  if (rows.length > MAX_ENTRIES) throw new ControlError('INVALID_SELECTION', 'filter', `the filter matches over ${MAX_ENTRIES} entries; narrow it (by connector, stream or reason)`, {});
  const out: ReplayOutcome = { considered: rows.length, resolved: [], stillFailing: [], skipped: [], runIds: [] };
  if (ids) for (const id of ids) if (!rows.some((r) => r.id === id)) out.skipped.push({ id, reason: 'no such quarantine entry' });

  const groups = new Map<string, { entries: Entry[]; plugin: AnyConnector }>();
  for (const e of rows) {
    if (e.resolved_at) out.skipped.push({ id: e.id, reason: 'already closed' });
    else if (e.kind === null || e.deleted_at) out.skipped.push({ id: e.id, reason: 'its connector was removed' });
    else if (e.source_key === null) out.skipped.push({ id: e.id, reason: 'the record has no source key; it can only arrive again from the source' });
    else {
      const key = `${e.connector_id}\u0000${e.stream}`;
      const group = groups.get(key) ?? { entries: [], plugin: pluginOf(e.kind) };
      group.entries.push(e);
      groups.set(key, group);
    }
  }

  for (const { entries, plugin } of groups.values()) {
    const first = entries[0]!;
    const stream = plugin.streams.find((s) => s.definition.name === first.stream);
    if (!stream) {
      for (const e of entries) out.skipped.push({ id: e.id, reason: `stream "${e.stream}" no longer exists on ${plugin.kind}` });
      continue;
    }
    const mapped: Entry[] = [];
    for (const e of entries) {
      try {
        stream.map(e.payload);
        mapped.push(e);
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        out.stillFailing.push({ id: e.id, reason: error.message });
      }
    }
    if (!mapped.length) continue;
    let runId: number;
    await client.query('savepoint replay_run');
    try {
      runId = await openRun(client, { connectorId: first.connector_id, connectorName: first.connector_name!, stream: first.stream, jobId: 'replay', attempt: 1, cursor: null }, 30_000);
      await client.query('release savepoint replay_run');
    } catch (error) {
      await client.query('rollback to savepoint replay_run');
      if (!(error instanceof StreamBusyError)) throw error;
      for (const e of mapped) out.skipped.push({ id: e.id, reason: `stream "${first.stream}" is running (sync run ${error.holderRunId}); replay when it ends` });
      continue;
    }
    const target = { connectorId: first.connector_id, sourceSystem: plugin.kind, stream: first.stream, runId };
    await commitBatch(client, target, { records: mapped.map((e) => ({ key: e.source_key, payload: e.payload })) }, null, { map: (p) => stream.map(p), primaryKey: stream.definition.primaryKey });
    await client.query(`update ops.sync_run set status = 'succeeded', finished_at = now(), progress_fraction = 1, progress_message = 'replay of quarantined records' where id = $1`, [runId]);
    // commitBatch closed the entries whose key now arrived valid.
    const { rows: closed } = await client.query<{ id: number }>('select id from ops.quarantine where id = any($1::int[]) and resolved_at is not null', [mapped.map((e) => e.id)]);
    out.resolved.push(...closed.map((c) => c.id));
    out.runIds.push(runId);
  }
  return out;
}
