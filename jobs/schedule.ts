import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { CONNECTORS } from '../connectors/registry';
import { nextFireTimes } from '../src/control/cron';
import { ConnectorInstance } from '../src/entities';
import { LEGACY_SCHEDULER_PREFIX, SCHEDULE_TICK, SCHEDULER_PREFIX, type ScheduleTickData, schedulerKey, type SyncJobData } from './types';

/** A stored schedule the scheduler could not take: reported and skipped, never fatal. */
export interface ScheduleProblem {
  connector: string;
  cron: string;
  timeZone: string;
  reason: string;
}

/**
 * Makes the queue's job schedulers match the connectors' schedules: one scheduler per
 * connector (`hub-schedule.<name>`), firing in the schedule's time zone (BullMQ's `tz`).
 * A scheduler only emits a small tick job, whose handler starts a connector run. Only
 * schedulers under this hub's prefix are touched, so other users of the queue keep
 * theirs. A schedule that cannot be parsed (stored before validation, or a time zone
 * the runtime lost) is reported in `skipped` and left out: one bad row never stops a
 * worker from starting. Idempotent; run at worker start and after every change.
 */
export async function syncSchedules(queue: Queue<SyncJobData>, em: EntityManager): Promise<{ scheduled: string[]; skipped: ScheduleProblem[] }> {
  const wanted = new Map<string, { pattern: string; tz: string; data: ScheduleTickData }>();
  const skipped: ScheduleProblem[] = [];
  for (const c of await em.fork().find(ConnectorInstance, { deletedAt: null }, { orderBy: { name: 'asc' } })) {
    if (!c.enabled || !c.schedule) continue;
    const problem = (reason: string) => skipped.push({ connector: c.name, cron: c.schedule!, timeZone: c.scheduleTimeZone, reason });
    if (!Object.hasOwn(CONNECTORS, c.kind)) {
      problem(`unknown connector kind "${c.kind}"`);
      continue;
    }
    try {
      nextFireTimes(c.schedule, c.scheduleTimeZone, 1);
    } catch (error) {
      problem(error instanceof Error ? error.message : String(error));
      continue;
    }
    const data: ScheduleTickData = { connector: c.name, trigger: 'schedule', ...(c.scheduleStreams?.length ? { streams: c.scheduleStreams } : {}) };
    wanted.set(schedulerKey(c.name), { pattern: c.schedule.trim(), tz: c.scheduleTimeZone, data });
  }
  const ticks = queue as unknown as Queue<ScheduleTickData>;
  for (const existing of await ticks.getJobSchedulers()) {
    const ours = existing.key.startsWith(SCHEDULER_PREFIX) || existing.key.startsWith(LEGACY_SCHEDULER_PREFIX);
    if (ours && !wanted.has(existing.key)) await ticks.removeJobScheduler(existing.key);
  }
  const scheduled: string[] = [];
  for (const [key, { pattern, tz, data }] of wanted) {
    try {
      await ticks.upsertJobScheduler(key, { pattern, tz }, { name: SCHEDULE_TICK, data, opts: { removeOnComplete: true, removeOnFail: true } });
      scheduled.push(key);
    } catch (error) {
      // Redis being away is not the schedule's fault: that one propagates.
      const message = error instanceof Error ? error.message : String(error);
      if (/ECONNREFUSED|Connection is closed|ETIMEDOUT/.test(message)) throw error;
      skipped.push({ connector: data.connector, cron: pattern, timeZone: tz, reason: message });
    }
  }
  return { scheduled, skipped };
}
