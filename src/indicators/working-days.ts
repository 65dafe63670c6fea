import { PUBLIC_HOLIDAYS_SQL } from './holidays';

/**
 * Working days as a lookup (issue 12). `hub.working_day` holds, for every calendar day
 * of CALENDAR_FIRST … CALENDAR_LAST, its ordinal: how many working days (not Saturday
 * or Sunday, not a public holiday of holidays.ts) there are from the calendar's first
 * day up to and including it. The working days after a day `a` up to and including a
 * day `b` are then `ordinal(b) − ordinal(a)`: two index probes per dossier instead of a
 * `generate_series` over every day between them. Days outside the calendar fall back to
 * that series, so the count is the same everywhere (test/indicators/working-days.test.ts).
 *
 * The years cover what the sources hold (dossiers from 2015) with room ahead; the table
 * is refilled from holidays.ts by `hub indicators rebuild`, so a year added to the
 * holidays reaches the lookup with the rebuild that the changed formula needs anyway,
 * and `hub verify` reports a calendar that differs from holidays.ts (factDriftSql).
 */
export const CALENDAR_FIRST = '2015-01-01';
export const CALENDAR_LAST = '2035-12-31';

/** Working days in the calendar's range, counted as the reference does (weekday, not a holiday). */
const expectedCalendarSql = `select g.d::date as day,
         (sum((extract(isodow from g.d) < 6 and g.d::date <> all(${PUBLIC_HOLIDAYS_SQL}))::int) over (order by g.d))::int4 as ordinal
    from generate_series('${CALENDAR_FIRST}'::date, '${CALENDAR_LAST}'::date, interval '1 day') g(d)`;

/** The table (for the migration). */
export const WORKING_DAY_TABLE_SQL = 'create table if not exists hub.working_day (day date primary key, ordinal int4 not null)';

/** Fills (or corrects) the calendar from holidays.ts; rows already right are left alone. */
export function fillWorkingDaysSql(): string[] {
  return [
    WORKING_DAY_TABLE_SQL,
    `insert into hub.working_day as t (day, ordinal) ${expectedCalendarSql}
     on conflict (day) do update set ordinal = excluded.ordinal where t.ordinal <> excluded.ordinal`,
    `delete from hub.working_day where day < '${CALENDAR_FIRST}'::date or day > '${CALENDAR_LAST}'::date`,
  ];
}

/** Calendar days whose stored ordinal differs from holidays.ts (one row each: `key`, `detail`), for `hub verify`. */
export function workingDayDriftSql(): string {
  return `select 'working day ' || coalesce(w.day, h.day) as key, 'working-day calendar differs from the public holidays (hub indicators rebuild)' as detail
    from (${expectedCalendarSql}) w full join hub.working_day h on h.day = w.day
   where w.day is null or h.day is null or h.ordinal <> w.ordinal`;
}

/**
 * The reference count, one day at a time: working days after local day `from` up to and
 * including local day `to` (0 when `to` is not after `from`, or either is null).
 */
export function workingDaysSeriesSql(from: string, to: string): string {
  return `(select count(*) from generate_series((${from}) + 1, (${to}), interval '1 day') g(d)
            where extract(isodow from g.d) < 6 and g.d::date <> all(${PUBLIC_HOLIDAYS_SQL}))`;
}

/** The same count from the calendar; the series only where a day lies outside it. */
export function workingDaysSql(from: string, to: string): string {
  return `coalesce((select greatest(0, b.ordinal - a.ordinal)::int8 from hub.working_day a, hub.working_day b where a.day = (${from}) and b.day = (${to})),
                   ${workingDaysSeriesSql(from, to)})`;
}
