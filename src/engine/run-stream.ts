import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { ConnectorConfigError, MappingError } from '../../connectors/errors';
import { getConnector } from '../../connectors/registry';
import type { AnyConnector, ReadContext, SourceRecord, StreamStateValue } from '../../connectors/types';
import type { UnifiedKind, UnifiedRecord } from '../model/records';
import { inTransaction, withPgClient } from '../store/pg';
import { WRITERS } from '../store/writers';
import { validateConnectorConfig } from './connector-config';

/** What the engine needs to know of a configured connector. */
export interface ConnectorRef {
  id: number;
  name: string;
  kind: string;
  config: unknown;
}

export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface RunProgress extends RunCounts {
  runId: number;
  stream: string;
  fraction: number | null;
  message: string;
}

export interface RunStreamOptions {
  orm: MikroORM;
  connector: ConnectorRef;
  stream: string;
  jobId?: string;
  attempt?: number;
  signal?: AbortSignal;
  batchSize?: number;
  now?: () => Date;
  log?: ReadContext['log'];
  onProgress?: (progress: RunProgress) => void | Promise<void>;
}

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'cancelled';

export interface RunSummary extends RunCounts {
  runId: number;
  status: RunStatus;
}

/** Raised when a run stops because its signal was aborted (shutdown, cancel). */
export class RunCancelledError extends Error {
  constructor(readonly runId: number) {
    super(`sync run ${runId} was cancelled; it resumes from its last checkpoint`);
    this.name = 'RunCancelledError';
  }
}

interface Pending {
  records: UnifiedRecord[];
  quarantine: { key: string | null; reason: string; payload: unknown }[];
  read: number;
}

const emptyPending = (): Pending => ({ records: [], quarantine: [], read: 0 });

/** Maps raw records, sorting bad ones into quarantine instead of failing the batch. */
function mapInto(pending: Pending, connector: AnyConnector, streamName: string, records: SourceRecord[]): void {
  const stream = connector.streams.find((s) => s.definition.name === streamName)!;
  for (const record of records) {
    pending.read++;
    try {
      pending.records.push(stream.map(record.payload));
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      pending.quarantine.push({ key: record.key, reason: error.message, payload: record.payload });
    }
  }
}

/**
 * Writes one batch, its quarantined records, the run's counters and (at a checkpoint)
 * the stream state in ONE transaction: a crash leaves either all of it or none.
 */
async function commitBatch(client: PoolClient, ref: ConnectorRef, stream: string, runId: number, pending: Pending, state: StreamStateValue | null): Promise<RunCounts> {
  const counts: RunCounts = { read: pending.read, inserted: 0, updated: 0, unchanged: 0, failed: pending.quarantine.length };
  const byKind = new Map<UnifiedKind, UnifiedRecord['value'][]>();
  for (const r of pending.records) {
    const list = byKind.get(r.kind) ?? [];
    list.push(r.value);
    byKind.set(r.kind, list);
  }
  for (const [kind, values] of byKind) {
    const write = WRITERS[kind] as (c: PoolClient, r: UnifiedRecord['value'][], m: { sourceSystem: string; runId: number }) => ReturnType<(typeof WRITERS)[UnifiedKind]>;
    const result = await write(client, values, { sourceSystem: ref.kind, runId });
    counts.inserted += result.inserted;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
  }
  if (pending.quarantine.length) {
    await client.query(
      `insert into ops.quarantine (run_id, connector_id, stream, source_key, reason, payload)
       select $1, $2, $3, k, r, p::jsonb from unnest($4::text[], $5::text[], $6::text[]) as u(k, r, p)`,
      [runId, ref.id, stream, pending.quarantine.map((q) => q.key), pending.quarantine.map((q) => q.reason), pending.quarantine.map((q) => JSON.stringify(q.payload ?? null))],
    );
  }
  await client.query(
    `update ops.sync_run set read_count = read_count + $2, inserted_count = inserted_count + $3, updated_count = updated_count + $4,
       unchanged_count = unchanged_count + $5, failed_count = failed_count + $6, cursor_after = coalesce($7::jsonb, cursor_after)
     where id = $1`,
    [runId, counts.read, counts.inserted, counts.updated, counts.unchanged, counts.failed, state ? JSON.stringify(state) : null],
  );
  if (state) {
    await client.query(
      `insert into ops.stream_state (connector_id, stream, state, run_id, updated_at) values ($1, $2, $3::jsonb, $4, now())
       on conflict (connector_id, stream) do update set state = excluded.state, run_id = excluded.run_id, updated_at = now()`,
      [ref.id, stream, JSON.stringify(state), runId],
    );
  }
  return counts;
}

/**
 * Runs one stream of one configured connector from its last committed checkpoint:
 * read → map (bad records to quarantine) → batch upsert + checkpoint per transaction.
 * Records the run in ops.sync_run whatever happens.
 */
export async function runStream(opts: RunStreamOptions): Promise<RunSummary> {
  const { orm, connector: ref, stream: streamName } = opts;
  const batchSize = opts.batchSize ?? 1000;
  const signal = opts.signal ?? new AbortController().signal;
  const plugin = getConnector(ref.kind);
  const stream = plugin.streams.find((s) => s.definition.name === streamName);
  if (!stream) {
    throw new ConnectorConfigError([`stream "${streamName}" does not exist on connector kind "${ref.kind}" (streams: ${plugin.streams.map((s) => s.definition.name).join(', ')})`]);
  }

  const { runId, state } = await withPgClient(orm, async (client) => {
    const found = await client.query<{ state: StreamStateValue }>('select state from ops.stream_state where connector_id = $1 and stream = $2', [ref.id, streamName]);
    const before = found.rows[0]?.state ?? null;
    const run = await client.query<{ id: number }>(
      `insert into ops.sync_run (connector_id, connector_name, stream, job_id, attempt, status, cursor_before, cursor_after)
       values ($1, $2, $3, $4, $5, 'running', $6::jsonb, $6::jsonb) returning id`,
      [ref.id, ref.name, streamName, opts.jobId ?? null, opts.attempt ?? 1, before === null ? null : JSON.stringify(before)],
    );
    return { runId: run.rows[0]!.id, state: before };
  });

  const totals: RunCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0 };
  let fraction: number | null = null;
  let message = 'starting';
  const report = async () => opts.onProgress?.({ runId, stream: streamName, fraction, message, ...totals });
  const finish = (status: RunStatus | 'running', error?: unknown) =>
    withPgClient(orm, (client) =>
      client.query(`update ops.sync_run set status = $2, finished_at = now(), error_class = $3, error_message = $4 where id = $1`, [
        runId,
        status,
        error instanceof Error ? error.name : error === undefined ? null : 'Error',
        error instanceof Error ? error.message : error === undefined ? null : JSON.stringify(error),
      ]),
    );

  try {
    const config = validateConnectorConfig(plugin, ref.config);
    const ctx: ReadContext = { signal, now: opts.now ?? (() => new Date()), log: opts.log ?? (() => undefined) };
    let pending = emptyPending();
    const flush = async (checkpoint: StreamStateValue | null) => {
      const batch = pending;
      pending = emptyPending();
      const counts = await inTransaction(orm, (client) => commitBatch(client, ref, streamName, runId, batch, checkpoint));
      for (const k of Object.keys(totals) as (keyof RunCounts)[]) totals[k] += counts[k];
      await report();
    };
    for await (const msg of stream.read(config, state, ctx)) {
      if (signal.aborted) throw new RunCancelledError(runId);
      switch (msg.type) {
        case 'records':
          mapInto(pending, plugin, streamName, msg.records);
          if (pending.records.length + pending.quarantine.length >= batchSize) await flush(null);
          break;
        case 'checkpoint':
          await flush(msg.state);
          break;
        case 'progress':
          fraction = msg.fraction;
          message = msg.message;
          await report();
          break;
      }
    }
    // Records after the last checkpoint are written too; the next run re-reads them unchanged.
    if (pending.read) await flush(null);
    const status: RunStatus = totals.failed > 0 ? 'partial' : 'succeeded';
    await finish(status);
    fraction = 1;
    message = status;
    await report();
    return { runId, status, ...totals };
  } catch (error) {
    const cancelled = error instanceof RunCancelledError || signal.aborted;
    await finish(cancelled ? 'cancelled' : 'failed', cancelled && !(error instanceof RunCancelledError) ? new RunCancelledError(runId) : error);
    throw cancelled && !(error instanceof RunCancelledError) ? new RunCancelledError(runId) : error;
  }
}
