import { userInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Checks `first` against the limits; a clear error names the bound. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 0) throw userInputError(`"first" must be a whole number from 0 to ${MAX_PAGE_SIZE}; got ${n}`, 'first');
  if (n > MAX_PAGE_SIZE) throw userInputError(`"first" may be at most ${MAX_PAGE_SIZE}; got ${n}. Page through with "after" instead.`, 'first');
  return n;
}

/** A keyset position: the sort value of the last row seen and its id as the tie-breaker. */
export interface KeysetCursor {
  value: string | number | null;
  id: number;
}

/** Opaque cursors: base64url JSON, so clients cannot build them by hand. */
export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');
}

export function decodeCursor(raw: string | null | undefined): KeysetCursor | null {
  if (raw === null || raw === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && Number.isInteger(parsed[1]) && (parsed[0] === null || ['string', 'number'].includes(typeof parsed[0]))) {
      return { value: parsed[0] as string | number | null, id: parsed[1] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw userInputError(`"after" is not a cursor this API gave out; pass the endCursor of a previous page`, 'after');
}

/**
 * SQL (knex-style `?` placeholders) for "rows after this cursor" in an order of
 * (column, id), ascending or descending, with rows lacking the column last (or first,
 * for a backwards page). Returns [sql, bindings].
 */
export function keysetCondition(column: string, direction: 'asc' | 'desc', cursor: KeysetCursor, nullsFirst = false): [string, unknown[]] {
  const cmp = direction === 'asc' ? '>' : '<';
  if (cursor.value === null) {
    return nullsFirst ? [`((${column} is null and id ${cmp} ?) or ${column} is not null)`, [cursor.id]] : [`(${column} is null and id ${cmp} ?)`, [cursor.id]];
  }
  const after = `${column} ${cmp} ? or (${column} = ? and id ${cmp} ?)`;
  return [nullsFirst ? `(${after})` : `(${after} or ${column} is null)`, [cursor.value, cursor.value, cursor.id]];
}
