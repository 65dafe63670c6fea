import { userInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Checks `first` (or `last`) against the limits; a clear error names the bound. */
export function pageSize(first: number | null | undefined, arg: 'first' | 'last' = 'first'): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 0) throw userInputError(`"${arg}" must be a whole number from 0 to ${MAX_PAGE_SIZE}; got ${n}`, arg);
  if (n > MAX_PAGE_SIZE) throw userInputError(`"${arg}" may be at most ${MAX_PAGE_SIZE}; got ${n}. Page through with "${arg === 'first' ? 'after' : 'before'}" instead.`, arg);
  return n;
}

const MAX_ID = 2 ** 31 - 1;

/** A keyset position: the sort value of the last row seen and its id as the tie-breaker. */
export interface KeysetCursor {
  value: string | number | null;
  id: number;
}

/** Opaque cursors: base64url JSON, so clients cannot build them by hand. */
export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');
}

/**
 * Reads a cursor this API gave out. `value` says what the sort value must be: a
 * timestamp (ISO text), a text, or absent; a cursor of another list or a forged one is
 * the caller's error, named by `arg`.
 */
export function decodeCursor(raw: string | null | undefined, arg: 'after' | 'before' = 'after', value: 'timestamp' | 'text' | 'any' = 'any'): KeysetCursor | null {
  if (raw === null || raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && Number.isInteger(parsed[1]) && (parsed[1] as number) >= 0 && (parsed[1] as number) <= MAX_ID) {
    const v: unknown = parsed[0];
    const fits =
      v === null ||
      (value === 'any' && (typeof v === 'string' || typeof v === 'number')) ||
      (value === 'text' && typeof v === 'string' && !v.includes('\u0000') && v.length <= 200) ||
      (value === 'timestamp' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v)));
    if (fits) return { value: v, id: parsed[1] as number };
  }
  throw userInputError(`"${arg}" is not a cursor this list gave out; pass the ${arg === 'after' ? 'endCursor' : 'startCursor'} of a previous page`, arg);
}

/**
 * SQL for "rows after this cursor" in an order of (column, id), ascending or descending,
 * with rows lacking the column last (or first, for a backwards page). Its values are
 * appended to `params` and named by their `$n`, as the page statement's other conditions.
 */
export function keysetCondition(column: string, direction: 'asc' | 'desc', cursor: KeysetCursor, nullsFirst: boolean, params: unknown[]): string {
  const cmp = direction === 'asc' ? '>' : '<';
  const p = (value: unknown) => `$${params.push(value)}`;
  if (cursor.value === null) {
    const id = p(cursor.id);
    return nullsFirst ? `((${column} is null and id ${cmp} ${id}) or ${column} is not null)` : `(${column} is null and id ${cmp} ${id})`;
  }
  const value = p(cursor.value);
  const after = `${column} ${cmp} ${value} or (${column} = ${value} and id ${cmp} ${p(cursor.id)})`;
  return nullsFirst ? `(${after})` : `(${after} or ${column} is null)`;
}
