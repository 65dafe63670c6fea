import type { MikroORM } from '@mikro-orm/postgresql';
import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import { enqueueSync } from './queue';
import { isPermanent } from '../connectors/errors';
import { DatabaseUnavailableError, waitOutDatabase } from '../src/db/outage';
import { LeaseLostError, StreamBusyError } from '../src/engine/lease';
import { RunCancelledError, runStream, type RunSummary } from '../src/engine/run-stream';
import { ConnectorInstance } from '../src/entities';
import type { Logger } from 'pino';
import { withLogContext } from '../src/logging/context';
import { syncRecordCounter, syncRunDuration, syncRuns } from '../src/metrics/metrics';
import { SCHEDULE_TICK, SyncJobData, type SyncJobProgress } from './types';

export interface SyncJobDeps {
  orm: MikroORM;
  log: Logger;
  /** Aborted when the worker must stop; the run stops at its next message. */
  shutdown: AbortSignal;
  /** Where schedule ticks queue the real sync jobs. */
  queue?: Queue<SyncJobData>;
  /** The stream lease's length (JOB_LOCK_MS). */
  leaseMs?: number;
  /** How long database outages are waited out (DB_OUTAGE_LIMIT_MS). */
  dbOutageLimitMs?: number;
}

/** Puts the job back in the queue for `delayMs` without spending an attempt; false when this worker no longer holds it. */
async function requeue(job: Job<SyncJobData>, token: string | undefined, delayMs: number, log: Logger): Promise<boolean> {
  if (!token) return false;
  try {
    await job.moveToDelayed(Date.now() + delayMs, token);
    return true;
  } catch (error) {
    log.info({ error: error instanceof Error ? error.message : String(error) }, 'job not returned to the queue: this worker no longer holds it (another does)');
    return false;
  }
}

/**
 * Runs one (connector, stream) sync. Permanent failures (bad credentials, bad config)
 * and a database away past DB_OUTAGE_LIMIT_MS throw UnrecoverableError: the job fails
 * and stays, and the next schedule tick retries it. A shutdown, a stream busy with
 * another run (a job redelivered while its first run goes on) or a lost lease put the
 * job back in the queue without spending an attempt; the next run resumes from the checkpoint.
 */
export function handleSyncJob(deps: SyncJobDeps, job: Job<SyncJobData>, token?: string): Promise<RunSummary | null> {
  // Every line logged while the job runs (engine, connector, this file) names the job, connector and stream; the engine adds the run id.
  const data = job.data as Partial<SyncJobData> | undefined;
  return withLogContext({ jobId: job.id, connector: data?.connector, stream: data?.stream }, () => handleJob(deps, job, token));
}

async function handleJob(deps: SyncJobDeps, job: Job<SyncJobData>, token?: string): Promise<RunSummary | null> {
  const parsed = SyncJobData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  const data = parsed.data;
  if (job.name === SCHEDULE_TICK) {
    // A cron tick: queue the real job under its deterministic id (a no-op while one waits or runs).
    if (!deps.queue) throw new UnrecoverableError('schedule tick without a queue to add to');
    const { jobId, queued, retried } = await enqueueSync(deps.queue, { ...data, trigger: 'schedule' });
    deps.log.info({ jobId, queued, retried }, retried ? 'scheduled sync: retrying the failed job' : queued ? 'scheduled sync queued' : 'scheduled sync skipped: the stream is already queued or running');
    return null;
  }
  const outage = { limitMs: deps.dbOutageLimitMs ?? 300_000, signal: deps.shutdown, log: (message: string, fields?: Record<string, unknown>) => deps.log.warn(fields ?? {}, message) };
  const instance = await waitOutDatabase('reading the connector', () => deps.orm.em.fork().findOne(ConnectorInstance, { name: data.connector }), outage).catch((error: unknown) => {
    throw error instanceof DatabaseUnavailableError ? new UnrecoverableError(`${error.name}: ${error.message}`) : error;
  });
  if (!instance) throw new UnrecoverableError(`connector "${data.connector}" is not configured (it may have been deleted after the job was queued)`);
  if (!instance.enabled) throw new UnrecoverableError(`connector "${data.connector}" is disabled`);
  const log = deps.log;
  const countRecords = syncRecordCounter(data.connector, data.stream);
  const started = performance.now();
  const ran = (status: string) => {
    const labels = { connector: data.connector, stream: data.stream, status };
    syncRuns.inc(labels);
    syncRunDuration.observe(labels, (performance.now() - started) / 1000);
  };
  try {
    const summary = await runStream({
      orm: deps.orm,
      connector: instance,
      stream: data.stream,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
      signal: deps.shutdown,
      full: data.full,
      leaseMs: deps.leaseMs,
      dbOutageLimitMs: deps.dbOutageLimitMs,
      log: (message, fields) => log.warn(fields ?? {}, message),
      onProgress: async (p) => {
        const progress: SyncJobProgress = { runId: p.runId, fraction: p.fraction, message: p.message, read: p.read, inserted: p.inserted, updated: p.updated, unchanged: p.unchanged, failed: p.failed };
        countRecords(p);
        await job.updateProgress(progress);
      },
    });
    countRecords(summary);
    ran(summary.status);
    log.info(summary, 'sync run finished');
    return summary;
  } catch (error) {
    // A busy stream opened no run of this job's.
    if (!(error instanceof StreamBusyError)) ran(error instanceof RunCancelledError ? 'cancelled' : error instanceof LeaseLostError ? 'lease_lost' : 'failed');
    if (error instanceof RunCancelledError && token) {
      log.info({ runId: error.runId }, 'worker stopping: job returned to the queue');
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
    if (error instanceof StreamBusyError) {
      // Another run of this stream is alive (a redelivered job, say): try again when its lease could have run out.
      const delay = Math.max(250, error.retryAfterMs + 100);
      log.info({ holderRunId: error.holderRunId, retryInMs: delay }, 'stream busy: another run holds its lease; job returned to the queue');
      if (await requeue(job, token, delay, log)) throw new DelayedError();
      return null;
    }
    if (error instanceof LeaseLostError) {
      log.warn({ runId: error.runId }, error.message);
      if (await requeue(job, token, 1000, log)) throw new DelayedError();
      return null;
    }
    // Known causes in one line; anything else with its stack, to be fixed.
    const known = isPermanent(error) || error instanceof DatabaseUnavailableError;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.error(known ? { error: reason } : { err: error }, 'sync run failed');
    // A database outage past the limit has had its retries: the job fails visibly and the next schedule tick retries it.
    if (known) throw new UnrecoverableError(reason);
    throw error;
  }
}
