import { hash32, unitHash } from './prng';

/**
 * The bad-record fault: a fixed share of records (chosen per record by the seed) is
 * served broken, one way per record. Each way says what the contract makes of it:
 * `malformed` (a wrong key, required field or date: the record is to be quarantined)
 * or `flawed` (a wrong optional, descriptive value: the record is to be kept with that
 * field empty and flagged). The simulators count both per stream, so a test or a
 * benchmark can hold the hub's quarantine and flags against them.
 */

export type BreakOutcome = 'malformed' | 'flawed';

export interface Breakage<R> {
  /** What is broken, for people and tests. */
  what: string;
  outcome: BreakOutcome;
  /** Changes a shallow copy of the record (nested objects are replaced, never changed); `pick` varies the way. */
  apply(row: R, pick: number): void;
}

/** The breakage a record drew, and a number that varies it (which impossible date, …). */
export interface Drawn<R> {
  way: Breakage<R>;
  pick: number;
}

/** How many records of a stream are served broken, by outcome. */
export interface BrokenCounts {
  malformed: number;
  flawed: number;
}

/** The breakage record `unit` draws at `rate` (null: served as is). `salt` keeps streams' choices apart. */
export function drawBreakage<R>(seed: number, unit: readonly number[], salt: number, rate: number, ways: readonly Breakage<R>[]): Drawn<R> | null {
  if (rate <= 0 || ways.length === 0 || unitHash(seed, ...unit, salt) >= rate) return null;
  const h = hash32(seed, ...unit, salt);
  const way = ways[h % ways.length];
  return way ? { way, pick: Math.floor(h / ways.length) } : null;
}

/** The record as served: a broken copy when it drew a breakage. */
export function serveBroken<R extends object>(row: R, drawn: Drawn<R> | null): R {
  if (drawn === null) return row;
  const copy = { ...row };
  drawn.way.apply(copy, drawn.pick);
  return copy;
}

/** Counts the breakages records `units` get. */
export function countBroken<R>(seed: number, units: Iterable<readonly number[]>, salt: number, rate: number, ways: readonly Breakage<R>[]): BrokenCounts {
  const counts: BrokenCounts = { malformed: 0, flawed: 0 };
  if (rate <= 0) return counts;
  for (const unit of units) {
    const drawn = drawBreakage(seed, unit, salt, rate, ways);
    if (drawn) counts[drawn.way.outcome]++;
  }
  return counts;
}

/** An impossible `yyyyMMddHHmmss` in the year of `like`: 30 February, 31 April, 24:00 or month 13, by `pick`. */
export function impossibleCompact(like: unknown, pick: number): string {
  const year = typeof like === 'string' && /^\d{4}/.test(like) ? like.slice(0, 4) : '2024';
  return [`${year}0230090000`, `${year}0431090000`, `${year}0615240000`, `${year}1332250000`][pick % 4] ?? `${year}1332250000`;
}

/** An impossible `dd/MM/yyyy` in the year of `like` (a `dd/MM/yyyy`). */
export function impossibleSlash(like: unknown, pick: number): string {
  const year = typeof like === 'string' && /\d{4}$/.test(like) ? like.slice(-4) : '2024';
  return [`30/02/${year}`, `31/04/${year}`, `31/06/${year}`, `12/13/${year}`][pick % 4] ?? `31/02/${year}`;
}

/** The draw unit of a record known by its key text only (FNV-1a of the text). */
export function textUnit(text: string): number[] {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return [h >>> 0];
}
