import { type Job, UnrecoverableError } from 'bullmq';
import type { SyncJobDeps } from './sync.job';
import { BackfillData, BackfillWindowData } from './types';

/** One window of a backfill (see jobs/backfill.ts). */
export function handleBackfillWindow(deps: SyncJobDeps, job: Job, token?: string): Promise<unknown> {
  const parsed = BackfillWindowData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  void deps;
  void token;
  throw new UnrecoverableError('backfill windows are not runnable yet');
}

/** A backfill's parent: every window is done; the connector run's status is brought up to date. */
export function handleBackfill(deps: SyncJobDeps, job: Job): Promise<unknown> {
  const parsed = BackfillData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  void deps;
  return Promise.resolve(null);
}
