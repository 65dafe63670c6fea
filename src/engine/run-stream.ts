import type { MikroORM } from '@mikro-orm/postgresql';
import { ConnectorConfigError } from '../../connectors/errors';
import { getConnector } from '../../connectors/registry';
import type { ReadContext, StreamStateValue } from '../../connectors/types';
import { inTransaction, withPgClient } from '../store/pg';
import { type Batch, type BatchTarget, commitBatch, markGone, type RunCounts } from './commit-batch';
import { validateConnectorConfig } from './connector-config';
import { openConfig } from '../secrets/connector-secrets';
import { redactSecrets } from '../secrets/redact';

/** What the engine needs to know of a configured connector. */
export interface ConnectorRef {
  id: number;
  name: string;
  kind: string;
  config: unknown;
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
  /**
   * Ignore the stored checkpoint and read the stream from its start. A full read is a
   * complete listing: records the store has that it did not see are flagged as gone.
   */
  full?: boolean;
}

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'cancelled';

export type { RunCounts };

export interface RunSummary extends RunCounts {
  runId: number;
  status: RunStatus;
  /** Records a complete listing no longer contained. */
  gone: number;
}

/** Raised when a run stops because its signal was aborted (shutdown, cancel). */
export class RunCancelledError extends Error {
  constructor(readonly runId: number) {
    super(`sync run ${runId} was cancelled; it resumes from its last checkpoint`);
    this.name = 'RunCancelledError';
  }
}

const emptyBatch = (): Batch => ({ records: [] });

/**
 * Keeps the connector `depth` messages ahead of the engine (a page is a records, a
 * checkpoint and a progress message, so 6 is about two pages), so the next pages are
 * fetched and parsed while this one is committed. Messages are still handled strictly
 * in order, so checkpoints and acknowledgements keep their meaning.
 */
async function* readAhead<T>(source: AsyncIterable<T>, depth = 6): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const pending: Promise<IteratorResult<T>>[] = [];
  const fill = () => {
    while (pending.length < depth) {
      const next = it.next();
      // A failure is rethrown when its turn comes; until then it is not "unhandled".
      next.catch(() => undefined);
      pending.push(next);
    }
  };
  try {
    for (;;) {
      fill();
      const current = await pending.shift()!;
      if (current.done) return;
      yield current.value;
    }
  } finally {
    await it.return?.();
  }
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
    const found = opts.full ? { rows: [] } : await client.query<{ state: StreamStateValue }>('select state from ops.stream_state where connector_id = $1 and stream = $2', [ref.id, streamName]);
    const before = found.rows[0]?.state ?? null;
    // A run still 'running' for this stream belonged to a worker that died (the job id
    // guarantees no live twin): close it honestly before its successor starts.
    await client.query(
      `update ops.sync_run set status = 'failed', finished_at = now(), error_class = 'WorkerLost',
         error_message = 'the worker running it stopped without finishing (killed or crashed); the next run resumed from the last checkpoint'
       where connector_id = $1 and stream = $2 and status = 'running'`,
      [ref.id, streamName],
    );
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
        // Connector errors may quote a URL or a payload: no secret reaches the run record.
        error instanceof Error ? redactSecrets(error.message) : error === undefined ? null : redactSecrets(JSON.stringify(error)),
      ]),
    );

  try {
    const config = validateConnectorConfig(plugin, openConfig(plugin, ref.config));
    const ctx: ReadContext = { signal, now: opts.now ?? (() => new Date()), log: opts.log ?? (() => undefined) };
    const target: BatchTarget = { connectorId: ref.id, sourceSystem: ref.kind, stream: streamName, runId };
    const seen = stream.fullListing || opts.full ? new Set<string>() : null;
    let batch = emptyBatch();
    const flush = async (checkpoint: StreamStateValue | null, afterCommit?: () => Promise<void>) => {
      const current = batch;
      batch = emptyBatch();
      if (seen) for (const r of current.records) if (r.key !== null) seen.add(r.key);
      const counts = await inTransaction(orm, (client) => commitBatch(client, target, current, checkpoint, { map: (payload) => stream.map(payload), primaryKey: stream.definition.primaryKey }));
      // Only now is the batch durable: safe to tell the source (e.g. acknowledge edXML packages).
      if (afterCommit) await afterCommit();
      for (const k of Object.keys(totals) as (keyof RunCounts)[]) totals[k] += counts[k];
      await report();
    };
    const messages = stream.read(config, state, ctx);
    for await (const msg of stream.sequential ? messages : readAhead(messages)) {
      if (signal.aborted) throw new RunCancelledError(runId);
      switch (msg.type) {
        case 'records':
          batch.records.push(...msg.records);
          if (batch.records.length >= batchSize) await flush(null);
          break;
        case 'checkpoint':
          await flush(msg.state, msg.afterCommit);
          break;
        case 'progress':
          fraction = msg.fraction;
          message = msg.message;
          await report();
          break;
      }
    }
    // Records after the last checkpoint are written too; the next run re-reads them unchanged.
    if (batch.records.length) await flush(null);
    // A complete listing that is empty is more likely a source fault than a mass deletion.
    const gone = seen && seen.size > 0 ? await withPgClient(orm, (client) => markGone(client, target, seen)) : 0;
    // After a bulk load the planner's statistics are stale until autovacuum catches up;
    // refresh them now so the next run's lookups use the indexes.
    if (totals.inserted >= 50_000) await withPgClient(orm, (client) => client.query('analyze raw.source_record; analyze hub.dossier; analyze hub.dossier_event'));
    const status: RunStatus = totals.failed > 0 ? 'partial' : 'succeeded';
    await finish(status);
    fraction = 1;
    message = status;
    await report();
    return { runId, status, gone, ...totals };
  } catch (error) {
    const cancelled = error instanceof RunCancelledError || signal.aborted;
    await finish(cancelled ? 'cancelled' : 'failed', cancelled && !(error instanceof RunCancelledError) ? new RunCancelledError(runId) : error);
    throw cancelled && !(error instanceof RunCancelledError) ? new RunCancelledError(runId) : error;
  }
}
