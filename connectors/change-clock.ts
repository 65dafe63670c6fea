/**
 * Incremental reading by the source's own clock.
 *
 * A stream windowed over a change time (`NgayCapNhat`) must not anchor its windows on
 * the hub's clock: a source whose clock is behind stamps every change before the
 * hub's "now − lookback" and it is never read; one ahead stamps changes after a window
 * that ends at the hub's "now". So:
 * - the last window of a run is open-ended (it ends at `openEnd`, years ahead), so it
 *   reaches the source's present whatever its clock says;
 * - the next run starts at the newest change time already committed, less an overlap
 *   for records the source commits late, and the content hash makes the overlap free.
 *
 * The hub's clock only ever lowers the start (a change time later than the hub's
 * "now" at the run's start counts as that "now"), so a record stamped far in the
 * future by mistake cannot carry the start past changes still to come. Lowering the
 * start can only make a run re-read more, never skip.
 */

import { compactLocalTime, localDay, VN_OFFSET_MS } from './normalise';

/** How far past the hub's "now" an open-ended window reaches: further than any clock is wrong. */
export const OPEN_END_DAYS = 3650;

/** The later of two change times in one sortable format (`yyyyMMddHHmmss`, `yyyy-MM-ddTHH:mm:ss`); null is "none yet". */
export function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

/** The newest of `rows`' `field` values that `isTime` accepts, or `current` when it is newer. */
export function newestOf(rows: readonly unknown[], field: string, isTime: (value: string) => boolean, current: string | null): string | null {
  let newest = current;
  for (const row of rows) {
    const v: unknown = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[field] : undefined;
    if (typeof v === 'string' && isTime(v)) newest = later(newest, v);
  }
  return newest;
}

/**
 * Where the next run starts: the newest change committed (`newest`, as an instant),
 * no later than the hub's `runStart`, less `overlapMs`. Null when nothing was ever
 * read: the caller starts from its configured first day.
 */
export function nextStart(newest: Date | null, runStart: Date, overlapMs: number): Date | null {
  if (newest === null) return null;
  return new Date(Math.min(newest.getTime(), runStart.getTime()) - overlapMs);
}

/** The instant of a `yyyyMMddHHmmss` local time, or null when it is not one. */
export function compactInstant(value: string): Date | null {
  if (!/^\d{14}$/.test(value)) return null;
  try {
    return compactLocalTime('NgayCapNhat', value);
  } catch {
    return null;
  }
}

/** An instant as `yyyyMMddHHmmss` in Vietnam local time. */
export function toCompact(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19).replace(/\D/g, '');
}

/**
 * The first day (`yyyy-MM-dd`) the next run of a day-windowed stream reads: the day
 * of the newest change committed (capped by the hub's `runStart`) less `overlapDays`,
 * never before `firstDay`; `firstDay` when nothing was ever read.
 */
export function nextStartDay(newest: string | null, runStart: Date, overlapDays: number, firstDay: string): string {
  const start = nextStart(newest === null ? null : compactInstant(newest), runStart, overlapDays * 86_400_000);
  if (start === null) return firstDay;
  const day = localDay(start);
  return day < firstDay ? firstDay : day;
}

/** Whether a text is a real `yyyyMMddHHmmss` time (a broken record's must not move a cursor). */
export const isChangeTime = (value: string): boolean => compactInstant(value) !== null;
