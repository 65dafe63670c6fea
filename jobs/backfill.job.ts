import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { isPermanent } from '../connectors/errors';
import { markStreamOutcome, markStreamRunning, refreshRunStatus } from '../src/control/run-status';
import { DatabaseUnavailableError } from '../src/db/outage';
import { LeaseLostError, StreamBusyError } from '../src/engine/lease';
import { RunCancelledError, runStream, type RunSummary } from '../src/engine/run-stream';
import { ConnectorInstance } from '../src/entities';
import { withPgClient } from '../src/store/pg';
import { backfillJobId } from './backfill';
import { backoffMs, requeue, type SyncJobDeps } from './sync.job';
import { BackfillData, BackfillWindowData } from './types';

const DONE = ['succeeded', 'partial', 'failed', 'cancelled'];

/**
 * After a window ends: when every window of its stream has ended, the stream's outcome
 * is the worst of theirs (failed > cancelled > partial > succeeded). The windows' table
 * is the record, so whichever worker ends the last window closes the stream.
 */
async function closeStreamIfDone(deps: SyncJobDeps, connectorRunId: number, stream: string): Promise<void> {
  const { rows } = await withPgClient(deps.orm, (c) =>
    c.query<{ status: string; n: number }>('select status, count(*)::int as n from ops.backfill_window where connector_run_id = $1 and stream = $2 group by status', [connectorRunId, stream]),
  );
  if (rows.some((r) => !DONE.includes(r.status))) return;
  const has = (s: string) => rows.some((r) => r.status === s);
  const outcome = has('failed') ? 'failed' : has('cancelled') ? 'cancelled' : has('partial') ? 'partial' : 'succeeded';
  const failed = has('failed') ? { errorClass: 'BackfillWindowFailed', message: `${rows.find((r) => r.status === 'failed')!.n} window(s) failed; see their sync runs` } : null;
  await markStreamOutcome(deps.orm, connectorRunId, stream, outcome, failed);
}

async function setWindow(deps: SyncJobDeps, w: BackfillWindowData, status: string, summary?: RunSummary): Promise<void> {
  await withPgClient(deps.orm, (c) =>
    c.query(
      `update ops.backfill_window set status = $4, updated_at = now(),
         read_count = coalesce($5, read_count), inserted_count = coalesce($6, inserted_count), updated_count = coalesce($7, updated_count),
         unchanged_count = coalesce($8, unchanged_count), failed_count = coalesce($9, failed_count), fraction = case when $4 in ('succeeded', 'partial') then 1 else fraction end
       where connector_run_id = $1 and stream = $2 and window_from = $3::date`,
      [w.connectorRunId, w.stream, w.from, status, summary?.read ?? null, summary?.inserted ?? null, summary?.updated ?? null, summary?.unchanged ?? null, summary?.failed ?? null],
    ),
  );
}

/** The parent's progress: windows done of all, records read; for BullMQ boards (the run's record is ops.backfill_window). */
async function reportOnParent(deps: SyncJobDeps, connectorRunId: number): Promise<void> {
  if (!deps.queue) return;
  const { rows } = await withPgClient(deps.orm, (c) =>
    c.query<{ total: number; done: number; read: number }>(
      `select count(*)::int as total, count(*) filter (where status in ('succeeded', 'partial', 'failed', 'cancelled'))::int as done, coalesce(sum(read_count), 0)::int as read
         from ops.backfill_window where connector_run_id = $1`,
      [connectorRunId],
    ),
  );
  const parent = await deps.queue.getJob(backfillJobId(connectorRunId));
  await parent?.updateProgress({ windowsDone: rows[0]?.done ?? 0, windowsTotal: rows[0]?.total ?? 0, read: rows[0]?.read ?? 0 }).catch(() => undefined);
}

/**
 * One window of a backfill: its own checkpoint and lease (see runStream's `window`), so
 * any number of workers run windows of one stream at once. A window already done is
 * not read again (a job delivered twice is a no-op); one interrupted resumes from its
 * checkpoint; a worker that died mid-window loses its lease after JOB_LOCK_MS and the
 * redelivered job takes over.
 */
export async function handleBackfillWindow(deps: SyncJobDeps, job: Job, token?: string): Promise<RunSummary | null> {
  const parsed = BackfillWindowData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  const w = parsed.data;
  const log = deps.log.child({ connector: w.connector, stream: w.stream, window: `${w.from}..${w.to}`, jobId: job.id });
  const { rows } = await withPgClient(deps.orm, (c) =>
    c.query<{ status: string; cancel: boolean }>(
      `select b.status, r.cancel_requested_at is not null as cancel from ops.backfill_window b join ops.connector_run r on r.id = b.connector_run_id
        where b.connector_run_id = $1 and b.stream = $2 and b.window_from = $3::date`,
      [w.connectorRunId, w.stream, w.from],
    ),
  );
  const row = rows[0];
  if (!row) throw new UnrecoverableError(`backfill window ${w.stream} ${w.from} of run ${w.connectorRunId} is not recorded`);
  if (DONE.includes(row.status)) return null;
  if (row.cancel) {
    await setWindow(deps, w, 'cancelled');
    await closeStreamIfDone(deps, w.connectorRunId, w.stream);
    return null;
  }
  const instance = await deps.orm.em.fork().findOne(ConnectorInstance, { name: w.connector, deletedAt: null });
  if (!instance) {
    await setWindow(deps, w, 'failed');
    await closeStreamIfDone(deps, w.connectorRunId, w.stream);
    throw new UnrecoverableError(`connector "${w.connector}" is not configured (removed after the backfill was queued)`);
  }
  await setWindow(deps, w, 'running');
  await markStreamRunning(deps.orm, w.connectorRunId, w.stream, job.attemptsMade + 1).catch(() => undefined);
  try {
    const summary = await runStream({
      orm: deps.orm,
      connector: instance,
      stream: w.stream,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
      signal: deps.shutdown,
      leaseMs: deps.leaseMs,
      dbOutageLimitMs: deps.dbOutageLimitMs,
      connectorRunId: w.connectorRunId,
      window: { connectorRunId: w.connectorRunId, from: w.from, to: w.to },
      log: (message, fields) => log.warn(fields ?? {}, message),
      onProgress: async (p) => {
        await job.updateProgress({ runId: p.runId, fraction: p.fraction, message: p.message, read: p.read, inserted: p.inserted, updated: p.updated, unchanged: p.unchanged, failed: p.failed });
      },
    });
    await setWindow(deps, w, summary.status, summary);
    await closeStreamIfDone(deps, w.connectorRunId, w.stream);
    await reportOnParent(deps, w.connectorRunId);
    return summary;
  } catch (error) {
    if (error instanceof RunCancelledError && !deps.shutdown.aborted) {
      await setWindow(deps, w, 'cancelled');
      await closeStreamIfDone(deps, w.connectorRunId, w.stream);
      return null;
    }
    if (error instanceof RunCancelledError || error instanceof LeaseLostError || error instanceof StreamBusyError) {
      // Shutdown, a lost lease, or the window already running elsewhere (a redelivered job): back to the queue, resumed from its checkpoint.
      await setWindow(deps, w, 'queued');
      const delay = error instanceof StreamBusyError ? Math.max(250, error.retryAfterMs + 100) : 1000;
      if (await requeue(job, token, delay, log)) throw new DelayedError();
      return null;
    }
    const known = isPermanent(error) || error instanceof DatabaseUnavailableError;
    const last = known || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await setWindow(deps, w, last ? 'failed' : 'queued');
    if (last) await closeStreamIfDone(deps, w.connectorRunId, w.stream);
    else await markStreamOutcome(deps.orm, w.connectorRunId, w.stream, 'retrying', { errorClass: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : JSON.stringify(error) }, new Date(Date.now() + backoffMs(job, job.attemptsMade + 1)));
    log.error({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, 'backfill window failed');
    if (known) throw new UnrecoverableError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    throw error;
  }
}

/** A backfill's parent runs once every window has ended: the connector run's streams and status are brought to their final state. */
export async function handleBackfill(deps: SyncJobDeps, job: Job): Promise<string | null> {
  const parsed = BackfillData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  const { connectorRunId } = parsed.data;
  const { rows } = await withPgClient(deps.orm, (c) => c.query<{ stream: string }>('select stream from ops.connector_run_stream where connector_run_id = $1', [connectorRunId]));
  for (const { stream } of rows) await closeStreamIfDone(deps, connectorRunId, stream);
  await reportOnParent(deps, connectorRunId);
  return withPgClient(deps.orm, (c) => refreshRunStatus(c, connectorRunId));
}
