import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertConnector } from '../../src/cli/connectors';
import { runStreamChecked } from '../support/integrity';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';

const shared = { seed: 17, size: 1500, historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };
let mcdt: McdtSimulator;
let dvc: DvcSimulator;

beforeAll(async () => {
  mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
  dvc = await startDvcSimulator({ ...shared, username: 'u', password: 'p' });
});

afterAll(async () => {
  await mcdt?.close();
  await dvc?.close();
});

/** A database with both systems synced, in the given order. */
async function syncBoth(order: ('mcdt' | 'dvc')[]): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const em = db.orm.em.fork();
  const one = await upsertConnector(em, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 120 } });
  const portal = await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: { baseUrl: dvc.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 120 } });
  for (const system of order) {
    const connector = system === 'mcdt' ? one : portal;
    const result = await runStreamChecked({ orm: db.orm, connector, stream: 'dossiers', now: () => shared.now });
    expect(result.status).toBe('succeeded');
  }
  return db;
}

const links = (db: TestDatabase) =>
  db.query<{ portal_code: string; code: string; rule: string; source_system: string }>(
    `select l.source_key as portal_code, d.code, l.rule, d.source_system from hub.dossier_link l join hub.dossier d on d.id = l.dossier_id order by l.source_key`,
  );

describe('one unified dossier per real dossier', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await syncBoth(['mcdt', 'dvc']);
  });

  it('links every portal copy exactly once, by each rule, and keeps both codes', async () => {
    const [counts] = await db.query<{ copies: number; linked: number }>(
      `select (select count(*)::int from hub.portal_dossier) as copies, (select count(*)::int from hub.dossier_link where source_system = 'dvc') as linked`,
    );
    expect(counts!.linked).toBe(counts!.copies);
    const rules = new Map<string, number>();
    for (const l of await links(db)) rules.set(l.rule, (rules.get(l.rule) ?? 0) + 1);
    expect(rules.get('SAME_CODE')).toBeGreaterThan(100);
    expect(rules.get('OTHER_CODE')).toBeGreaterThan(0);
    expect(rules.get('NATIONAL_CODE')).toBeGreaterThan(0);
    expect(rules.get('FALLBACK_TUPLE')).toBeGreaterThan(0);
    // Born on the national portal, kept in the one-stop-shop under the portal's code.
    const national = await db.query<{ portal_code: string; code: string; copy_code: string | null; other_code: string | null }>(
      `select p.portal_code, d.code, p.code as copy_code, d.other_code from hub.dossier_link l join hub.portal_dossier p on p.portal_code = l.source_key join hub.dossier d on d.id = l.dossier_id where l.rule = 'NATIONAL_CODE'`,
    );
    for (const n of national) {
      expect(n.code).toBe(n.portal_code);
      expect(n.copy_code).not.toBe(n.code);
    }
    // A copy under a different code keeps its own code: the link joins the two.
    const other = await db.query<{ portal_code: string; copy_code: string | null; code: string; other_code: string | null }>(
      `select p.portal_code, p.code as copy_code, d.code, d.other_code from hub.dossier_link l join hub.portal_dossier p on p.portal_code = l.source_key join hub.dossier d on d.id = l.dossier_id where l.rule = 'OTHER_CODE'`,
    );
    for (const o of other) expect([o.portal_code, o.copy_code]).toContain(o.other_code);
  });

  it('links by the fallback tuple only on real ids, and the tuple really matches', async () => {
    const rows = await db.query<{ agency_ok: boolean; proc_ok: boolean; minute_ok: boolean; id: string; ids: { number: string; dummy: boolean }[] }>(
      `select d.agency_code = p.agency_code as agency_ok, d.national_procedure_code = p.national_procedure_code as proc_ok,
              date_trunc('minute', d.received_at) = date_trunc('minute', p.received_at) as minute_ok, d.applicant_id_number as id, p.applicant_ids as ids
         from hub.dossier_link l join hub.portal_dossier p on p.portal_code = l.source_key join hub.dossier d on d.id = l.dossier_id where l.rule = 'FALLBACK_TUPLE'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.agency_ok && r.proc_ok && r.minute_ok).toBe(true);
      expect(r.id).not.toMatch(/^0+1?$/);
      expect(r.ids.some((i) => i.number === r.id && !i.dummy)).toBe(true);
    }
  });

  it('never links through a dummy id', async () => {
    const [n] = await db.query<{ n: number }>(
      `select count(*)::int as n from hub.dossier_link l join hub.dossier d on d.id = l.dossier_id where l.rule = 'FALLBACK_TUPLE' and d.applicant_id_number ~ '^0+1?$'`,
    );
    expect(n!.n).toBe(0);
  });

  it('takes online payment from the portal and says so per field', async () => {
    const rows = await db.query<{ online_payment: number | null; copy_payment: number | null; field_sources: Record<string, { source: string; key: string; runId: number }>; portal_code: string; origin: string }>(
      `select d.online_payment, p.online_payment as copy_payment, d.field_sources, p.portal_code, d.origin
         from hub.dossier_link l join hub.dossier d on d.id = l.dossier_id join hub.portal_dossier p on p.portal_code = l.source_key where d.source_system = 'mcdt'`,
    );
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      expect(r.online_payment).toBe(r.copy_payment);
      expect(r.origin).toBe('mcdt+dvc');
      expect(r.field_sources.onlinePayment).toMatchObject({ source: 'dvc', key: r.portal_code });
      expect(r.field_sources.onlinePayment!.runId).toBeGreaterThan(0);
    }
  });

  it('arrives at the same unified dossiers whichever system syncs first', async () => {
    const reversed = await syncBoth(['dvc', 'mcdt']);
    const a = (await links(db)).map((l) => `${l.portal_code}>${l.code}:${l.rule}`);
    const b = (await links(reversed)).map((l) => `${l.portal_code}>${l.code}:${l.rule}`);
    expect(b).toEqual(a);
    const count = (d: TestDatabase) => d.query<{ n: number; portal_only: number }>(`select count(*)::int as n, count(*) filter (where source_system = 'dvc')::int as portal_only from hub.dossier`);
    expect(await count(reversed)).toEqual(await count(db));
  });
});
