import type { EntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { enqueueBackfill, planWindows } from '../../jobs/backfill';
import { addJob } from '../../jobs/catalogue';
import { JOB_NAMES, runStreamJobId } from '../../jobs/types';
import { type AuditActor, recordAudit } from '../audit/record';
import { withPgClient } from '../store/pg';
import { type ControlDeps, nowOf } from './context';
import { ControlError } from './errors';
import { findConnector, pluginOf, resolveStreams } from './lookup';
import { refreshRunStatus } from './run-status';
import { type RunCounts, runCountsOf, runCountsSql, sumRunCounts, sumRunCountsSql } from './run-counts';

export interface TriggerSyncOptions {
  /** Streams to sync (default: all; for a backfill, all that can be windowed). An unknown one is refused, named. */
  streams?: string[] | null;
  /** Read from the start, ignoring checkpoints; flags records no longer listed as gone. */
  full?: boolean | null;
  /** A backfill of the days [from, to) (yyyy-MM-dd), split into window jobs run by every worker. */
  from?: string | null;
  to?: string | null;
  /** Days per backfill window (default 7). */
  windowDays?: number | null;
  /** What asked: `api`, `cli`, `schedule`, `demo`… (default from the actor: key/token → api, cli → cli). */
  trigger?: string | null;
  /** A run started by a schedule: which one, its cron and time zone, when it fired (kept in the audit entry). */
  schedule?: { id: string; cron: string | null; timeZone: string | null; firedAt: string } | null;
}

export interface RunProgressView extends RunCounts {
  /** 0–1 over the run's streams (a backfill: over its windows). */
  fraction: number;
  /** Records read per second since the run started. */
  recordsPerSecond: number | null;
  /** Seconds left at the pace so far (null when unknown or done). */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export interface StreamRunView extends RunCounts {
  stream: string;
  /** queued, running, retrying, succeeded, partial, failed, cancelled. */
  status: string;
  attempts: number;
  /** When a failed attempt is tried again. */
  nextRetryAt: Date | null;
  errorClass: string | null;
  errorMessage: string | null;
  finishedAt: Date | null;
  /** Its latest sync run (ops.sync_run), when one started. */
  syncRunId: number | null;
  fraction: number | null;
  message: string | null;
  /** A backfill: its windows, and how many are done. */
  windows: { total: number; done: number } | null;
}

export interface RunView {
  id: number;
  connector: string;
  connectorId: number;
  /** `api`, `cli`, `schedule`, `demo`, … */
  trigger: string;
  /** Who asked: a key, a token subject, an OS user, a scheduler. */
  startedBy: AuditActor | null;
  streams: string[];
  full: boolean;
  from: string | null;
  to: string | null;
  /** queued, running, succeeded, partial, failed, cancelled. */
  status: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  cancelledBy: AuditActor | null;
  progress: RunProgressView;
  streamRuns: StreamRunView[];
  /** For a failed run: the first failed stream's error class and message, and when it is retried. */
  error: { stream: string; errorClass: string | null; message: string | null; nextRetryAt: Date | null } | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, field: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new ControlError('INVALID_DATE', field, `"${value}" is not a day; write yyyy-MM-dd (e.g. 2025-01-31)`, { value });
  }
  return value;
}

const triggerOf = (actor: AuditActor, asked?: string | null) => asked ?? (actor.type === 'cli' ? 'cli' : actor.type === 'schedule' ? 'schedule' : actor.type === 'system' ? 'system' : 'api');

/**
 * Starts a connector run: one job per stream (or, with from/to, a backfill flow of
 * window jobs), grouped under a connector run that says who asked. Refuses an unknown
 * stream (named), a paused connector, and a bad date range, before anything is queued.
 */
/** A started run; for a backfill of "all streams", the streams it left out because their source cannot be read by date. */
export type StartedRun = RunView & { notBackfilled: string[] };

export async function triggerSync(deps: ControlDeps, connector: string, opts: TriggerSyncOptions = {}): Promise<StartedRun> {
  const em = deps.em.fork();
  const instance = await findConnector(em, connector);
  const plugin = pluginOf(instance.kind);
  if (!instance.enabled) throw new ControlError('CONNECTOR_PAUSED', 'connector', `connector "${connector}" is paused; resume it first`, { connector });
  const backfill = opts.from != null || opts.to != null;
  let streams = resolveStreams(plugin, opts.streams);
  let windows: { stream: string; from: string; to: string }[] = [];
  // Catalogues and queues have no date filter at the source: a backfill of every stream leaves them out, and says so.
  let notBackfilled: string[] = [];
  if (backfill) {
    if (opts.from == null) throw new ControlError('INVALID_RANGE', 'from', 'a backfill needs both from and to', {});
    if (opts.to == null) throw new ControlError('INVALID_RANGE', 'to', 'a backfill needs both from and to', {});
    const from = parseDay(opts.from, 'from');
    const to = parseDay(opts.to, 'to');
    if (from >= to) throw new ControlError('INVALID_RANGE', 'to', `to (${to}) must be after from (${from}); the range is [from, to)`, { from, to });
    if (opts.full) throw new ControlError('INVALID_RANGE', 'full', 'a backfill reads its date range only; full reads a whole stream: ask for one or the other', {});
    const windowed = plugin.streams.filter((s) => typeof s.readWindow === 'function').map((s) => s.definition.name);
    if (opts.streams?.length) {
      const not = streams.find((s) => !windowed.includes(s));
      if (not) throw new ControlError('WINDOW_NOT_SUPPORTED', 'streams', `stream "${not}" cannot be backfilled by date; streams that can: ${windowed.join(', ') || 'none'}`, { stream: not, known: windowed });
    } else {
      notBackfilled = streams.filter((s) => !windowed.includes(s));
      streams = windowed;
    }
    if (!streams.length) throw new ControlError('WINDOW_NOT_SUPPORTED', 'streams', `no stream of a ${plugin.kind} connector can be backfilled by date`, { stream: '', known: [] });
    const days = opts.windowDays ?? 7;
    if (!Number.isInteger(days) || days < 1 || days > 366) throw new ControlError('INVALID_RANGE', 'windowDays', 'windowDays must be a whole number of days from 1 to 366', {});
    windows = streams.flatMap((stream) => planWindows(from, to, days).map((w) => ({ stream, ...w })));
    if (windows.length > 5000) throw new ControlError('INVALID_RANGE', 'windowDays', `${windows.length} windows is too many (at most 5000); use longer windows`, {});
  }
  if (!deps.queue) throw new ControlError('QUEUE_UNAVAILABLE', null, 'no queue to run the sync on (Redis); nothing was started', {});
  const trigger = triggerOf(deps.actor, opts.trigger);
  const runId = await withPgClient(em, async (client) => {
    await client.query('begin');
    try {
      const { rows } = await client.query<{ id: number }>(
        `insert into ops.connector_run (connector_id, connector_name, trigger, actor, streams, "full", window_from, window_to, status, requested_at)
         values ($1, $2, $3, $4::jsonb, $5::text[], $6, $7, $8, 'queued', $9) returning id`,
        [instance.id, instance.name, trigger, JSON.stringify(deps.actor), streams, opts.full === true, backfill ? opts.from : null, backfill ? opts.to : null, nowOf(deps)],
      );
      const id = rows[0]!.id;
      await client.query(
        `insert into ops.connector_run_stream (connector_run_id, stream, position, job_id) select $1, s, p::smallint, $3::text || $1::int::text || '.' || s from unnest($2::text[]) with ordinality as u(s, p)`,
        [id, streams, backfill ? 'backfill.' : 'run.'],
      );
      if (windows.length) {
        await client.query(
          `insert into ops.backfill_window (connector_run_id, stream, window_from, window_to) select $1, u.s, u.f::date, u.t::date from unnest($2::text[], $3::text[], $4::text[]) as u(s, f, t)`,
          [id, windows.map((w) => w.stream), windows.map((w) => w.from), windows.map((w) => w.to)],
        );
      }
      // Every start is logged, a schedule's too (its actor is the schedule; which one, its cron and when it fired are in the details).
      await recordAudit(client, {
        action: 'sync.trigger',
        actor: deps.actor,
        target: { type: 'connector', id: connector },
        after: { connectorRunId: id, streams, full: opts.full === true, from: opts.from ?? null, to: opts.to ?? null },
        details: { trigger, windows: windows.length || undefined, notBackfilled: notBackfilled.length ? notBackfilled : undefined, schedule: opts.schedule ?? undefined },
      });
      await client.query('commit');
      return id;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
  try {
    if (backfill) {
      await enqueueBackfill(deps.queue, { connectorRunId: runId, connector, windows }, deps.flows ?? null);
    } else {
      for (const stream of streams) {
        await addJob(deps.queue, JOB_NAMES.SYNC_STREAM, { connector, stream, trigger, full: opts.full === true, connectorRunId: runId }, { jobId: runStreamJobId(runId, stream) });
      }
    }
  } catch (error) {
    // Nothing will run it: the run says so rather than waiting forever.
    await withPgClient(em, async (client) => {
      await client.query(`update ops.connector_run_stream set status = 'failed', error_class = 'QueueUnavailable', error_message = $2, finished_at = now() where connector_run_id = $1 and status = 'queued'`, [
        runId,
        `the job could not be queued: ${error instanceof Error ? error.message : String(error)}`,
      ]);
      await refreshRunStatus(client, runId);
    });
    throw new ControlError('QUEUE_UNAVAILABLE', null, `the run was recorded (${runId}) but its jobs could not be queued: ${error instanceof Error ? error.message : String(error)}`, { runId });
  }
  return { ...(await getRun(deps, runId)), notBackfilled };
}

const TERMINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

/**
 * Cancels a connector run: streams not started are cancelled at once (their jobs
 * removed), running ones stop at their next checkpoint and end `cancelled`; what they
 * committed stays, and the next run resumes from it.
 */
export async function cancelRun(deps: ControlDeps, runId: number): Promise<RunView> {
  const em = deps.em.fork();
  const jobIds = await withPgClient(em, async (client) => {
    await client.query('begin');
    try {
      const { rows } = await client.query<{ id: number; status: string; connector_name: string; cancel_requested_at: Date | null }>(
        'select id, status, connector_name, cancel_requested_at from ops.connector_run where id = $1 for update',
        [runId],
      );
      const run = rows[0];
      if (!run) throw new ControlError('RUN_NOT_FOUND', 'runId', `no connector run ${runId}`, { runId });
      if (TERMINAL.has(run.status)) throw new ControlError('RUN_FINISHED', 'runId', `run ${runId} has already ended (${run.status}); nothing to cancel`, { runId, status: run.status });
      await client.query('update ops.connector_run set cancel_requested_at = coalesce(cancel_requested_at, now()), cancel_actor = coalesce(cancel_actor, $2::jsonb) where id = $1', [runId, JSON.stringify(deps.actor)]);
      const { rows: waiting } = await client.query<{ stream: string; job_id: string | null }>(
        `update ops.connector_run_stream set status = 'cancelled', finished_at = now(), next_retry_at = null
          where connector_run_id = $1 and status in ('queued', 'retrying') returning stream, job_id`,
        [runId],
      );
      await client.query(`update ops.backfill_window set status = 'cancelled', updated_at = now() where connector_run_id = $1 and status = 'queued'`, [runId]);
      const after = await refreshRunStatus(client, runId);
      await recordAudit(client, {
        action: 'run.cancel',
        actor: deps.actor,
        target: { type: 'connector_run', id: String(runId) },
        before: { status: run.status },
        after: { status: after },
        details: { connector: run.connector_name, cancelledBeforeStart: waiting.map((w) => w.stream) },
      });
      await client.query('commit');
      return waiting.map((w) => w.job_id).filter((j): j is string => j !== null);
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
  if (deps.queue) {
    for (const id of jobIds) {
      const job = await deps.queue.getJob(id);
      // An active job is locked and cannot be removed: it sees the cancel at its next checkpoint.
      await job?.remove().catch(() => undefined);
    }
  }
  return getRun(deps, runId);
}

/**
 * Forgets a stream's checkpoint, so its next run reads it from the start (the content
 * hash keeps unchanged records from being written again). Needs a reason, kept in the
 * audit log with the checkpoint it replaced. Refused while the stream runs.
 */
export async function resetStream(deps: ControlDeps, connector: string, stream: string, reason: string): Promise<{ connector: string; stream: string; previousCheckpoint: Record<string, unknown> | null }> {
  const why = (reason ?? '').trim();
  if (why.length < 3) throw new ControlError('INVALID_REASON', 'reason', 'say why the checkpoint is reset (kept in the audit log)', {});
  const em = deps.em.fork();
  const instance = await findConnector(em, connector);
  resolveStreams(pluginOf(instance.kind), [stream], 'stream');
  return withPgClient(em, async (client) => {
    await client.query('begin');
    try {
      const { rows: running } = await client.query<{ id: number }>(`select id from ops.sync_run where connector_id = $1 and stream = $2 and lease_key = '' and status = 'running'`, [instance.id, stream]);
      if (running[0]) throw new ControlError('STREAM_BUSY', 'stream', `stream "${stream}" is running (sync run ${running[0].id}); cancel it or wait for it to end`, { stream, runId: running[0].id });
      const { rows } = await client.query<{ state: Record<string, unknown> }>('delete from ops.stream_state where connector_id = $1 and stream = $2 returning state', [instance.id, stream]);
      const previous = rows[0]?.state ?? null;
      await recordAudit(client, { action: 'stream.reset', actor: deps.actor, target: { type: 'stream', id: `${connector}/${stream}` }, before: { checkpoint: previous }, after: { checkpoint: null }, details: { reason: why } });
      await client.query('commit');
      return { connector, stream, previousCheckpoint: previous };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}

interface RunRow {
  id: number;
  connector_id: number;
  connector_name: string;
  trigger: string;
  actor: AuditActor | null;
  streams: string[];
  full: boolean;
  window_from: string | null;
  window_to: string | null;
  status: string;
  requested_at: Date;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
  cancel_actor: AuditActor | null;
}

interface StreamRow extends RunCounts {
  connector_run_id: number;
  stream: string;
  status: string;
  attempts: number;
  next_retry_at: Date | null;
  error_class: string | null;
  error_message: string | null;
  finished_at: Date | null;
  sync_run_id: number | null;
  started_at: Date | null;
  progress_fraction: number | null;
  progress_message: string | null;
  windows_total: number;
  windows_done: number;
  window_fraction: number | null;
}

const RUN_COLUMNS = `id, connector_id, connector_name, trigger, actor, streams, "full", to_char(window_from, 'YYYY-MM-DD') as window_from, to_char(window_to, 'YYYY-MM-DD') as window_to,
  status, requested_at, finished_at, cancel_requested_at, cancel_actor`;

/** Per stream of the runs: its state, counters summed over its sync runs (a backfill's windows), its latest sync run's progress. */
const STREAMS_SQL = `
  select s.connector_run_id, s.stream, s.status, s.attempts, s.next_retry_at, s.error_class, s.error_message, s.finished_at,
         l.id as sync_run_id, f.started_at, l.progress_fraction, l.progress_message,
         ${runCountsSql('t')},
         coalesce(w.total, 0)::int as windows_total, coalesce(w.done, 0)::int as windows_done, w.fraction as window_fraction
    from ops.connector_run_stream s
    left join lateral (select id, progress_fraction, progress_message from ops.sync_run r where r.connector_run_id = s.connector_run_id and r.stream = s.stream order by id desc limit 1) l on true
    left join lateral (select min(started_at) as started_at from ops.sync_run r where r.connector_run_id = s.connector_run_id and r.stream = s.stream) f on true
    left join lateral (
      select ${sumRunCountsSql()}
        from ops.sync_run r where r.connector_run_id = s.connector_run_id and r.stream = s.stream) t on true
    left join lateral (
      select count(*) as total, count(*) filter (where status in ('succeeded', 'partial', 'cancelled', 'failed')) as done,
             avg(case when status in ('succeeded', 'partial', 'failed', 'cancelled') then 1 else coalesce((
               select progress_fraction from ops.sync_run r where r.connector_run_id = b.connector_run_id and r.stream = b.stream
                  and r.lease_key = 'w:' || b.connector_run_id || ':' || to_char(b.window_from, 'YYYY-MM-DD') order by r.id desc limit 1), 0) end) as fraction
        from ops.backfill_window b where b.connector_run_id = s.connector_run_id and b.stream = s.stream) w on true
   where s.connector_run_id = any($1::int[])
   order by s.connector_run_id, s.position`;

/** The ORM's pool hands timestamps over as text. */
const date = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

function toView(run: RunRow, streams: StreamRow[], now: Date): RunView {
  const streamRuns: StreamRunView[] = streams.map((s) => {
    const done = TERMINAL.has(s.status);
    const fraction = done ? 1 : s.windows_total > 0 ? Number(s.window_fraction ?? 0) : s.status === 'running' ? (s.progress_fraction ?? 0) : 0;
    return {
      stream: s.stream,
      status: s.status,
      attempts: s.attempts,
      nextRetryAt: date(s.next_retry_at),
      errorClass: s.error_class,
      errorMessage: s.error_message,
      finishedAt: date(s.finished_at),
      syncRunId: s.sync_run_id,
      fraction: Number(fraction),
      message: s.progress_message,
      ...runCountsOf(s),
      windows: s.windows_total > 0 ? { total: s.windows_total, done: s.windows_done } : null,
    };
  });
  const counts = sumRunCounts(streamRuns);
  const started = streams.map((s) => date(s.started_at)).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const end = date(run.finished_at) ?? now;
  const elapsed = started ? Math.max(0, (end.getTime() - started.getTime()) / 1000) : 0;
  const fraction = streamRuns.length ? streamRuns.reduce((a, s) => a + (s.fraction ?? 0), 0) / streamRuns.length : 1;
  const read = counts.read;
  const failedStream = streamRuns.find((s) => s.status === 'failed' || s.status === 'retrying');
  return {
    id: run.id,
    connector: run.connector_name,
    connectorId: run.connector_id,
    trigger: run.trigger,
    startedBy: run.actor,
    streams: run.streams,
    full: run.full,
    from: run.window_from,
    to: run.window_to,
    status: run.status,
    requestedAt: date(run.requested_at)!,
    startedAt: started,
    finishedAt: date(run.finished_at),
    cancelRequestedAt: date(run.cancel_requested_at),
    cancelledBy: run.cancel_actor,
    progress: {
      fraction: TERMINAL.has(run.status) ? 1 : fraction,
      ...counts,
      recordsPerSecond: elapsed > 0 ? read / elapsed : null,
      etaSeconds: !TERMINAL.has(run.status) && fraction > 0 && fraction < 1 && elapsed > 0 ? (elapsed * (1 - fraction)) / fraction : null,
      elapsedSeconds: elapsed,
    },
    streamRuns,
    error: failedStream ? { stream: failedStream.stream, errorClass: failedStream.errorClass, message: failedStream.errorMessage, nextRetryAt: failedStream.nextRetryAt } : null,
  };
}

async function loadViews(client: PoolClient, runs: RunRow[], now: Date): Promise<RunView[]> {
  if (!runs.length) return [];
  const { rows } = await client.query<StreamRow>(STREAMS_SQL, [runs.map((r) => r.id)]);
  const by = new Map<number, StreamRow[]>();
  for (const r of rows) by.set(r.connector_run_id, [...(by.get(r.connector_run_id) ?? []), r]);
  return runs.map((r) => toView(r, by.get(r.id) ?? [], now));
}

/** One connector run with its stream runs and progress. */
export async function getRun(deps: Pick<ControlDeps, 'em' | 'now'>, runId: number): Promise<RunView> {
  const now = deps.now ? deps.now() : new Date();
  return withPgClient(deps.em.fork(), async (client) => {
    const { rows } = await client.query<RunRow>(`select ${RUN_COLUMNS} from ops.connector_run where id = $1`, [runId]);
    if (!rows[0]) throw new ControlError('RUN_NOT_FOUND', 'runId', `no connector run ${runId}`, { runId });
    return (await loadViews(client, rows, now))[0]!;
  });
}

export interface ListRunsOptions {
  connector?: string | null;
  status?: string | null;
  /** Page size (default 20, at most 100). */
  first?: number | null;
  /** Runs with an id below this one (the last id of the previous page). */
  beforeId?: number | null;
}

/** Connector runs, newest first, with `hasMore` for paging (pass the last id as `beforeId`). */
export async function listRuns(deps: Pick<ControlDeps, 'em' | 'now'>, opts: ListRunsOptions = {}): Promise<{ runs: RunView[]; hasMore: boolean; totalCount: number }> {
  const limit = Math.min(100, Math.max(1, opts.first ?? 20));
  const now = deps.now ? deps.now() : new Date();
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.connector) {
    params.push(opts.connector);
    where.push(`connector_name = $${params.length}`);
  }
  if (opts.status) {
    params.push(opts.status);
    where.push(`status = $${params.length}`);
  }
  const filter = where.length ? `where ${where.join(' and ')}` : '';
  return withPgClient(deps.em.fork(), async (client) => {
    const page = [...params];
    let pageWhere = filter;
    if (opts.beforeId != null) {
      page.push(opts.beforeId);
      pageWhere = `${filter ? `${filter} and` : 'where'} id < $${page.length}`;
    }
    page.push(limit + 1);
    const { rows } = await client.query<RunRow>(`select ${RUN_COLUMNS} from ops.connector_run ${pageWhere} order by id desc limit $${page.length}`, page);
    const { rows: count } = await client.query<{ n: number }>(`select count(*)::int as n from ops.connector_run ${filter}`, params);
    return { runs: await loadViews(client, rows.slice(0, limit), now), hasMore: rows.length > limit, totalCount: count[0]?.n ?? 0 };
  });
}

/** Loads the runs with these ids, in that order (for DataLoaders and subscriptions). */
export async function getRuns(em: EntityManager, ids: readonly number[]): Promise<(RunView | null)[]> {
  return withPgClient(em.fork(), async (client) => {
    const { rows } = await client.query<RunRow>(`select ${RUN_COLUMNS} from ops.connector_run where id = any($1::int[])`, [ids]);
    const views = new Map((await loadViews(client, rows, new Date())).map((v) => [v.id, v]));
    return ids.map((id) => views.get(id) ?? null);
  });
}
