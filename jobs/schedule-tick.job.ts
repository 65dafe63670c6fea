import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { ControlError } from '../src/control/errors';
import { triggerSync } from '../src/control/runs';
import type { SyncJobDeps } from './sync.job';
import { ScheduleTickData, schedulerKey } from './types';

/**
 * A connector's cron scheduler fired: start a connector run of its scheduled streams
 * (trigger `schedule`), unless a scheduled run of it is still queued or running (a
 * slow run is not stacked up behind by every tick). A connector paused or removed
 * since is skipped quietly.
 */
export async function handleScheduleTick(deps: SyncJobDeps, job: Job): Promise<number | null> {
  const parsed = ScheduleTickData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id} has an invalid payload: ${parsed.error.message}`);
  const tick = parsed.data;
  if (!deps.queue) throw new UnrecoverableError('schedule tick without a queue to add to');
  const em = deps.orm.em.fork();
  const busy = await em
    .getConnection()
    .execute<{ id: number }[]>(`select id from ops.connector_run where connector_name = ? and trigger = 'schedule' and status in ('queued', 'running') limit 1`, [tick.connector]);
  if (busy[0]) {
    deps.log.info({ connector: tick.connector, connectorRunId: busy[0].id }, 'scheduled sync skipped: the previous scheduled run is still going');
    return null;
  }
  const rows = await em
    .getConnection()
    .execute<{ schedule: string | null; schedule_time_zone: string; schedule_streams: string[] | null }[]>('select schedule, schedule_time_zone, schedule_streams from ops.connector where name = ? and deleted_at is null', [tick.connector]);
  const streams = tick.streams ?? (tick.stream ? [tick.stream] : (rows[0]?.schedule_streams ?? null));
  // The run's actor is the schedule itself: its scheduler id, and its cron and time zone in its name, as the audit log and `hub runs` show them.
  const scheduler = job.repeatJobKey ?? schedulerKey(tick.connector);
  const cron = rows[0]?.schedule ?? null;
  const timeZone = rows[0]?.schedule_time_zone ?? null;
  const actor = { type: 'schedule' as const, id: scheduler, name: cron ? `schedule of ${tick.connector} (${cron}, ${timeZone ?? 'UTC'})` : `schedule of ${tick.connector}`, role: null };
  try {
    const run = await triggerSync({ em, actor, queue: deps.queue }, tick.connector, { streams, trigger: 'schedule', schedule: { id: scheduler, cron, timeZone, firedAt: new Date(job.processedOn ?? Date.now()).toISOString() } });
    deps.log.info({ connector: tick.connector, connectorRunId: run.id, streams: run.streams }, 'scheduled sync started');
    return run.id;
  } catch (error) {
    if (error instanceof ControlError && (error.code === 'CONNECTOR_NOT_FOUND' || error.code === 'CONNECTOR_PAUSED' || error.code === 'UNKNOWN_STREAM')) {
      deps.log.warn({ connector: tick.connector, code: error.code }, `scheduled sync skipped: ${error.message}`);
      return null;
    }
    throw error;
  }
}
