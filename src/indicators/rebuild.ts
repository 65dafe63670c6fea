import type { PoolClient } from 'pg';
import { factTriggersSql, rebuildFactsSql } from './facts';
import { fillWorkingDaysSql } from './working-days';

export interface RebuildResult {
  dossiers: number;
  dayRows: number;
  monthRows: number;
  ms: number;
}

/**
 * Refills the working-day calendar from holidays.ts, re-installs the roll-up triggers
 * from the formulas in definitions.ts and recomputes every contribution and sum from
 * the dossiers, in one transaction (writers wait on the roll-up tables' lock meanwhile). For a changed formula, or after `hub verify` reported
 * INDICATOR_FACTS drift.
 */
export async function rebuildIndicatorFacts(client: PoolClient, beforeCommit?: (result: RebuildResult) => Promise<unknown>): Promise<RebuildResult> {
  const started = Date.now();
  await client.query('begin');
  try {
    for (const sql of [...fillWorkingDaysSql(), ...factTriggersSql(), ...rebuildFactsSql()]) await client.query(sql);
    const { rows } = await client.query<{ dossiers: number; day_rows: number; month_rows: number }>(
      `select (select count(*)::int from hub.indicator_dossier) as dossiers, (select count(*)::int from hub.indicator_day) as day_rows, (select count(*)::int from hub.indicator_month) as month_rows`,
    );
    const r = rows[0]!;
    const result = { dossiers: r.dossiers, dayRows: r.day_rows, monthRows: r.month_rows, ms: Date.now() - started };
    await beforeCommit?.(result);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
