import { syncSchedules } from '../../jobs/schedule';
import { logger } from '../logger';
import type { ControlDeps } from './context';

/**
 * After a change to connectors or schedules: the queue's schedulers are brought in
 * line at once when a queue is at hand (else at the next worker start). A schedule the
 * scheduler skips is logged; the change itself is already committed.
 */
export async function applySchedules(deps: ControlDeps): Promise<void> {
  if (!deps.queue) return;
  const { skipped } = await syncSchedules(deps.queue, deps.em.fork());
  for (const s of skipped) logger.warn(s, `schedule of connector "${s.connector}" skipped: ${s.reason}`);
}
