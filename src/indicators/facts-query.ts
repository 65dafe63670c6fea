import type { PoolClient } from 'pg';
import { type IndicatorCode } from './definitions';
import { denColumn, numColumn } from './facts';
import { type IndicatorGroupBy, type IndicatorRow, indicatorRow, type PeriodUnit, SUBTREE, UNIT_SQL } from './query';

export interface FactsRequest {
  codes: readonly IndicatorCode[];
  unit: PeriodUnit;
  /** Local days `yyyy-MM-dd`; `to` is exclusive. */
  from: string;
  to: string;
  groupBy: IndicatorGroupBy;
  agencyCode?: string | null;
}

const GROUP: Record<IndicatorGroupBy, string> = { NONE: `'ALL'`, AGENCY: 'f.agency_code', PROCEDURE: 'f.procedure_key', FIELD: 'f.field_key' };

/** First day of the month of `day` (`yyyy-MM-dd`), or of the next month when `day` is not a first. */
const monthOnOrAfter = (day: string) => {
  if (day.endsWith('-01')) return day;
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * The indicators from the roll-ups (facts.ts): whole months of the range from
 * hub.indicator_month (or hub.indicator_month_agency), the days at its ragged ends from hub.indicator_day, then periods,
 * groups and the agency tree as `computeIndicator` does them over the dossiers. Same rows,
 * same rounding; `computeIndicator` stays the reference (`hub verify`, the facts test).
 */
export async function indicatorsFromFacts(client: PoolClient, req: FactsRequest): Promise<IndicatorRow[]> {
  const codes = [...new Set(req.codes)];
  if (!codes.length) return [];
  const monthFrom = monthOnOrAfter(req.from);
  const monthTo = req.to.slice(0, 8) + '01';
  const [mFrom, mTo] = monthFrom < monthTo ? [monthFrom, monthTo] : [req.from, req.from];
  const measures = codes.flatMap((c) => [denColumn(c), numColumn(c)]);
  const sums = measures.map((m) => `sum(${m})::numeric as ${m}`).join(', ');
  // By agency or in all, whole months come from the per-agency sums (a row per agency and month).
  const months =
    req.groupBy === 'NONE' || req.groupBy === 'AGENCY'
      ? `select month as day, agency_code, null::text as procedure_key, null::text as field_key, ${measures.join(', ')} from hub.indicator_month_agency where month >= $4::date and month < $5::date`
      : `select month as day, agency_code, procedure_key, field_key, ${measures.join(', ')} from hub.indicator_month where month >= $4::date and month < $5::date`;
  const f = `f as (
      ${months}
      union all
      select day, agency_code, procedure_key, field_key, ${measures.join(', ')} from hub.indicator_day
       where day >= $2::date and day < $3::date and not (day >= $4::date and day < $5::date)
    )`;
  const grouped = `select to_char(date_trunc('${UNIT_SQL[req.unit]}', f.day), 'YYYY-MM-DD') as period, ${GROUP[req.groupBy]} as group_key, ${sums}
      from f where ($1::text is null or f.agency_code in (${SUBTREE})) group by 1, 2`;
  const g =
    req.groupBy === 'AGENCY'
      ? `g0 as (${grouped}),
         anc(code, ancestor) as (select code, code from hub.agency union select anc.code, a.parent_code from anc join hub.agency a on a.code = anc.ancestor where a.parent_code is not null),
         g as (select g0.period, coalesce(anc.ancestor, g0.group_key) as group_key, ${measures.map((m) => `sum(g0.${m}) as ${m}`).join(', ')}
                 from g0 left join anc on anc.code = g0.group_key
                ${req.agencyCode ? `where coalesce(anc.ancestor, g0.group_key) in (${SUBTREE})` : ''}
                group by 1, 2)`
      : `g as (${grouped})`;
  const values = codes.map((c, i) => `(${i}, g.${denColumn(c)}, g.${numColumn(c)})`).join(', ');
  const sql = `with recursive ${f}, ${g}
    select v.i, g.period, g.group_key, v.den::float8 as den, v.num::float8 as num from g cross join lateral (values ${values}) v(i, den, num)
     where v.den > 0 order by 1, 2, 3`;
  const { rows } = await client.query<{ i: number; period: string; group_key: string; den: number; num: number }>(sql, [req.agencyCode ?? null, req.from, req.to, mFrom, mTo]);
  return rows.map((r) => indicatorRow(codes[r.i]!, r));
}
