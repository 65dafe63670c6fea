import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { computeIndicator, explainIndicator, type IndicatorRequest } from '../../src/indicators/query';
import { withPgClient } from '../../src/store/pg';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * A hand-built dataset whose answers are worked out below, dossier by dossier.
 * Agencies: P ─┬─ D1 ── C1
 *              └─ D2
 * Procedures: F (with fee), N (no fee). Times are Vietnam local (+07:00).
 */
let db: TestDatabase;
const day = (d: string, h = '08:00') => `${d}T${h}:00+07:00`;
const supp = (requested: string, supplied: string | null) => ({ requestedAt: new Date(requested).toISOString(), suppliedAt: supplied ? new Date(supplied).toISOString() : null, content: null, previousDueAt: null, newDueAt: null });

interface Row {
  code: string; agency: string; status: number; proc: 'F' | 'N'; channel?: string; received: string | null; due?: string | null; finished?: string | null;
  supplements?: ReturnType<typeof supp>[]; comps?: boolean; resultDigitised?: boolean; onlinePayment?: number | null;
}
const DOSSIERS: Row[] = [
  // A: returned before due → on time; online, paid online, digitised with digitised result.
  { code: 'A', agency: 'C1', status: 10, proc: 'F', channel: 'ONLINE', received: day('2025-01-05'), due: day('2025-01-10', '17:00'), finished: day('2025-01-09', '10:00'), comps: true, resultDigitised: true, onlinePayment: 1 },
  // B: finished 4 days after due, but the applicant took 4 days to supply → on time. Digitised components, result not digitised.
  { code: 'B', agency: 'C1', status: 9, proc: 'F', channel: 'COUNTER', received: day('2025-01-06'), due: day('2025-01-08', '17:00'), finished: day('2025-01-12', '10:00'), supplements: [supp(day('2025-01-07', '09:00'), day('2025-01-11', '09:00'))], comps: true, resultDigitised: false },
  // C: late; online; rated very dissatisfied.
  { code: 'C', agency: 'D1', status: 10, proc: 'N', channel: 'ONLINE', received: day('2025-01-07'), due: day('2025-01-09'), finished: day('2025-01-15') },
  // E: still processing → not in 2.1; postal; fee-bearing, not paid online; digitised components.
  { code: 'E', agency: 'D2', status: 4, proc: 'F', channel: 'POSTAL', received: day('2025-01-08'), due: day('2025-02-08'), comps: true },
  // G: no due date (procedure without deadline) → on time; rated satisfied.
  { code: 'G', agency: 'D2', status: 10, proc: 'N', received: day('2025-01-09'), due: null, finished: day('2025-01-20') },
  // H: two supplement rounds → late whatever the dates.
  { code: 'H', agency: 'D2', status: 9, proc: 'N', received: day('2025-01-10'), due: day('2025-06-01'), finished: day('2025-01-25'), supplements: [supp(day('2025-01-11'), day('2025-01-12')), supp(day('2025-01-13'), day('2025-01-14'))] },
  // I: waiting on its only supplement request → ends at the request, before due → on time.
  { code: 'I', agency: 'C1', status: 5, proc: 'N', received: day('2025-01-12'), due: day('2025-01-20'), supplements: [supp(day('2025-01-15', '10:00'), null)] },
  // J: February, on time.
  { code: 'J', agency: 'D2', status: 10, proc: 'N', received: day('2025-02-03'), due: day('2025-02-10'), finished: day('2025-02-05') },
  // K: refused at intake, never accepted → in no indicator.
  { code: 'K', agency: 'C1', status: 3, proc: 'F', channel: 'ONLINE', received: null },
];

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query(`insert into hub.agency (code, name, parent_code, source_system, content_hash) values ('P','P',null,'t','x'),('D1','D1','P','t','x'),('C1','C1','D1','t','x'),('D2','D2','P','t','x')`);
  await db.query(`insert into hub.procedure (code, name, has_fee, source_system, content_hash) values ('F','with fee',true,'t','x'),('N','no fee',false,'t','x')`);
  for (const d of DOSSIERS) {
    await db.query(
      `insert into hub.dossier (code, source_system, agency_code, procedure_code, national_procedure_code, channel, status, received_at, due_at, finished_at, supplements,
                                has_digitised_components, result_digitised, online_payment, source_updated_at, content_hash)
       values ($1, 'mcdt', $2, $3, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, now(), 'x')`,
      [d.code, d.agency, d.proc, d.channel ?? 'COUNTER', d.status, d.received, d.due ?? null, d.finished ?? null, JSON.stringify(d.supplements ?? []), d.comps ?? false, d.resultDigitised ?? null, d.onlinePayment ?? null],
    );
  }
  await db.query(`insert into hub.rating (rating_key, dossier_code, rated_at, satisfaction, source_system, source_updated_at, content_hash) values ('C|1','C',now(),5,'dvc',now(),'x'),('G|1','G',now(),1,'dvc',now(),'x')`);
});

const compute = (req: Partial<IndicatorRequest> & Pick<IndicatorRequest, 'code'>) =>
  withPgClient(db.orm, (c) => computeIndicator(c, { unit: 'MONTH', from: '2025-01-01', to: '2025-03-01', groupBy: 'NONE', ...req }));
const byPeriod = (rows: Awaited<ReturnType<typeof compute>>) => Object.fromEntries(rows.map((r) => [`${r.period}/${r.groupKey}`, { num: r.numerator, den: r.denominator, value: r.value, score: r.score }]));

describe('766 indicators on a hand-built dataset', () => {
  it('2.1 on-time rate: supplement time subtracted, two rounds late, no due date on time, open dossiers excluded', async () => {
    // January ended: A✓ B✓ C✗ G✓ H✗ I✓ (E still open) → 4/6; February: J✓ → 1/1.
    expect(byPeriod(await compute({ code: 'ON_TIME_RATE' }))).toEqual({
      '2025-01-01/ALL': { num: 4, den: 6, value: 66.67, score: null },
      '2025-02-01/ALL': { num: 1, den: 1, value: 100, score: null },
    });
  });

  it('2.1 by agency rolls the tree up by summing, never averaging', async () => {
    const rows = byPeriod(await compute({ code: 'ON_TIME_RATE', groupBy: 'AGENCY', to: '2025-02-01' }));
    // C1: A B I → 3/3. D1 = C1 + C → 3/4. D2: G H → 1/2. P = all six → 4/6 (the mean of D1 and D2 would be 62.5).
    expect(rows).toEqual({
      '2025-01-01/C1': { num: 3, den: 3, value: 100, score: null },
      '2025-01-01/D1': { num: 3, den: 4, value: 75, score: null },
      '2025-01-01/D2': { num: 1, den: 2, value: 50, score: null },
      '2025-01-01/P': { num: 4, den: 6, value: 66.67, score: null },
    });
  });

  it('restricts to one agency subtree', async () => {
    const rows = byPeriod(await compute({ code: 'ON_TIME_RATE', agencyCode: 'D1', to: '2025-02-01' }));
    expect(rows).toEqual({ '2025-01-01/ALL': { num: 3, den: 4, value: 75, score: null } });
  });

  it('2.2 average processing days, supplement time subtracted', async () => {
    // A 4d2h, B 6d2h − 4d = 2d2h, C 8d, G 11d, H 15d − 2d = 13d → 38.1667 / 5.
    const [jan] = await compute({ code: 'AVG_PROCESSING_DAYS', to: '2025-02-01' });
    expect(jan!.denominator).toBe(5);
    expect(jan!.value).toBeCloseTo(7.63, 2);
  });

  it('3.3 online rate with its threshold score', async () => {
    // Accepted in January: A B C E G H I = 7; online: A C → 28.57%; score 28.57 / 50.
    expect(byPeriod(await compute({ code: 'ONLINE_RATE', to: '2025-02-01' }))).toEqual({ '2025-01-01/ALL': { num: 2, den: 7, value: 28.57, score: 0.5714 } });
  });

  it('3.6 online payment rate over fee-bearing procedures only', async () => {
    // Fee-bearing accepted in January: A B E; paid online: A → 33.33%.
    expect(byPeriod(await compute({ code: 'ONLINE_PAYMENT_RATE', to: '2025-02-01' }))).toEqual({ '2025-01-01/ALL': { num: 1, den: 3, value: 33.33, score: null } });
  });

  it('4.2 digitisation and 4.3 reuse', async () => {
    // Components digitised: A B E. Digitised: A (result digitised), E (still open); B finished without a digitised result.
    expect(byPeriod(await compute({ code: 'DIGITISATION_RATE', to: '2025-02-01' }))).toEqual({ '2025-01-01/ALL': { num: 2, den: 7, value: 28.57, score: 0.3571 } });
    expect(byPeriod(await compute({ code: 'REUSE_RATE', to: '2025-02-01' }))).toEqual({ '2025-01-01/ALL': { num: 3, den: 7, value: 42.86, score: 0.5357 } });
  });

  it('5.4 satisfaction: 100% − late rate − dissatisfied rate', async () => {
    // Ended in January: 6; late C H; rated dissatisfied C → (6 − 2 − 1) / 6 = 50%.
    expect(byPeriod(await compute({ code: 'SATISFACTION_RATE', to: '2025-02-01' }))).toEqual({ '2025-01-01/ALL': { num: 3, den: 6, value: 50, score: 0.5556 } });
  });

  it('an empty period has no value rather than 0 or 100', async () => {
    expect(await compute({ code: 'ON_TIME_RATE', from: '2023-01-01', to: '2023-12-01' })).toEqual([]);
  });

  it('explains a value by the dossiers behind it', async () => {
    const req: IndicatorRequest = { code: 'ON_TIME_RATE', unit: 'MONTH', from: '2025-01-01', to: '2025-03-01', groupBy: 'AGENCY' };
    const ids = (inNumerator: boolean | null) => withPgClient(db.orm, (c) => explainIndicator(c, { ...req, period: '2025-01-01', groupKey: 'D1', inNumerator, afterId: null, limit: 100 }));
    const codes = async (list: number[]) => (await db.query<{ code: string }>('select code from hub.dossier where id = any($1::int[]) order by code', [list])).map((r) => r.code);
    expect(await codes(await ids(null))).toEqual(['A', 'B', 'C', 'I']);
    expect(await codes(await ids(true))).toEqual(['A', 'B', 'I']);
    expect(await codes(await ids(false))).toEqual(['C']);
  });
});

/**
 * No due date: the legal time of the procedure decides (domain.md C2). Agency T, apart
 * from the tree above. W5 5 working days, W2 2 working days, C10 10 calendar days,
 * Z no legal time. Working days are counted from the day after acceptance.
 */
const NO_DUE_DATE: Row[] = [
  // Tết 2024 is 8–14 Feb. Accepted Wed 7 Feb; working days after it: 15, 16, 19, 20, 21 Feb → done on the 21st is on time…
  { code: 'T1', agency: 'T', status: 10, proc: 'W5' as Row['proc'], received: day('2024-02-07'), finished: day('2024-02-21', '10:00') },
  // …on the 22nd is the 6th working day: late (counting calendar days, both would be 14–15 days).
  { code: 'T2', agency: 'T', status: 10, proc: 'W5' as Row['proc'], received: day('2024-02-07'), finished: day('2024-02-22', '10:00') },
  // Hùng Kings' Day 2025 is Mon 7 Apr. Accepted Fri 4 Apr: working days 8, 9 Apr → done Wed 9th on time, Thu 10th late.
  { code: 'T3', agency: 'T', status: 9, proc: 'W2' as Row['proc'], received: day('2025-04-04'), finished: day('2025-04-09', '15:00') },
  { code: 'T4', agency: 'T', status: 9, proc: 'W2' as Row['proc'], received: day('2025-04-04'), finished: day('2025-04-10', '09:00') },
  // 10 calendar days: exactly 10 on time; 12 late; 12 less a 2-day supplement on time.
  { code: 'T5', agency: 'T', status: 10, proc: 'C10' as Row['proc'], received: day('2025-05-05'), finished: day('2025-05-15') },
  { code: 'T6', agency: 'T', status: 10, proc: 'C10' as Row['proc'], received: day('2025-05-05'), finished: day('2025-05-17') },
  { code: 'T7', agency: 'T', status: 10, proc: 'C10' as Row['proc'], received: day('2025-05-05'), finished: day('2025-05-17'), supplements: [supp(day('2025-05-07'), day('2025-05-09'))] },
  // A due date still decides when there is one: within 5 working days, but after its due date → late.
  { code: 'T9', agency: 'T', status: 10, proc: 'W5' as Row['proc'], received: day('2025-05-05'), due: day('2025-05-06', '17:00'), finished: day('2025-05-08') },
  // No legal time at all (0): on time, however long it took.
  { code: 'T8', agency: 'T', status: 10, proc: 'Z' as Row['proc'], received: day('2025-05-05'), finished: day('2025-12-01') },
];

describe('2.1 without a due date: the procedure\'s legal time', () => {
  beforeAll(async () => {
    await db.query(`insert into hub.agency (code, name, source_system, content_hash) values ('T','T','t','x')`);
    await db.query(
      `insert into hub.procedure (code, name, has_fee, processing_time, processing_time_unit, source_system, content_hash)
       values ('W5','5 working days',false,5,'WORKING_DAYS','t','x'),('W2','2 working days',false,2,'WORKING_DAYS','t','x'),('C10','10 days',false,10,'DAYS','t','x'),('Z','no deadline',false,0,null,'t','x')`,
    );
    for (const d of NO_DUE_DATE) {
      await db.query(
        `insert into hub.dossier (code, source_system, agency_code, procedure_code, channel, status, received_at, due_at, finished_at, supplements, source_updated_at, content_hash)
         values ($1, 'mcdt', $2, $3, 'COUNTER', $4, $5, $6, $7, $8::jsonb, now(), 'x')`,
        [d.code, d.agency, d.proc, d.status, d.received, d.due ?? null, d.finished ?? null, JSON.stringify(d.supplements ?? [])],
      );
    }
  });

  it('counts calendar days, or working days without weekends and public holidays (Tết included)', async () => {
    const req: IndicatorRequest = { code: 'ON_TIME_RATE', unit: 'MONTH', from: '2024-01-01', to: '2026-01-01', groupBy: 'NONE', agencyCode: 'T' };
    expect(byPeriod(await withPgClient(db.orm, (c) => computeIndicator(c, req)))).toEqual({
      '2024-02-01/ALL': { num: 1, den: 2, value: 50, score: null },
      '2025-04-01/ALL': { num: 1, den: 2, value: 50, score: null },
      '2025-05-01/ALL': { num: 2, den: 4, value: 50, score: null },
      '2025-12-01/ALL': { num: 1, den: 1, value: 100, score: null },
    });
    const onTime = async (period: string, inNumerator: boolean) => {
      const ids = await withPgClient(db.orm, (c) => explainIndicator(c, { ...req, period, groupKey: 'ALL', inNumerator, afterId: null, limit: 100 }));
      return (await db.query<{ code: string }>('select code from hub.dossier where id = any($1::int[]) order by code', [ids])).map((r) => r.code);
    };
    expect(await onTime('2024-02-01', true)).toEqual(['T1']);
    expect(await onTime('2025-04-01', true)).toEqual(['T3']);
    expect(await onTime('2025-05-01', true)).toEqual(['T5', 'T7']);
    expect(await onTime('2025-05-01', false)).toEqual(['T6', 'T9']);
  });

  it('leaves dossiers gone at source out', async () => {
    await db.query(`update hub.dossier set gone_at = now() where code = 'T6'`);
    const req: IndicatorRequest = { code: 'ON_TIME_RATE', unit: 'MONTH', from: '2025-05-01', to: '2025-06-01', groupBy: 'NONE', agencyCode: 'T' };
    expect(byPeriod(await withPgClient(db.orm, (c) => computeIndicator(c, req)))).toEqual({ '2025-05-01/ALL': { num: 2, den: 3, value: 66.67, score: null } });
    await db.query(`update hub.dossier set gone_at = null where code = 'T6'`);
  });
});

describe('indicators in GraphQL', () => {
  let api: ApiServer;
  let headers: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(db.orm);
    headers = await authHeaders(db.orm, 'viewer');
  });
  afterAll(async () => {
    await api?.close();
  });
  const gql = async (query: string) => (await (await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query }) })).json()) as { data?: any; errors?: any[] };

  it('serves values with numerator, denominator, score and the dossiers behind them', async () => {
    const { data, errors } = await gql(`{
      indicators(codes: [ON_TIME_RATE, ONLINE_RATE], from: "2025-01-01", to: "2025-02-01", groupBy: AGENCY, agencyCode: "D1") {
        indicator { code number threshold } period groupKey numerator denominator value score
        late: dossiers(first: 10, inNumerator: false) { totalCount edges { node { code } } }
      }
    }`);
    expect(errors).toBeUndefined();
    const onTime = data.indicators.filter((v: any) => v.indicator.code === 'ON_TIME_RATE');
    expect(onTime.map((v: any) => [v.groupKey, v.numerator, v.denominator, v.value])).toEqual([
      ['C1', 3, 3, 100],
      ['D1', 3, 4, 75],
    ]);
    expect(onTime[1].late).toEqual({ totalCount: 1, edges: [{ node: { code: 'C' } }] });
    const online = data.indicators.find((v: any) => v.indicator.code === 'ONLINE_RATE' && v.groupKey === 'D1');
    expect(online).toMatchObject({ indicator: { number: '3.3', threshold: 50 }, numerator: 2, denominator: 4, value: 50, score: 1 });
  });

  it('refuses a bad period with BAD_USER_INPUT naming the argument', async () => {
    const { errors } = await gql(`{ indicators(codes: [ON_TIME_RATE], from: "01/01/2025", to: "2025-02-01") { value } }`);
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
    const reversed = await gql(`{ indicators(codes: [ON_TIME_RATE], from: "2025-02-01", to: "2025-01-01") { value } }`);
    expect(reversed.errors?.[0]?.message).toMatch(/must be after/);
  });

  it('documents each formula and its open cases in the schema', async () => {
    const { data } = await gql(`{ indicatorDefinitions { code number description } }`);
    const onTime = data.indicatorDefinitions.find((d: any) => d.code === 'ON_TIME_RATE');
    expect(onTime.number).toBe('2.1');
    expect(onTime.description).toMatch(/only a procedure with no legal time counts as on time/);
    expect(onTime.description).toMatch(/N\/A/);
  });
});
