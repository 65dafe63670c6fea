import type { Client, PoolClient } from 'pg';
import { INDICATOR_CODES, INDICATORS } from '../../src/indicators/definitions';
import { indicatorsFromFacts } from '../../src/indicators/facts-query';
import { type IndicatorGroupBy, type PeriodUnit } from '../../src/indicators/query';

/** The schema PostGraphile serves; nothing else is exposed. */
export const PG_SCHEMA = 'bench_pg';

const UNITS: readonly PeriodUnit[] = ['MONTH', 'QUARTER', 'YEAR'];
const GROUPS: readonly IndicatorGroupBy[] = ['NONE', 'AGENCY', 'PROCEDURE', 'FIELD'];

/**
 * The SQL `indicatorsFromFacts` (the roll-ups, as the hub answers) sends for one code,
 * captured by a client that only records it ($1 agency code, $2 from day, $3 to day, $4
 * and $5 the whole months inside), so PostGraphile runs the hub's own indicator SQL and
 * no copy of it.
 */
async function indicatorSql(code: (typeof INDICATOR_CODES)[number], unit: PeriodUnit, groupBy: IndicatorGroupBy): Promise<string> {
  let sql: string | null = null;
  const recorder = {
    query: (text: string) => {
      sql = text;
      return Promise.resolve({ rows: [] });
    },
  } as unknown as PoolClient;
  await indicatorsFromFacts(recorder, { codes: [code], unit, from: '2025-01-01', to: '2026-01-01', groupBy, agencyCode: null });
  if (sql === null) throw new Error(`indicatorsFromFacts sent no SQL for ${code}`);
  // What computeIndicator does in JS with the rows (rounding, the value), done in SQL here.
  const scale = INDICATORS[code].scale;
  return `select '${code}'::text, r.period::text, r.group_key::text, round(r.num::numeric, 2)::float8, r.den::float8,
                 case when r.den > 0 then round(greatest(0, ${scale} * r.num / r.den)::numeric, 2)::float8 end
            from (${sql as string}) r`;
}

/**
 * What PostGraphile needs to answer the three questions, over the hub's store:
 *  - view bench_pg.dossier: the dossier with its agency and procedure names joined
 *    (ordered by received_at, id: the hub's (received_at, id) index), filterable on
 *    agency_code and status (connection-filter) for the count;
 *  - function bench_pg.indicators(codes, from_day, to_day, period, group_by, agency_code):
 *    for each code, the statement indicatorsFromFacts builds over the roll-ups (kept in
 *    bench_pg_private), run with EXECUTE … USING.
 * Idempotent: drops and re-creates both schemas.
 */
export async function installPostgraphileSchema(client: Client): Promise<void> {
  const rows: [string, string, string, string][] = [];
  for (const code of INDICATOR_CODES) {
    for (const unit of UNITS) for (const group of GROUPS) rows.push([code, unit, group, await indicatorSql(code, unit, group)]);
  }
  await client.query('begin');
  try {
    await client.query(`drop schema if exists ${PG_SCHEMA} cascade`);
    await client.query(`drop schema if exists ${PG_SCHEMA}_private cascade`);
    await client.query(`create schema ${PG_SCHEMA}`);
    await client.query(`create schema ${PG_SCHEMA}_private`);
    await client.query(`
      create view ${PG_SCHEMA}.dossier as
      select d.id, d.code, d.received_at, d.agency_code, d.status, a.name as agency_name, p.name as procedure_name
        from hub.dossier d
        left join hub.agency a on a.code = d.agency_code
        left join hub.procedure p on p.code = d.procedure_code`);
    await client.query(`
      create table ${PG_SCHEMA}_private.indicator_sql (
        ind_code text not null, ind_unit text not null, ind_group text not null, ind_sql text not null,
        primary key (ind_code, ind_unit, ind_group))`);
    await client.query(
      `insert into ${PG_SCHEMA}_private.indicator_sql select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
    );
    await client.query(`
      create type ${PG_SCHEMA}.indicator_value as (code text, period text, group_key text, numerator float8, denominator float8, value float8)`);
    await client.query(`
      create function ${PG_SCHEMA}.indicators(codes text[], from_day date, to_day date, period text default 'MONTH', group_by text default 'NONE', agency_code text default null)
      returns setof ${PG_SCHEMA}.indicator_value language plpgsql stable as $fn$
      declare
        c text;
        q text;
        -- The whole months inside [from_day, to_day), read from the month roll-ups (as facts-query.ts).
        m_from date := case when extract(day from from_day) = 1 then from_day else (date_trunc('month', from_day) + interval '1 month')::date end;
        m_to date := date_trunc('month', to_day)::date;
      begin
        if m_from >= m_to then m_from := from_day; m_to := from_day; end if;
        foreach c in array codes loop
          select s.ind_sql into q from ${PG_SCHEMA}_private.indicator_sql s
           where s.ind_code = c and s.ind_unit = indicators.period and s.ind_group = indicators.group_by;
          if q is null then
            raise exception 'no indicator % per % by %', c, indicators.period, indicators.group_by;
          end if;
          return query execute q using indicators.agency_code, indicators.from_day, indicators.to_day, m_from, m_to;
        end loop;
      end
      $fn$`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
