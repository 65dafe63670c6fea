import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_HOLIDAYS } from '../../src/indicators/holidays';
import { CALENDAR_FIRST, CALENDAR_LAST, workingDayDriftSql, workingDaysSeriesSql, workingDaysSql } from '../../src/indicators/working-days';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * The working-day count of the on-time rule as a calendar lookup (working-days.ts)
 * against the day-by-day series it replaced: the same count for any two days, inside
 * the calendar, across its ends and outside it (where the lookup falls back), with the
 * end before the start, on the same day, or missing.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayOf = (from: string, to: string) => fc.integer({ min: Date.parse(from) / DAY_MS, max: Date.parse(to) / DAY_MS }).map((n) => iso(n * DAY_MS));
/** Mostly inside the calendar, some near its ends and beyond them, some null. */
const day = fc.oneof(
  { weight: 6, arbitrary: dayOf(CALENDAR_FIRST, CALENDAR_LAST) },
  { weight: 2, arbitrary: dayOf('2023-12-01', '2027-02-01') },
  { weight: 1, arbitrary: dayOf('2012-06-01', '2015-02-01') },
  { weight: 1, arbitrary: dayOf('2035-11-01', '2038-01-01') },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** A start and an end a few days to a few months apart, in either order, or two days anywhere. */
const pair = fc.oneof(
  fc.tuple(day, day),
  fc.tuple(day, fc.integer({ min: -10, max: 120 })).map(([a, n]) => [a, a === null ? null : iso(Date.parse(a) + n * DAY_MS)] as [string | null, string | null]),
);

async function counts(pairs: readonly (readonly [string | null, string | null])[]) {
  return db.query<{ a: string | null; b: string | null; lookup: string; series: string }>(
    `select u.a::text, u.b::text, ${workingDaysSql('u.a', 'u.b')} as lookup, ${workingDaysSeriesSql('u.a', 'u.b')} as series
       from unnest($1::date[], $2::date[]) as u(a, b)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

describe('working days from the calendar', () => {
  it('equal the day-by-day count for random pairs of days', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 400 }), async (pairs) => {
        for (const r of await counts(pairs)) expect(r.lookup, `${r.a} → ${r.b}`).toBe(r.series);
      }),
      { numRuns: 40 },
    );
  });

  it('count the holidays of holidays.ts: Tết 2024, Hùng Kings 2025, a whole year', async () => {
    const [tet, hung, year2025, beyond] = await counts([
      ['2024-02-07', '2024-02-21'],
      ['2025-04-04', '2025-04-10'],
      ['2024-12-31', '2025-12-31'],
      ['2035-12-28', '2036-01-04'],
    ]);
    // 15, 16, 19, 20, 21 Feb; 8, 9, 10 Apr; 261 weekdays of 2025 less its 11 holidays; 31 Dec 2035 and 1–4 Jan 2036 (past the calendar).
    expect([tet!.lookup, hung!.lookup, year2025!.lookup, beyond!.lookup]).toEqual(['5', '3', String(261 - PUBLIC_HOLIDAYS.filter((d) => d.startsWith('2025')).length), '5']);
  });

  it('`hub verify` sees a calendar that differs from the holidays', async () => {
    expect(await db.query(workingDayDriftSql())).toEqual([]);
    await db.query(`update hub.working_day set ordinal = ordinal + 1 where day = '2030-06-03'`);
    expect(await db.query(workingDayDriftSql())).toEqual([{ key: 'working day 2030-06-03', detail: expect.stringContaining('hub indicators rebuild') }]);
  });
});
