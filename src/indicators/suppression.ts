import type { IndicatorRow } from './query';

/**
 * Small-cell suppression for open data: a value computed from fewer than
 * MIN_CELL_DOSSIERS dossiers is withheld (numbers null, `suppressed` true), so a
 * published rate never describes one or two identifiable applicants, e.g. the only
 * person who used a rare procedure at a commune in a month.
 */
export const MIN_CELL_DOSSIERS = 5;

export type MaybeSuppressed<R extends IndicatorRow> = Omit<R, 'numerator' | 'denominator' | 'value' | 'score'> & {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  score: number | null;
  suppressed: boolean;
};

/** Whether open data withholds this value. */
export const isSmallCell = (row: IndicatorRow): boolean => row.denominator < MIN_CELL_DOSSIERS;

export function suppressSmallCells<R extends IndicatorRow>(row: R): MaybeSuppressed<R> {
  if (!isSmallCell(row)) return { ...row, suppressed: false };
  return { ...row, numerator: null, denominator: null, value: null, score: null, suppressed: true };
}
