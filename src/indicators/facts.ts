import { INDICATOR_CODES, type IndicatorCode, INDICATORS } from './definitions';
import { dossierRowsSql, TZ } from './query';
import { workingDayDriftSql } from './working-days';

/**
 * Roll-ups of the indicators, kept at sync time (issue 12). Three tables:
 * - `hub.indicator_dossier`: what each accepted, live dossier contributes: for every
 *   indicator the local day of its period column (null: not in the denominator) and its
 *   numerator, computed by the very formulas of definitions.ts (`dossierRowsSql`);
 * - `hub.indicator_day` / `hub.indicator_month`: the sums of those contributions per
 *   day (or month) × agency × procedure × field, one denominator and one numerator
 *   column per indicator; `hub.indicator_month_agency` per month × agency only (what a
 *   dashboard grouped by agency reads: a year is 12 rows per agency).
 * Statement-level triggers on hub.dossier, hub.rating and hub.procedure (the tables a
 * formula reads) recompute the contributions of the dossiers a statement moved and add
 * the difference to the sums, in the writer's transaction. Fact rows are upserted in key
 * order; two writers can still meet in opposite orders across statements, so the sync
 * engine retries a batch that lost a deadlock (src/store/pg.ts).
 */

const col = (code: IndicatorCode) => code.toLowerCase();
export const dayColumn = (code: IndicatorCode) => `day_${col(code)}`;
export const numColumn = (code: IndicatorCode) => `num_${col(code)}`;
export const denColumn = (code: IndicatorCode) => `den_${col(code)}`;

const KEYS = ['agency_code', 'procedure_key', 'field_key'] as const;
const KEY_LIST = KEYS.join(', ');

/** Per dossier: its keys and, per indicator, the period day and the numerator (both null outside the denominator); `source` as in dossierRowsSql. */
export function contributionSql(filter: string, source?: string): string {
  const perCode = INDICATOR_CODES.map((code) => {
    const def = INDICATORS[code];
    return `case when (${def.denominator}) then ((${def.periodOf}) at time zone ${TZ})::date end as ${dayColumn(code)},
            case when (${def.denominator}) then (${def.numerator})::numeric end as ${numColumn(code)}`;
  }).join(',\n            ');
  return `with recursive ${dossierRowsSql(filter, source)}
    select x.id as dossier_id, x.agency_code, coalesce(x.national_procedure_code, x.procedure_code) as procedure_key, coalesce(x.field_code, '') as field_key,
            ${perCode}
      from x`;
}

/** Contributions of a set `s` (with a `sign` column) unpivoted and summed per day × keys. */
function deltaSql(source: string): string {
  const values = INDICATOR_CODES.map((code, i) => `(${i}, s.${dayColumn(code)}, s.${numColumn(code)})`).join(', ');
  const sums = INDICATOR_CODES.map(
    (code, i) => `coalesce(sum(s.sign) filter (where v.c = ${i}), 0)::int8 as ${denColumn(code)}, coalesce(sum(s.sign * v.num) filter (where v.c = ${i}), 0)::numeric as ${numColumn(code)}`,
  ).join(', ');
  return `select v.day, s.agency_code, s.procedure_key, s.field_key, ${sums}
      from (${source}) s cross join lateral (values ${values}) v(c, day, num)
     where v.day is not null
     group by 1, 2, 3, 4`;
}

const MEASURES = INDICATOR_CODES.flatMap((c) => [denColumn(c), numColumn(c)]);
const nonZero = (alias: string) => MEASURES.map((m) => `${alias}.${m} <> 0`).join(' or ');
const addOnConflict = (keys: string) => `on conflict (${keys}) do update set ${MEASURES.map((m) => `${m} = t.${m} + excluded.${m}`).join(', ')}`;

/** Upserts (adds) the sums of `delta` (a CTE name) into the day and month facts, in key order. */
function applyDeltaSql(delta: string): string {
  const cols = MEASURES.join(', ');
  const summed = MEASURES.map((m) => `sum(${m}) as ${m}`).join(', ');
  return `day_up as (
      insert into hub.indicator_day as t (day, ${KEY_LIST}, ${cols})
      select day, ${KEY_LIST}, ${cols} from ${delta} d where ${nonZero('d')}
       order by day, ${KEY_LIST}
      ${addOnConflict(`day, ${KEY_LIST}`)}
    ), month_up as (
      insert into hub.indicator_month as t (month, ${KEY_LIST}, ${cols})
      select m.* from (select date_trunc('month', day)::date as month, ${KEY_LIST}, ${summed} from ${delta} group by 1, 2, 3, 4) m where ${nonZero('m')}
       order by month, ${KEY_LIST}
      ${addOnConflict(`month, ${KEY_LIST}`)}
    ), month_agency_up as (
      insert into hub.indicator_month_agency as t (month, agency_code, ${cols})
      select m.* from (select date_trunc('month', day)::date as month, agency_code, ${summed} from ${delta} group by 1, 2) m where ${nonZero('m')}
       order by month, agency_code
      ${addOnConflict('month, agency_code')}
    )`;
}

const measureColumns = (type: (m: string) => string) => MEASURES.map((m) => `${m} ${type(m)} not null default 0`).join(', ');
const contributionColumns = INDICATOR_CODES.map((c) => `${dayColumn(c)} date, ${numColumn(c)} numeric`).join(', ');

/** The tables (for the migration). */
export const FACT_TABLES_SQL = [
  `create table hub.indicator_dossier (dossier_id int4 primary key, agency_code text, procedure_key text, field_key text not null, ${contributionColumns})`,
  `create table hub.indicator_day (day date not null, agency_code text, procedure_key text, field_key text not null, ${measureColumns((m) => (m.startsWith('den_') ? 'int8' : 'numeric'))})`,
  `create unique index indicator_day_key on hub.indicator_day (day, ${KEY_LIST}) nulls not distinct`,
  `create table hub.indicator_month (month date not null, agency_code text, procedure_key text, field_key text not null, ${measureColumns((m) => (m.startsWith('den_') ? 'int8' : 'numeric'))})`,
  `create unique index indicator_month_key on hub.indicator_month (month, ${KEY_LIST}) nulls not distinct`,
  `create table hub.indicator_month_agency (month date not null, agency_code text, ${measureColumns((m) => (m.startsWith('den_') ? 'int8' : 'numeric'))})`,
  `create unique index indicator_month_agency_key on hub.indicator_month_agency (month, agency_code) nulls not distinct`,
];

/** Dossier columns a formula reads: an update that changes none of them moves no indicator. */
const DOSSIER_INPUTS = [
  'code', 'other_code', 'agency_code', 'procedure_code', 'national_procedure_code', 'field_code', 'status', 'channel', 'received_at', 'due_at', 'finished_at',
  'returned_at', 'refused_at', 'supplements', 'online_payment', 'has_digitised_components', 'result_digitised', 'gone_at',
];
const RATING_INPUTS = ['dossier_code', 'satisfaction', 'gone_at'];
const PROCEDURE_INPUTS = ['code', 'has_fee', 'processing_time', 'processing_time_unit'];
const differs = (cols: string[]) => `(${cols.map((c) => `n.${c}`).join(', ')}) is distinct from (${cols.map((c) => `o.${c}`).join(', ')})`;

const CONTRIBUTION_COLUMNS = ['agency_code', 'procedure_key', 'field_key', ...INDICATOR_CODES.flatMap((c) => [dayColumn(c), numColumn(c)])];

/**
 * Replaces the contributions of the dossiers `ids` (a set of ids) by `contributions` (a
 * contributionSql over those dossiers): the sums get the new less the old, a dossier no
 * longer counted loses its row.
 */
function refreshSql(contributions: string, ids: string): string {
  return `with prev as (select * from hub.indicator_dossier where dossier_id in (${ids})),
  c as (${contributions}),
  delta as (${deltaSql(`select -1 as sign, prev.* from prev union all select 1 as sign, c.* from c`)}),
  ${applyDeltaSql('delta')},
  gone as (delete from hub.indicator_dossier where dossier_id in (select dossier_id from prev) and dossier_id not in (select dossier_id from c))
  insert into hub.indicator_dossier as t select * from c order by dossier_id
      on conflict (dossier_id) do update set ${CONTRIBUTION_COLUMNS.map((col) => `${col} = excluded.${col}`).join(', ')}
      where t is distinct from excluded`;
}

/** Adds the contributions of new dossiers (`contributions`): nothing old to look up or subtract. */
function insertContributionsSql(contributions: string): string {
  return `with c as (${contributions}),
  delta as (${deltaSql('select 1 as sign, c.* from c')}),
  ${applyDeltaSql('delta')}
  insert into hub.indicator_dossier select * from c order by dossier_id`;
}

/**
 * The refresh function and its triggers (create or replace: `hub indicators rebuild`
 * re-installs them, so a formula changed in definitions.ts reaches the triggers).
 */
export function factTriggersSql(): string[] {
  // Without JIT: the formulas' estimated cost passes jit_above_cost for a batch of a few
  // hundred dossiers, and compiling them took about 1 s per call against some 90 ms
  // to run them (2 000 dossiers; bench/README.md, "Ingest, 28 November 2026").
  const refresh = `create or replace function hub.indicator_refresh(p_ids int4[]) returns void language plpgsql set plan_cache_mode = force_custom_plan set jit = off as $fn$
begin
  if coalesce(cardinality(p_ids), 0) = 0 then return; end if;
  ${refreshSql(contributionSql('d.id = any(p_ids)'), 'select unnest(p_ids)')};
end
$fn$`;
  const trigger = (name: string, table: string, event: 'insert' | 'update' | 'delete', ids: string) => [
    `create or replace function hub.${name}() returns trigger language plpgsql as $fn$ begin perform hub.indicator_refresh(array(${ids})); return null; end $fn$`,
    `drop trigger if exists ${name} on ${table}`,
    `create trigger ${name} after ${event} on ${table} referencing ${event === 'delete' ? 'old table as o' : event === 'insert' ? 'new table as n' : 'old table as o new table as n'} for each statement execute function hub.${name}()`,
  ];
  const dossiersRated = (rows: string) => `select d.id from hub.dossier d where d.code in (select dossier_code from ${rows}) union select d.id from hub.dossier d where d.other_code in (select dossier_code from ${rows})`;
  const dossiersOfProcedures = (rows: string) => `select d.id from hub.dossier d where d.procedure_code in (select code from ${rows})`;
  // hub.dossier's own statements: the contributions come from the transition table (the
  // rows as the statement left them; no other trigger writes hub.dossier), not from a
  // second read of the table by id. Inserted rows had no contribution (a dossier's row in
  // hub.indicator_dossier goes with the dossier: the delete trigger removes it, the
  // rebuild truncates both sides), so their deltas have no old side to subtract. The
  // statement has no parameters: PL/pgSQL would keep the plan of its first call for the
  // session (made while the tables were small), so it is EXECUTEd, planned at each call.
  const fromTransition = (name: string, event: 'insert' | 'update', moved: string, body: string) => [
    `create or replace function hub.${name}() returns trigger language plpgsql set jit = off as $fn$
begin
  if not exists (${moved}) then return null; end if;
  execute $q$${body}$q$;
  return null;
end
$fn$`,
    `drop trigger if exists ${name} on hub.dossier`,
    `create trigger ${name} after ${event} on hub.dossier referencing ${event === 'insert' ? 'new table as n' : 'old table as o new table as n'} for each statement execute function hub.${name}()`,
  ];
  const movedByUpdate = `select n.* from n join o on o.id = n.id where ${differs(DOSSIER_INPUTS)}`;
  return [
    refresh,
    ...fromTransition('indicator_dossier_insert', 'insert', 'select 1 from n', insertContributionsSql(contributionSql('true', 'n'))),
    ...fromTransition('indicator_dossier_update', 'update', movedByUpdate, refreshSql(contributionSql('true', `(${movedByUpdate})`), `select m.id from (${movedByUpdate}) m`)),
    ...trigger('indicator_dossier_delete', 'hub.dossier', 'delete', 'select id from o'),
    ...trigger('indicator_rating_insert', 'hub.rating', 'insert', dossiersRated('n')),
    ...trigger('indicator_rating_update', 'hub.rating', 'update', dossiersRated(`(select n.dossier_code from n join o on o.id = n.id where ${differs(RATING_INPUTS)} union select o.dossier_code from n join o on o.id = n.id where ${differs(RATING_INPUTS)}) r`)),
    ...trigger('indicator_rating_delete', 'hub.rating', 'delete', dossiersRated('o')),
    ...trigger('indicator_procedure_insert', 'hub.procedure', 'insert', dossiersOfProcedures('n')),
    ...trigger('indicator_procedure_update', 'hub.procedure', 'update', dossiersOfProcedures(`(select n.code from n join o on o.id = n.id where ${differs(PROCEDURE_INPUTS)} union select o.code from n join o on o.id = n.id where ${differs(PROCEDURE_INPUTS)}) r`)),
    ...trigger('indicator_procedure_delete', 'hub.procedure', 'delete', dossiersOfProcedures('o')),
  ];
}

/** Recomputes every contribution and every sum from the dossiers (the reference formulas). */
export function rebuildFactsSql(): string[] {
  const cols = MEASURES.join(', ');
  const summed = MEASURES.map((m) => `sum(${m})`).join(', ');
  return [
    'lock table hub.indicator_dossier, hub.indicator_day, hub.indicator_month, hub.indicator_month_agency in exclusive mode',
    'truncate hub.indicator_dossier, hub.indicator_day, hub.indicator_month, hub.indicator_month_agency',
    `insert into hub.indicator_dossier ${contributionSql('true')}`,
    `insert into hub.indicator_day (day, ${KEY_LIST}, ${cols}) ${deltaSql('select 1 as sign, * from hub.indicator_dossier')}`,
    `insert into hub.indicator_month (month, ${KEY_LIST}, ${cols}) select date_trunc('month', day)::date, ${KEY_LIST}, ${summed} from hub.indicator_day group by 1, 2, 3, 4`,
    `insert into hub.indicator_month_agency (month, agency_code, ${cols}) select month, agency_code, ${summed} from hub.indicator_month group by 1, 2`,
  ];
}

/** Differences between what is stored and what the formulas give now, for `hub verify` (one row per difference). */
export function factDriftSql(): string {
  const contribution = ['agency_code', 'procedure_key', 'field_key', ...INDICATOR_CODES.flatMap((c) => [dayColumn(c), numColumn(c)])];
  const cols = MEASURES.join(', ');
  const summed = MEASURES.map((m) => `sum(${m}) as ${m}`).join(', ');
  const same = (a: string, b: string, list: string[]) => `(${list.map((c) => `${a}.${c}`).join(', ')}) is not distinct from (${list.map((c) => `${b}.${c}`).join(', ')})`;
  return `with ref as (${contributionSql('true')}),
    stored as (select * from hub.indicator_dossier),
    want_day as (${deltaSql('select 1 as sign, * from ref')}),
    have_day as (select day, ${KEY_LIST}, ${cols} from hub.indicator_day where ${nonZero('indicator_day')}),
    have_month as (select month, ${KEY_LIST}, ${cols} from hub.indicator_month where ${nonZero('indicator_month')}),
    want_month as (select date_trunc('month', day)::date as month, ${KEY_LIST}, ${summed} from want_day group by 1, 2, 3, 4),
    have_month_agency as (select month, agency_code, ${cols} from hub.indicator_month_agency where ${nonZero('indicator_month_agency')}),
    want_month_agency as (select month, agency_code, ${summed} from want_day w cross join lateral (select date_trunc('month', w.day)::date as month) m group by 1, 2)
  select 'dossier ' || coalesce(r.dossier_id, s.dossier_id) as key, 'stored contribution differs from the formulas' as detail
    from ref r full join stored s on s.dossier_id = r.dossier_id where r.dossier_id is null or s.dossier_id is null or not ${same('r', 's', contribution)}
  union all
  select 'day ' || coalesce(w.day, h.day) || ' ' || coalesce(w.agency_code, h.agency_code, '-') || ' ' || coalesce(w.procedure_key, h.procedure_key, '-'), 'day sums differ from the formulas'
    from want_day w full join have_day h on h.day = w.day and ${same('h', 'w', [...KEYS])}
   where w.day is null or h.day is null or not ${same('w', 'h', MEASURES)}
  union all
  select 'month ' || coalesce(w.month, h.month) || ' ' || coalesce(w.agency_code, h.agency_code, '-') || ' ' || coalesce(w.procedure_key, h.procedure_key, '-'), 'month sums differ from the formulas'
    from want_month w full join have_month h on h.month = w.month and ${same('h', 'w', [...KEYS])}
   where w.month is null or h.month is null or not ${same('w', 'h', MEASURES)}
  union all
  select 'month ' || coalesce(w.month, h.month) || ' ' || coalesce(w.agency_code, h.agency_code, '-'), 'month sums per agency differ from the formulas'
    from want_month_agency w full join have_month_agency h on h.month = w.month and h.agency_code is not distinct from w.agency_code
   where w.month is null or h.month is null or not ${same('w', 'h', MEASURES)}
  union all
  ${workingDayDriftSql()}`;
}
