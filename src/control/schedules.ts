import { recordAudit } from '../audit/record';
import type { ConnectorInstance } from '../entities';
import { applySchedules } from './apply-schedules';
import { type ControlDeps, nowOf } from './context';
import { assertTimeZone, DEFAULT_TIME_ZONE, nextFireTimes } from './cron';
import { findConnector, pluginOf, resolveStreams } from './lookup';
import type { ScheduleView } from './connectors';

const scheduleOf = (c: ConnectorInstance) => (c.schedule ? { cron: c.schedule, timeZone: c.scheduleTimeZone, streams: c.scheduleStreams } : null);

export interface SetScheduleResult {
  connector: string;
  schedule: ScheduleView;
  /** False while the connector is paused: the schedule is kept but does not fire. */
  active: boolean;
}

/**
 * Sets a connector's cron schedule: the pattern is parsed by the parser BullMQ's
 * schedulers use, in `timeZone` (default Asia/Ho_Chi_Minh, so `0 7 * * *` is 07:00 in
 * Vietnam whatever the server's zone), for `streams` (default: all). Returns the next
 * five fire times.
 */
export async function setSchedule(deps: ControlDeps, connector: string, cron: string, timeZone: string = DEFAULT_TIME_ZONE, streams?: string[] | null): Promise<SetScheduleResult> {
  const tz = timeZone || DEFAULT_TIME_ZONE;
  assertTimeZone(tz);
  const now = nowOf(deps);
  const next = nextFireTimes(cron, tz, 5, now);
  const saved = await deps.em.fork().transactional(async (tx) => {
    const c = await findConnector(tx, connector, { lock: true });
    const chosen = streams?.length ? resolveStreams(pluginOf(c.kind), streams) : null;
    const before = scheduleOf(c);
    c.schedule = cron.trim();
    c.scheduleTimeZone = tz;
    c.scheduleStreams = chosen;
    c.updatedAt = now;
    await tx.flush();
    await recordAudit(tx, { action: 'schedule.set', actor: deps.actor, target: { type: 'connector', id: connector }, before, after: scheduleOf(c), details: { nextFireTimes: next } });
    return c;
  });
  await applySchedules(deps);
  return { connector, schedule: { cron: saved.schedule!, timeZone: tz, streams: saved.scheduleStreams, nextFireTimes: next }, active: saved.enabled };
}

/** Takes a connector's schedule away (its scheduler is removed); manual triggers still work. */
export async function clearSchedule(deps: ControlDeps, connector: string): Promise<{ connector: string; hadSchedule: boolean }> {
  const had = await deps.em.fork().transactional(async (tx) => {
    const c = await findConnector(tx, connector, { lock: true });
    const before = scheduleOf(c);
    c.schedule = null;
    c.scheduleStreams = null;
    c.updatedAt = nowOf(deps);
    await tx.flush();
    await recordAudit(tx, { action: 'schedule.clear', actor: deps.actor, target: { type: 'connector', id: connector }, before, after: null });
    return before !== null;
  });
  await applySchedules(deps);
  return { connector, hadSchedule: had };
}
