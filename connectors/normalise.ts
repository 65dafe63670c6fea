/**
 * Time and code helpers shared by connectors' reading: the sources' local-time
 * formats (Vietnam, UTC+7, no offset on the wire), day arithmetic for windows, codes
 * to their parts. Records themselves are judged by their specs (`spec/`).
 */

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export const VN_OFFSET_MS = 7 * 3600_000;

export class FieldError extends Error {
  constructor(field: string, value: unknown, expected: string) {
    super(`${field}: ${JSON.stringify(value)} is not ${expected}`);
    this.name = 'FieldError';
  }
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Builds the UTC instant of a Vietnam local wall-clock time, checking every part is real. */
function localInstant(field: string, raw: unknown, expected: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date {
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d ||
    check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s
  ) {
    throw new FieldError(field, raw, expected);
  }
  return new Date(utc - VN_OFFSET_MS);
}

/** `yyyyMMddHHmmss` local time (MCĐT, DVC) to an instant. */
export function compactLocalTime(field: string, value: unknown): Date | null {
  if (isBlank(value)) return null;
  const expected = 'a yyyyMMddHHmmss time';
  const raw = typeof value === 'number' ? String(value) : value;
  if (typeof raw !== 'string') throw new FieldError(field, value, expected);
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw.trim());
  if (!m) throw new FieldError(field, value, expected);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return localInstant(field, value, expected, y, mo, d, h, mi, s);
}

/** The Vietnam local calendar day of an instant, as `yyyy-MM-dd`. */
export function localDay(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** `yyyy-MM-dd` plus n days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** `yyyy-MM-dd` to `dd/MM/yyyy`, the MCĐT window format. */
export function toSlashDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** The national procedure code `d.dddddd` at the start of a local code, or null. */
export function nationalProcedureCode(code: string): string | null {
  return /^\d\.\d{6}/.exec(code)?.[0] ?? null;
}
