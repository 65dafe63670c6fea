/**
 * The record counters of a run, as the control plane reports them: what a stream's sync
 * runs (ops.sync_run) and a backfill's windows count, per stream and summed over a
 * connector run. Columns `<key>_count` in the tables (entities/run-counters.ts).
 */
export const RUN_COUNT_KEYS = ['read', 'inserted', 'updated', 'unchanged', 'failed'] as const;
export type RunCountKey = (typeof RUN_COUNT_KEYS)[number];

/** `failed`: records quarantined as malformed. */
export type RunCounts = Record<RunCountKey, number>;

/** The counters of one row (a view or a query's row carrying more fields). */
export const runCountsOf = (row: RunCounts): RunCounts => Object.fromEntries(RUN_COUNT_KEYS.map((k) => [k, row[k]])) as RunCounts;

/** The counters summed over rows. */
export const sumRunCounts = (rows: readonly RunCounts[]): RunCounts =>
  Object.fromEntries(RUN_COUNT_KEYS.map((k) => [k, rows.reduce((a, r) => a + r[k], 0)])) as RunCounts;

/** SQL select items summing the counter columns of the rows in `from` (`sum(read_count) as read, …`). */
export const sumRunCountsSql = (): string => RUN_COUNT_KEYS.map((k) => `sum(${k}_count) as ${k}`).join(', ');

/** SQL select items reading those sums from the alias `t` as integers, 0 when there are none. */
export const runCountsSql = (t: string): string => RUN_COUNT_KEYS.map((k) => `coalesce(${t}.${k}, 0)::int as ${k}`).join(', ');
