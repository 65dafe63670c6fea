import type { MikroORM } from '@mikro-orm/postgresql';
import { ConnectorConfigError } from '../../connectors/errors';
import { getConnector } from '../../connectors/registry';
import type { ReadContext, StreamStateValue } from '../../connectors/types';
import { DatabaseUnavailableError, isDatabaseUnavailable, waitOutDatabase } from '../db/outage';
import { annotateLogContext } from '../logging/context';
import { inTransaction, withPgClient } from '../store/pg';
import { type Batch, type BatchTarget, commitBatch, markGone, type RunCounts } from './commit-batch';
import { validateConnectorConfig } from './connector-config';
import { assertLease, keepLeaseAlive, LeaseLostError, openRun, rememberOutcome } from './lease';
import { openConfig } from '../secrets/connector-secrets';
import { redactSecrets } from '../secrets/redact';
import { appendRunManifests } from '../audit/manifest';
import { writeCheckpoint } from '../audit/checkpoint';

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
  /** How long the stream's lease outlives the run's last heartbeat (the worker's JOB_LOCK_MS); default 30 s. */
  leaseMs?: number;
  /**
   * Write the run's manifest to the audit log and sign a checkpoint when it ends (default
   * true). Off only in benchmarks that measure the log's cost: a deployed hub always logs.
   */
  auditLog?: boolean;
  /** How long a database outage is waited out before the run fails (DB_OUTAGE_LIMIT_MS); default 5 min. */
  dbOutageLimitMs?: number;
  /**
   * The connector run (ops.connector_run) this run belongs to: recorded on the run, and
   * a cancel asked of it stops this run at its next checkpoint (status `cancelled`).
   */
  connectorRunId?: number | null;
  /**
   * A backfill window: reads only [from, to) with the stream's `readWindow`, from the
   * window's own checkpoint (ops.backfill_window), under the window's own lease, so
   * windows of one stream run side by side and never touch the stream's cursor.
   */
  window?: { connectorRunId: number; from: string; to: string } | null;
}

/** The lease a backfill window's run holds (the stream's incremental run holds ''). */
export const windowLeaseKey = (w: { connectorRunId: number; from: string }): string => `w:${w.connectorRunId}:${w.from}`;

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'cancelled';

export type { RunCounts };

export interface RunSummary extends RunCounts {
  runId: number;
  status: RunStatus;
  /** Records a complete listing no longer contained. */
  gone: number;
}

/** Raised when a run stops because its signal was aborted (shutdown) or its connector run was cancelled. */
export class RunCancelledError extends Error {
  constructor(readonly runId: number) {
    super(`sync run ${runId} was cancelled; the next run resumes from its last checkpoint`);
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
 * Holds the stream's lease while it runs (a second run of the stream is refused with
 * StreamBusyError; a run whose lease was taken stops with LeaseLostError), waits out
 * database outages up to `dbOutageLimitMs`, and records the run in ops.sync_run
 * whatever happens.
 */
export async function runStream(opts: RunStreamOptions): Promise<RunSummary> {
  const { orm, connector: ref, stream: streamName } = opts;
  const batchSize = opts.batchSize ?? 1000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const signal = opts.signal ?? new AbortController().signal;
  const log = opts.log ?? (() => undefined);
  const plugin = getConnector(ref.kind);
  const stream = plugin.streams.find((s) => s.definition.name === streamName);
  if (!stream) {
    throw new ConnectorConfigError([`stream "${streamName}" does not exist on connector kind "${ref.kind}" (streams: ${plugin.streams.map((s) => s.definition.name).join(', ')})`]);
  }
  // Every database step survives an outage up to the limit; each is safe to repeat.
  const db = <T>(what: string, fn: () => Promise<T>) => waitOutDatabase(what, fn, { limitMs: opts.dbOutageLimitMs ?? 300_000, log, signal });

  const win = opts.window ?? null;
  if (win && !stream.readWindow) throw new ConnectorConfigError([`stream "${streamName}" of connector kind "${ref.kind}" cannot be read by date window`]);
  const { runId, state } = await db('opening the run', () =>
    inTransaction(orm, async (client) => {
      const found = win
        ? await client.query<{ state: StreamStateValue }>('select state from ops.backfill_window where connector_run_id = $1 and stream = $2 and window_from = $3::date and state is not null', [win.connectorRunId, streamName, win.from])
        : opts.full
          ? { rows: [] }
          : await client.query<{ state: StreamStateValue }>('select state from ops.stream_state where connector_id = $1 and stream = $2', [ref.id, streamName]);
      const before = found.rows[0]?.state ?? null;
      const id = await openRun(
        client,
        {
          connectorId: ref.id,
          connectorName: ref.name,
          stream: streamName,
          jobId: opts.jobId ?? null,
          attempt: opts.attempt ?? 1,
          cursor: before === null ? null : JSON.stringify(before),
          connectorRunId: opts.connectorRunId ?? win?.connectorRunId ?? null,
          leaseKey: win ? windowLeaseKey(win) : '',
        },
        leaseMs,
      );
      return { runId: id, state: before };
    }),
  );
  annotateLogContext({ runId });

  const totals: RunCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0 };
  let fraction: number | null = null;
  let message = 'starting';
  const report = async () => opts.onProgress?.({ runId, stream: streamName, fraction, message, ...totals });
  /** Records the outcome; while the database is away past the limit, the worker's reaper records it later. */
  const finish = async (status: RunStatus, error?: unknown) => {
    try {
      // The run's final transaction: its outcome and its manifest in the audit chain, or neither.
      await db('recording the outcome of the run', () =>
        inTransaction(orm, async (client) => {
          const closed = await client.query<{ id: number }>(
            `update ops.sync_run set status = $2, finished_at = now(), error_class = $3, error_message = $4,
               progress_fraction = case when $2 = 'succeeded' or $2 = 'partial' then 1 else progress_fraction end
             where id = $1 and status = 'running' returning id`,
            [
              runId,
              status,
              error instanceof Error ? error.name : error === undefined ? null : 'Error',
              // Connector errors may quote a URL or a payload: no secret reaches the run record.
              error instanceof Error ? redactSecrets(error.message) : error === undefined ? null : redactSecrets(JSON.stringify(error)),
            ],
          );
          if (opts.auditLog !== false) await appendRunManifests(client, closed.rows.map((r) => r.id));
        }),
      );
      if (opts.auditLog === false) return;
      // A signed checkpoint after each run; the manifest is already safe, so a failure here only waits for the next.
      await withPgClient(orm, (client) => writeCheckpoint(client)).catch((failure: unknown) => log('could not sign an audit checkpoint', { error: (failure as Error)?.message }));
    } catch (failure) {
      if (!(failure instanceof DatabaseUnavailableError) && !isDatabaseUnavailable(failure)) throw failure;
      rememberOutcome(runId, status, error);
    }
  };
  /** A cancel asked of the run, seen at a checkpoint: the run ends `cancelled`. */
  let cancelAsked = false;
  /**
   * At each checkpoint: the latest progress goes on the run's row (for people following
   * it), and the row says whether someone asked to cancel its connector run.
   */
  const pulse = async () => {
    const { rows } = await db('recording progress', () =>
      withPgClient(orm, (client) =>
        client.query<{ cancel: boolean }>(
          `update ops.sync_run r set progress_fraction = $2, progress_message = $3 where id = $1
           returning exists (select 1 from ops.connector_run c where c.id = r.connector_run_id and c.cancel_requested_at is not null) as cancel`,
          [runId, fraction, message],
        ),
      ),
    );
    if (rows[0]?.cancel) cancelAsked = true;
  };
  const lost = new AbortController();
  const stopBeating = keepLeaseAlive(orm, runId, leaseMs, (error) => lost.abort(error));
  const stopped = AbortSignal.any([signal, lost.signal]);
  const checkStop = () => {
    if (lost.signal.aborted) throw lost.signal.reason as LeaseLostError;
    if (signal.aborted || cancelAsked) throw new RunCancelledError(runId);
  };

  try {
    const config = validateConnectorConfig(plugin, openConfig(plugin, ref.config));
    const ctx: ReadContext = { signal: stopped, now: opts.now ?? (() => new Date()), log };
    const target: BatchTarget = { connectorId: ref.id, sourceSystem: ref.kind, stream: streamName, runId, auditLog: opts.auditLog !== false };
    // A window sees part of the listing only: nothing is flagged gone from it.
    const seen = !win && (stream.fullListing || opts.full) ? new Set<string>() : null;
    // Records of a complete listing that came without a usable key: malformed, not gone.
    const keyless: unknown[] = [];
    let batch = emptyBatch();
    const flush = async (checkpoint: StreamStateValue | null, afterCommit?: () => Promise<void>) => {
      const current = batch;
      batch = emptyBatch();
      if (seen) for (const r of current.records) if (r.key !== null) seen.add(r.key); else keyless.push(r.payload);
      const counts = await db('committing a batch', () =>
        inTransaction(orm, async (client) => {
          const counts = await commitBatch(client, target, current, win ? null : checkpoint, { map: (payload) => stream.map(payload), primaryKey: stream.definition.primaryKey });
          // A window's checkpoint is its own, committed with its batch.
          if (win && checkpoint) {
            await client.query(
              `update ops.backfill_window set state = $4::jsonb, sync_run_id = $5, updated_at = now() where connector_run_id = $1 and stream = $2 and window_from = $3::date`,
              [win.connectorRunId, streamName, win.from, JSON.stringify(checkpoint), runId],
            );
            await client.query('update ops.sync_run set cursor_after = $2::jsonb where id = $1', [runId, JSON.stringify(checkpoint)]);
          }
          return counts;
        }),
      );
      // Only now is the batch durable: safe to tell the source (e.g. acknowledge edXML packages).
      if (afterCommit) await afterCommit();
      for (const k of Object.keys(totals) as (keyof RunCounts)[]) totals[k] += counts[k];
      await report();
    };
    const messages = win ? stream.readWindow!(config, { from: win.from, to: win.to }, state, ctx) : stream.read(config, state, ctx);
    for await (const msg of stream.sequential ? messages : readAhead(messages)) {
      checkStop();
      switch (msg.type) {
        case 'records':
          batch.records.push(...msg.records);
          if (batch.records.length >= batchSize) await flush(null);
          break;
        case 'checkpoint':
          await flush(msg.state, msg.afterCommit);
          await pulse();
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
    const gone =
      seen && seen.size > 0
        ? await db('flagging records no longer listed', () =>
            inTransaction(orm, async (client) => {
              await assertLease(client, runId);
              return markGone(client, target, seen, keyless);
            }),
          )
        : 0;
    // After a bulk load the planner's statistics are stale until autovacuum catches up;
    // refresh them now so the next run's lookups use the indexes.
    if (totals.inserted >= 50_000) await db('refreshing planner statistics', () => withPgClient(orm, (client) => client.query('analyze raw.source_record; analyze hub.dossier; analyze hub.dossier_event')));
    const status: RunStatus = totals.failed > 0 ? 'partial' : 'succeeded';
    await finish(status);
    fraction = 1;
    message = status;
    await report();
    return { runId, status, gone, ...totals };
  } catch (error) {
    // A run that lost its lease is no longer ours to record: whoever closed it did.
    if (error instanceof LeaseLostError || lost.signal.aborted) throw lost.signal.aborted ? (lost.signal.reason as LeaseLostError) : error;
    const cancelled = error instanceof RunCancelledError || signal.aborted || cancelAsked;
    const outcome = cancelled && !(error instanceof RunCancelledError) ? new RunCancelledError(runId) : error;
    await finish(cancelled ? 'cancelled' : 'failed', outcome);
    throw outcome;
  } finally {
    stopBeating();
  }
}
