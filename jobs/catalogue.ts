import { type Job, type JobsOptions, type Queue, UnrecoverableError } from 'bullmq';
import { JOB_NAMES, type JobName, type JobPayload, type SyncJobData } from './types';

/**
 * Adds a job of the catalogue with its typed payload. The queue is typed for its first
 * job kind (SyncJobData); the catalogue is what binds a name to its payload.
 */
export async function addJob<N extends JobName>(queue: Queue<SyncJobData>, name: N, data: JobPayload<N>, opts: JobsOptions = {}): Promise<string | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const job = await (queue as unknown as Queue<any, unknown, string>).add(name, data, opts);
  return job.id;
}

/** The catalogue's name of a job as stored: jobs of the first catalogue were named after their id (`sync.<connector>.<stream>`). */
export function catalogueName(name: string): JobName | null {
  const known = Object.values(JOB_NAMES) as string[];
  if (known.includes(name)) return name as JobName;
  if (name.startsWith('sync.')) return JOB_NAMES.SYNC_STREAM;
  return null;
}

/** What a handler of the catalogue is: the job and the worker's lock token. */
export type JobHandler = (job: Job, token?: string) => Promise<unknown>;
export type HandlerCatalogue = Readonly<Record<JobName, JobHandler>>;

/** A worker was started without a handler for some job of the catalogue. */
export class CatalogueError extends Error {
  constructor(readonly missing: string[]) {
    super(`the worker cannot start: no handler for the job(s) ${missing.join(', ')}; bind each name of JOB_NAMES (jobs/types.ts) to its handler`);
    this.name = 'CatalogueError';
  }
}

/** Checks that every job name has a handler (start-up fails with one clear message otherwise). */
export function assertCatalogue(handlers: Partial<Record<string, JobHandler>>): HandlerCatalogue {
  const missing = Object.values(JOB_NAMES).filter((name) => typeof handlers[name] !== 'function');
  if (missing.length) throw new CatalogueError(missing);
  return handlers as HandlerCatalogue;
}

/** The worker's processor: each job to its handler by name; a name the catalogue does not know fails that job only. */
export function dispatch(handlers: HandlerCatalogue): JobHandler {
  return (job, token) => {
    const name = catalogueName(job.name);
    if (!name) return Promise.reject(new UnrecoverableError(`no handler for a job named "${job.name}" (known: ${Object.values(JOB_NAMES).join(', ')})`));
    return handlers[name](job, token);
  };
}
