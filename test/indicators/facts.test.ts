import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertConnector } from '../../src/cli/connectors';
import { INDICATOR_CODES } from '../../src/indicators/definitions';
import { indicatorsFromFacts } from '../../src/indicators/facts-query';
import { computeIndicator, type IndicatorGroupBy, type IndicatorRow, type PeriodUnit } from '../../src/indicators/query';
import { rebuildIndicatorFacts } from '../../src/indicators/rebuild';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { withPgClient } from '../../src/store/pg';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';
import { verifyIntegrity } from '../../src/integrity/verify';

/**
 * The roll-ups kept by the triggers (src/indicators/facts.ts) against the on-demand
 * formulas (computeIndicator, the reference): after a first sync of both systems, after
 * the simulators changed dossiers and the hub re-synced them, and after changes the
 * simulators do not make (agency moved, dossier gone or deleted, rating withdrawn, a
 * procedure's fee and legal time changed). Every indicator, period unit, grouping, a
 * few agency subtrees, a month-aligned and a ragged range.
 */
const shared = { seed: 23, size: 1200, historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };
let mcdt: McdtSimulator;
let dvc: DvcSimulator;
let db: TestDatabase;
let connectors: { mcdt: Awaited<ReturnType<typeof upsertConnector>>; dvc: Awaited<ReturnType<typeof upsertConnector>> };

const UNITS: PeriodUnit[] = ['MONTH', 'QUARTER', 'YEAR'];
const GROUPS: IndicatorGroupBy[] = ['NONE', 'AGENCY', 'PROCEDURE', 'FIELD'];
const RANGES = [
  ['2024-01-01', '2027-01-01'],
  ['2024-03-15', '2026-02-10'],
  ['2025-06-03', '2025-06-20'],
] as const;

async function sync(system: 'mcdt' | 'dvc', stream: string) {
  const result = await runStreamChecked({ orm: db.orm, connector: connectors[system], stream, now: () => shared.now });
  expect(result.status, `${system}/${stream}`).toBe('succeeded');
  return result;
}

/** Every request answered from the facts equals the reference, row for row. */
async function expectFactsEqualReference(): Promise<number> {
  const agencies = await db.query<{ code: string }>(
    `(select code from hub.agency where parent_code is null order by code limit 1) union all (select agency_code from hub.dossier group by 1 order by count(*) desc limit 1)`,
  );
  let cells = 0;
  await withPgClient(db.orm, async (client) => {
    for (const [from, to] of RANGES) {
      for (const unit of UNITS) {
        for (const groupBy of GROUPS) {
          for (const agencyCode of [null, ...agencies.map((a) => a.code)]) {
            const facts = await indicatorsFromFacts(client, { codes: INDICATOR_CODES, unit, from, to, groupBy, agencyCode });
            const reference: IndicatorRow[] = [];
            for (const code of INDICATOR_CODES) reference.push(...(await computeIndicator(client, { code, unit, from, to, groupBy, agencyCode })));
            expect(facts, `${from}..${to} ${unit} ${groupBy} ${agencyCode ?? 'all'}`).toEqual(reference);
            cells += reference.length;
          }
        }
      }
    }
  });
  return cells;
}

beforeAll(async () => {
  mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
  dvc = await startDvcSimulator({ ...shared, username: 'u', password: 'p' });
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  connectors = {
    mcdt: await upsertConnector(em, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 120 } }),
    dvc: await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: { baseUrl: dvc.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 120 } }),
  };
});

afterAll(async () => {
  await mcdt?.close();
  await dvc?.close();
});

describe('indicator roll-ups kept at sync time', () => {
  it('equal the formulas after a first sync of both systems', async () => {
    for (const stream of ['agencies', 'procedures', 'dossiers']) await sync('mcdt', stream);
    for (const stream of ['dossiers', 'ratings']) await sync('dvc', stream);
    const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from hub.indicator_dossier')) as [{ n: number }];
    expect(n).toBeGreaterThan(1000);
    expect(await expectFactsEqualReference()).toBeGreaterThan(500);
  });

  it('equal the formulas after the sources changed dossiers and the hub re-synced', async () => {
    for (let round = 0; round < 2; round++) {
      mcdt.control({ action: 'mutate', count: 150 });
      dvc.control({ action: 'mutate', count: 60 });
      const changed = await sync('mcdt', 'dossiers');
      expect(changed.updated).toBeGreaterThan(0);
      for (const stream of ['dossiers', 'ratings']) await sync('dvc', stream);
    }
    await expectFactsEqualReference();
  });

  it('follow an agency move, a dossier gone or deleted, a rating withdrawn and a procedure changed', async () => {
    await db.query(`update hub.dossier set agency_code = (select code from hub.agency order by code desc limit 1) where id in (select id from hub.dossier where status in (9, 10) order by id limit 40)`);
    await db.query(`update hub.dossier set gone_at = now() where id in (select id from hub.dossier where gone_at is null order by id desc limit 25)`);
    await db.query(`delete from hub.dossier_event where dossier_id in (select id from hub.dossier where gone_at is null order by id limit 5)`);
    await db.query(`delete from hub.dossier_link where dossier_id in (select id from hub.dossier where gone_at is null order by id limit 5)`);
    await db.query(`delete from hub.dossier where id in (select id from hub.dossier where gone_at is null order by id limit 5)`);
    await db.query(`update hub.rating set gone_at = now() where id in (select id from hub.rating where satisfaction >= 4 order by id limit 10)`);
    await db.query(`update hub.rating set satisfaction = 5 where id in (select id from hub.rating where satisfaction < 4 order by id limit 10)`);
    await db.query(`update hub.procedure set has_fee = not coalesce(has_fee, false), processing_time = coalesce(processing_time, 0) + 3 where code in (select procedure_code from hub.dossier group by 1 order by count(*) desc limit 3)`);
    await db.query(`update hub.dossier set supplements = '[]'::jsonb, status = 10, finished_at = received_at + interval '40 days' where id in (select id from hub.dossier where status not in (9, 10) and received_at is not null order by id limit 30)`);
    await expectFactsEqualReference();
  });

  it('`hub verify` names drift, and a rebuild repairs it', async () => {
    await db.query(`update hub.indicator_day set den_online_rate = den_online_rate + 1 where ctid = (select ctid from hub.indicator_day where den_online_rate > 0 limit 1)`);
    await db.query(`delete from hub.indicator_dossier where dossier_id = (select min(dossier_id) from hub.indicator_dossier)`);
    const report = await withPgClient(db.orm, (c) => verifyIntegrity(c));
    const drift = report.violations.filter((v) => v.check === 'INDICATOR_FACTS').map((v) => v.detail);
    expect(drift).toContain('stored contribution differs from the formulas');
    expect(drift).toContain('day sums differ from the formulas');
    await withPgClient(db.orm, (c) => rebuildIndicatorFacts(c));
    // The changes above broke other promises of the store on purpose; only the roll-ups count here.
    const after = await withPgClient(db.orm, (c) => verifyIntegrity(c));
    expect(after.violations.filter((v) => v.check === 'INDICATOR_FACTS')).toEqual([]);
    await expectFactsEqualReference();
  });
});
