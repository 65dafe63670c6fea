import { describe, expect, it } from 'vitest';
import { upsertConnector } from '../../src/cli/connectors';
import { runStreamChecked } from '../support/integrity';
import { type DvcFaults, startDvcSimulator } from '../../src/simulators/dvc/server';
import { createTestDatabase } from '../support/db';

/** A fresh database, a portal simulator and a registered `dvc` connector for one test. */
async function dvcFixture(faults: Partial<DvcFaults> = {}, config: Record<string, unknown> = {}) {
  const db = await createTestDatabase();
  const sim = await startDvcSimulator({ seed: 4, size: 800, username: 'u', password: 'p' });
  sim.control({ action: 'faults', set: faults });
  const instance = await upsertConnector(db.orm.em.fork(), {
    name: 'dvc',
    kind: 'dvc',
    config: { baseUrl: sim.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 120, pageSize: 50, ...config },
  });
  const sync = (stream: string) => runStreamChecked({ orm: db.orm, connector: instance, stream });
  return { db, sim, sync };
}

/** The DVC rows of the contract's quirk table, end to end into the store. */
describe('DVC quirks', () => {
  it('syncs every portal stream into the store', async () => {
    const f = await dvcFixture();
    try {
      for (const stream of ['agencies', 'procedures', 'dossiers', 'payments', 'ratings']) {
        expect((await f.sync(stream)).status).toBe('succeeded');
      }
      const [n] = await f.db.query<{ dossiers: number; payments: number; ratings: number; agencies: number; procedures: number }>(
        `select (select count(*)::int from hub.portal_dossier) as dossiers, (select count(*)::int from hub.payment) as payments,
                (select count(*)::int from hub.rating) as ratings, (select count(*)::int from hub.agency) as agencies, (select count(*)::int from hub.procedure) as procedures`,
      );
      for (const v of Object.values(n!)) expect(v).toBeGreaterThan(0);
    } finally {
      await f.sim.close();
    }
  });

  it('session expiry: the connector logs in again and repeats the call; nothing is lost', async () => {
    const f = await dvcFixture({ sessionTtlCalls: 3 });
    try {
      const run = await f.sync('dossiers');
      expect(run.status).toBe('succeeded');
      f.sim.control({ action: 'faults', set: { sessionTtlCalls: 0 } });
      const [before] = await f.db.query<{ n: number }>('select count(*)::int as n from hub.portal_dossier');
      const again = await (await dvcFixture()).sync('dossiers');
      expect(before!.n).toBe(again.inserted);
    } finally {
      await f.sim.close();
    }
  });

  it('12-hour time: online payment times are flagged unreliable, their date kept', async () => {
    const f = await dvcFixture();
    try {
      await f.sync('payments');
      const rows = await f.db.query<{ reliable: boolean; paid_at: Date | null }>(`select paid_at_reliable as reliable, paid_at from hub.payment where method = 'ONLINE'`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.reliable === false)).toBe(true);
      expect(rows.filter((r) => r.paid_at !== null).length).toBeGreaterThan(0);
    } finally {
      await f.sim.close();
    }
  });

  it('dummy ids: kept on the dossier but flagged, never as a real person', async () => {
    const f = await dvcFixture();
    try {
      await f.sync('dossiers');
      const ids = await f.db.query<{ id: { number: string; dummy: boolean } }>(`select jsonb_array_elements(applicant_ids) as id from hub.portal_dossier`);
      const dummies = ids.filter((r) => /^0+1?$/.test(r.id.number));
      expect(dummies.length).toBeGreaterThan(0);
      expect(dummies.every((r) => r.id.dummy)).toBe(true);
      expect(ids.filter((r) => !/^0+1?$/.test(r.id.number)).every((r) => !r.id.dummy)).toBe(true);
    } finally {
      await f.sim.close();
    }
  });

  it('bad records, transient faults, duplicates and drift together: the run ends partial with every good record', async () => {
    const f = await dvcFixture({ badRecordRate: 0.03, errorRate: 0.1, errorStatus: 500, rateLimit: 11, duplicateRate: 0.5, pageDrift: 2, nfdRate: 0.2 }, { maxRetries: 8 });
    try {
      const run = await f.sync('dossiers');
      expect(run.status).toBe('partial');
      expect(run.failed).toBeGreaterThan(0);
      f.sim.control({ action: 'faults', set: { badRecordRate: 0, errorRate: 0, rateLimit: 0, duplicateRate: 0, pageDrift: 0, nfdRate: 0 } });
      const clean = await dvcFixture();
      const cleanRun = await clean.sync('dossiers');
      await clean.sim.close();
      const [stored] = await f.db.query<{ n: number; distinct_codes: number }>('select count(*)::int as n, count(distinct portal_code)::int as distinct_codes from hub.portal_dossier');
      expect(stored!.n).toBe(stored!.distinct_codes);
      expect(stored!.n + run.failed).toBeGreaterThanOrEqual(cleanRun.inserted);
      const [notNfc] = await f.db.query<{ n: number }>(`select count(*)::int as n from hub.portal_dossier where applicant_name <> normalize(applicant_name, NFC)`);
      expect(notNfc!.n).toBe(0);
    } finally {
      await f.sim.close();
    }
  });

  it('deletion: a complete catalogue listing flags a vanished record as gone', async () => {
    const f = await dvcFixture();
    try {
      await f.sync('procedures');
      const [first] = await f.db.query<{ n: number }>('select count(*)::int as n from raw.source_record where gone_at is null');
      expect(first!.n).toBeGreaterThan(0);
      // Dossiers are windowed; the catalogue is a complete listing every run.
      const run = await f.sync('procedures');
      expect(run.gone).toBe(0);
    } finally {
      await f.sim.close();
    }
  });
});
