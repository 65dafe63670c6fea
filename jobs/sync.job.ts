import type { MikroORM } from '@mikro-orm/postgresql';
import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import { enqueueSync } from './queue';
import { isPermanent } from '../connectors/errors';
import { RunCancelledError, runStream, type RunSummary } from '../src/engine/run-stream';
import { ConnectorInstance } from '../src/entities';
import type { Logger } from 'pino';
import { SCHEDULE_TICK, SyncJobData, type SyncJobProgress } from './types';

export interface SyncJobDeps {
  orm: MikroORM;
  log: Logger;
  /** Aborted when the worker must stop; the run stops at its next message. */
  shutdown: AbortSignal;
  /** Where schedule ticks queue the real sync jobs. */
  queue?: Queue<SyncJobData>;
}

/**
 * Runs one (connector, stream) sync. Permanent failures (bad credentials, bad config)
 * throw UnrecoverableError so BullMQ does not retry them; a shutdown puts the job back
 * in the queue without spending an attempt, and the next worker resumes it from its checkpoint.
 */
export async function handleSyncJob(deps: SyncJobDeps, job: Job<SyncJobData>, token?: string): Promise<RunSummary | null> {
  const parsed = SyncJobData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  const data = parsed.data;
  if (job.name === SCHEDULE_TICK) {
    // A cron tick: queue the real job under its deterministic id (a no-op while one waits or runs).
    if (!deps.queue) throw new UnrecoverableError('schedule tick without a queue to add to');
    const { jobId, queued } = await enqueueSync(deps.queue, { ...data, trigger: 'schedule' });
    deps.log.info({ jobId, queued }, queued ? 'scheduled sync queued' : 'scheduled sync skipped: the stream is already queued or running');
    return null;
  }
  const em = deps.orm.em.fork();
  const instance = await em.findOne(ConnectorInstance, { name: data.connector });
  if (!instance) throw new UnrecoverableError(`connector "${data.connector}" is not configured (it may have been deleted after the job was queued)`);
  if (!instance.enabled) throw new UnrecoverableError(`connector "${data.connector}" is disabled`);
  const log = deps.log.child({ connector: data.connector, stream: data.stream, jobId: job.id });
  try {
    const summary = await runStream({
      orm: deps.orm,
      connector: instance,
      stream: data.stream,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
      signal: deps.shutdown,
      full: data.full,
      log: (message, fields) => log.warn(fields ?? {}, message),
      onProgress: async (p) => {
        const progress: SyncJobProgress = { runId: p.runId, fraction: p.fraction, message: p.message, read: p.read, inserted: p.inserted, updated: p.updated, unchanged: p.unchanged, failed: p.failed };
        await job.updateProgress(progress);
      },
    });
    log.info(summary, 'sync run finished');
    return summary;
  } catch (error) {
    if (error instanceof RunCancelledError && token) {
      log.info({ runId: error.runId }, 'worker stopping: job returned to the queue');
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
    log.error({ err: error }, 'sync run failed');
    if (isPermanent(error)) throw new UnrecoverableError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    throw error;
  }
}
