import { CronExpressionParser } from 'cron-parser';
import { ControlError } from './errors';

/** Where a schedule's cron pattern is read when none is given: the province's time. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An IANA zone name the runtime knows (the same Intl data cron-parser reads zones with). */
export function assertTimeZone(timeZone: string, field = 'timeZone'): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone }).format(0);
  } catch {
    throw new ControlError('INVALID_TIME_ZONE', field, `"${timeZone}" is not a time zone; use an IANA name such as ${DEFAULT_TIME_ZONE} or UTC`, { timeZone });
  }
}

/**
 * The next `count` fire times of `cron` in `timeZone`, parsed by cron-parser, the
 * parser (and version) BullMQ's job schedulers use, with the same options (`tz`):
 * a pattern accepted here is one the scheduler can run.
 */
export function nextFireTimes(cron: string, timeZone: string, count = 5, from: Date = new Date()): Date[] {
  assertTimeZone(timeZone);
  const pattern = cron.trim();
  if (!pattern) throw new ControlError('INVALID_CRON', 'cron', 'the cron pattern is empty; write 5 fields (minute hour day month weekday), e.g. "0 7 * * *"', { cron });
  try {
    const interval = CronExpressionParser.parse(pattern, { tz: timeZone, currentDate: from });
    return interval.take(count).map((d) => d.toDate());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ControlError('INVALID_CRON', 'cron', `"${cron}" is not a cron pattern BullMQ can run (${reason}); write 5 fields (minute hour day month weekday), e.g. "0 7 * * *"`, { cron, reason });
  }
}
