/**
 * Vietnam local time (UTC+7, no daylight saving) as the source systems write
 * it: without an offset. Simulators keep instants as whole epoch seconds.
 */

export const VN_OFFSET_SEC = 7 * 3600;
export const DAY_SEC = 86400;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function localParts(sec: number): Date {
  return new Date((sec + VN_OFFSET_SEC) * 1000);
}

/** `yyyyMMddHHmmss` (one-stop-shop and portal dates). */
export function formatCompact(sec: number): string {
  const d = localParts(sec);
  return (
    String(d.getUTCFullYear()) +
    pad2(d.getUTCMonth() + 1) +
    pad2(d.getUTCDate()) +
    pad2(d.getUTCHours()) +
    pad2(d.getUTCMinutes()) +
    pad2(d.getUTCSeconds())
  );
}

/** `dd/MM/yyyy` (catalogue validity dates, window parameters). */
export function formatDay(sec: number): string {
  const d = localParts(sec);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** `yyMMdd`, the date part of a dossier code. */
export function formatYyMMdd(sec: number): string {
  const d = localParts(sec);
  return pad2(d.getUTCFullYear() % 100) + pad2(d.getUTCMonth() + 1) + pad2(d.getUTCDate());
}

/** Epoch seconds of a local wall-clock time. */
export function localSec(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - VN_OFFSET_SEC;
}

/** Local midnight of a strict `dd/MM/yyyy`, or null when the text is not a real date. */
export function parseDay(text: string): number | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const sec = localSec(year, month, day);
  // Date.UTC rolls 31/02 over to March: a round trip rejects it.
  return formatDay(sec) === text ? sec : null;
}

/** Epoch seconds of a strict `yyyyMMddHHmmss`, or null. */
export function parseCompact(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const sec = localSec(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return formatCompact(sec) === text ? sec : null;
}

/** Local midnight of the day containing `sec`. */
export function localDayStart(sec: number): number {
  return localDayNumber(sec) * DAY_SEC - VN_OFFSET_SEC;
}

/** Days since 1970-01-01 in local time. */
export function localDayNumber(sec: number): number {
  return Math.floor((sec + VN_OFFSET_SEC) / DAY_SEC);
}

/** Local weekday, 0 = Sunday … 6 = Saturday. */
export function localWeekday(sec: number): number {
  return (localDayNumber(sec) + 4) % 7; // 1970-01-01 was a Thursday
}

/** Whole seconds of a Date. */
export function toSec(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * A simulator's clock at start: `now` (the hub's clock, the wall clock by default)
 * moved by `skewSeconds`, negative to run the source behind the hub, positive ahead.
 * The clock then stays put until advanceClock.
 */
export function skewedClock(now: Date | undefined, skewSeconds = 0): Date {
  return new Date((now ?? new Date()).getTime() + Math.trunc(skewSeconds) * 1000);
}
