import type { IndicatorGroupBy, PeriodUnit } from './query';

/**
 * How much one indicator request may ask for, checked before any SQL: at most
 * MAX_INDICATOR_CELLS period × group cells over all its codes. Group counts are
 * estimated (the catalogues are not read to weigh a request); the demo province has
 * about 60 agencies, 40 fields and a few hundred procedures.
 */
export const MAX_INDICATOR_CELLS = 5000;
export const GROUP_GUESS: Readonly<Record<IndicatorGroupBy, number>> = { NONE: 1, AGENCY: 60, PROCEDURE: 200, FIELD: 40 };
/** Agencies under one named agency (`agencyCode`): a department or district and its units. */
export const SUBTREE_GUESS = 15;
/** The widest range one request may span. */
export const MAX_RANGE_YEARS = 10;

const MONTHS: Record<PeriodUnit, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** Periods a [from, to) range of days touches; 1 for days that do not parse (the resolver refuses them). */
export function periodCount(from: string, to: string, unit: PeriodUnit): number {
  const a = /^(\d{4})-(\d{2})/.exec(from);
  const b = /^(\d{4})-(\d{2})/.exec(to);
  if (!a || !b) return 1;
  const months = (Number(b[1]) - Number(a[1])) * 12 + (Number(b[2]) - Number(a[2])) + 1;
  return Math.max(1, Math.ceil(months / MONTHS[unit]));
}

export function groupGuess(groupBy: IndicatorGroupBy, agencyCode: string | null | undefined): number {
  return groupBy === 'AGENCY' && agencyCode ? SUBTREE_GUESS : GROUP_GUESS[groupBy];
}

export function estimateCells(req: { codes: readonly string[]; from: string; to: string; unit: PeriodUnit; groupBy: IndicatorGroupBy; agencyCode?: string | null }): number {
  return new Set(req.codes).size * periodCount(req.from, req.to, req.unit) * groupGuess(req.groupBy, req.agencyCode);
}
