import type { PoolClient } from 'pg';
import { type IndicatorCode, INDICATORS } from './definitions';

export type PeriodUnit = 'MONTH' | 'QUARTER' | 'YEAR';
export type IndicatorGroupBy = 'NONE' | 'AGENCY' | 'PROCEDURE' | 'FIELD';

export interface IndicatorRequest {
  code: IndicatorCode;
  unit: PeriodUnit;
  /** Local (Vietnam) days `yyyy-MM-dd`; `to` is exclusive. */
  from: string;
  to: string;
  groupBy: IndicatorGroupBy;
  /** Only this agency and the agencies under it. */
  agencyCode?: string | null;
}

export interface IndicatorRow {
  code: IndicatorCode;
  /** First local day of the period, `yyyy-MM-dd`. */
  period: string;
  /** Agency code, national procedure code, field code, or `ALL`. */
  groupKey: string;
  numerator: number;
  denominator: number;
  /** Rate in percent (or the average), null when the denominator is 0. */
  value: number | null;
  threshold: number | null;
  /** min(1, value ÷ threshold): the share of the indicator's points earned; null without a threshold or a value. */
  score: number | null;
}

export const TZ = `'Asia/Ho_Chi_Minh'`;
export const UNIT_SQL: Record<PeriodUnit, string> = { MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };
export const GROUP_SQL: Record<IndicatorGroupBy, string> = { NONE: `'ALL'`, AGENCY: 'x.agency_code', PROCEDURE: `coalesce(x.national_procedure_code, x.procedure_code)`, FIELD: `coalesce(x.field_code, '')` };

/** The agency and every agency under it (by parent code), as a SQL set; $1 is the root code. */
export const SUBTREE = `with recursive sub(code) as (select $1::text union select a.code from hub.agency a join sub on a.parent_code = sub.code) select code from sub`;

/**
 * One row per accepted, live dossier with what the formulas need (see definitions.ts);
 * `filter` narrows the dossiers (`d`). The roll-ups (facts.ts) use the same rows, and
 * may read them from another relation of hub.dossier's columns (`source`: a trigger's
 * transition table) instead of the table.
 */
export function dossierRowsSql(filter: string, source = 'hub.dossier'): string {
  return `x as (
    select d.id, d.code, d.agency_code, d.procedure_code, d.national_procedure_code, d.field_code, d.status, d.channel,
           d.received_at, d.due_at, d.finished_at, d.online_payment, d.has_digitised_components, d.result_digitised,
           coalesce(jsonb_array_length(d.supplements), 0) as n_supp,
           coalesce((select sum(extract(epoch from ((s->>'suppliedAt')::timestamptz - (s->>'requestedAt')::timestamptz)))
                       from jsonb_array_elements(coalesce(d.supplements, '[]'::jsonb)) s
                      where s->>'suppliedAt' is not null and s->>'requestedAt' is not null), 0) as supp_seconds,
           case when d.status in (9, 10) then coalesce(d.finished_at, d.returned_at)
                when d.status = 7 then d.finished_at
                when d.status = 8 then coalesce(d.refused_at, d.finished_at)
                when d.status = 5 and coalesce(jsonb_array_length(d.supplements), 0) = 1 and d.supplements->0->>'suppliedAt' is null
                  then (d.supplements->0->>'requestedAt')::timestamptz
           end as end_at,
           p.has_fee, p.processing_time as legal_time, p.processing_time_unit as legal_unit,
           exists (select 1 from hub.rating r where r.dossier_code in (d.code, d.other_code) and r.satisfaction >= 4 and r.gone_at is null) as disliked
      from ${source} d
      left join hub.procedure p on p.code = d.procedure_code
     where d.received_at is not null and d.gone_at is null and (${filter})
  )`;
}

const baseSql = () => dossierRowsSql(`$1::text is null or d.agency_code in (${SUBTREE})`);

const periodBounds = (def: { periodOf: string }) =>
  `(${def.periodOf}) >= ($2::date)::timestamp at time zone ${TZ} and (${def.periodOf}) < ($3::date)::timestamp at time zone ${TZ}`;

/**
 * Computes one indicator per period and group. Agency groups are rolled up the agency
 * tree: an agency's numerator and denominator include every agency under it (sums,
 * never averages of rates; exact numeric sums, so the order of adding never shows).
 */
export async function computeIndicator(client: PoolClient, req: IndicatorRequest): Promise<IndicatorRow[]> {
  const def = INDICATORS[req.code];
  const params: unknown[] = [req.agencyCode ?? null, req.from, req.to];
  const base = baseSql();
  const grouped = `select to_char(date_trunc('${UNIT_SQL[req.unit]}', (${def.periodOf}) at time zone ${TZ}), 'YYYY-MM-DD') as period,
                          ${GROUP_SQL[req.groupBy]} as group_key, count(*)::numeric as den, coalesce(sum(${def.numerator}), 0)::numeric as num
                     from x where (${def.denominator}) and ${periodBounds(def)} group by 1, 2`;
  const sql =
    req.groupBy === 'AGENCY'
      ? `with recursive ${base}, g as (${grouped}),
           anc(code, ancestor) as (select code, code from hub.agency union select anc.code, a.parent_code from anc join hub.agency a on a.code = anc.ancestor where a.parent_code is not null)
         select g.period, coalesce(anc.ancestor, g.group_key) as group_key, sum(g.den)::float8 as den, sum(g.num)::float8 as num
           from g left join anc on anc.code = g.group_key
          ${req.agencyCode ? `where coalesce(anc.ancestor, g.group_key) in (${SUBTREE})` : ''}
          group by 1, 2 order by 1, 2`
      : `with ${base} select g.period, g.group_key, g.den::float8 as den, g.num::float8 as num from (${grouped}) g order by 1, 2`;
  const { rows } = await client.query<{ period: string; group_key: string; den: number; num: number }>(sql, params);
  return rows.map((r) => indicatorRow(req.code, r));
}

/** The value, score and rounding of one period × group cell, from its sums. */
export function indicatorRow(code: IndicatorCode, r: { period: string; group_key: string; den: number; num: number }): IndicatorRow {
  const def = INDICATORS[code];
  const value = r.den > 0 ? Math.round(Math.max(0, (def.scale * r.num) / r.den) * 100) / 100 : null;
  return {
    code,
    period: r.period,
    groupKey: r.group_key,
    numerator: Math.round(r.num * 100) / 100,
    denominator: r.den,
    value,
    threshold: def.threshold,
    score: def.threshold !== null && value !== null ? Math.round(Math.min(1, value / def.threshold) * 10_000) / 10_000 : null,
  };
}

type ExplainRequest = IndicatorRequest & { period: string; groupKey: string; inNumerator: boolean | null; afterId: number | null; limit: number };

/** The statement (and its parameters) selecting `id` of the dossiers behind one indicator value, in id order. */
export function explainSql(req: ExplainRequest): [string, unknown[]] {
  const def = INDICATORS[req.code];
  const periodEnd = `(date_trunc('${UNIT_SQL[req.unit]}', $4::date) + interval '1 ${UNIT_SQL[req.unit]}')::date`;
  const params: unknown[] = [req.agencyCode ?? null, req.from, req.to, req.period, req.groupKey, req.afterId ?? 0, req.limit];
  const group =
    req.groupBy === 'NONE' ? '$5::text is not null' : req.groupBy === 'AGENCY' ? `x.agency_code in (${SUBTREE.replace('$1', '$5')})` : `${GROUP_SQL[req.groupBy]} = $5`;
  const inNumerator = req.inNumerator === null ? 'true' : req.inNumerator ? `(${def.numerator}) > 0` : `(${def.numerator}) <= 0`;
  const sql = `with ${baseSql()}
    select x.id from x
     where (${def.denominator}) and ${periodBounds(def)}
       and (${def.periodOf}) >= ($4::date)::timestamp at time zone ${TZ} and (${def.periodOf}) < (${periodEnd})::timestamp at time zone ${TZ}
       and ${group} and ${inNumerator} and x.id > $6
     order by x.id limit $7`;
  return [sql, params];
}

/** Ids of the dossiers behind one indicator value (its denominator, or only those counted in the numerator). */
export async function explainIndicator(client: PoolClient, req: ExplainRequest): Promise<number[]> {
  const [sql, params] = explainSql(req);
  const { rows } = await client.query<{ id: number }>(sql, params);
  return rows.map((r) => r.id);
}

/** How many dossiers are behind one indicator value (or in / not in its numerator). */
export async function countExplained(client: PoolClient, req: Omit<ExplainRequest, 'afterId' | 'limit'>): Promise<number> {
  const [sql, params] = explainSql({ ...req, afterId: 0, limit: 2 ** 31 - 1 });
  const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from (${sql}) e`, params);
  return rows[0]?.n ?? 0;
}
