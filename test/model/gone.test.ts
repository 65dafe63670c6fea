import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { upsertConnector } from '../../src/cli/connectors';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';
import { mcdtFixture } from '../support/mcdt-fixture';

/** Records gone at source reach the unified model; malformed records are not gone, and are quarantined once. */
const shared = { seed: 23, size: 400, historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };

describe('gone at source, in the unified model', () => {
  let mcdt: McdtSimulator;
  let dvc: DvcSimulator;
  let db: TestDatabase;
  let api: ApiServer;
  let headers: Record<string, string> = {};
  let sync: (system: 'mcdt' | 'dvc', stream: string, full?: boolean) => ReturnType<typeof runStreamChecked>;

  beforeAll(async () => {
    mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
    dvc = await startDvcSimulator({ ...shared, username: 'u', password: 'p' });
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const connectors = {
      mcdt: await upsertConnector(em, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 366 } }),
      dvc: await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: { baseUrl: dvc.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 366 } }),
    };
    sync = (system, stream, full) => runStreamChecked({ orm: db.orm, connector: connectors[system], stream, full, now: () => shared.now });
    api = await startTestApi(db.orm);
    headers = await authHeaders(db.orm, 'viewer');
    for (const [system, stream] of [['mcdt', 'dossiers'], ['dvc', 'dossiers'], ['dvc', 'payments']] as const) await sync(system, stream);
  });

  afterAll(async () => {
    await api?.close();
    await mcdt?.close();
    await dvc?.close();
  });

  const gql = async (query: string) => ((await (await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query }) })).json()) as { data: any }).data;
  const state = (codes: string[]) =>
    db.query<{ code: string; source_system: string; gone: boolean; copies: number }>(
      `select d.code, d.source_system, d.gone_at is not null as gone,
              (select count(*)::int from hub.dossier_link l join hub.portal_dossier p on p.portal_code = l.source_key and p.gone_at is null where l.dossier_id = d.id) as copies
         from hub.dossier d where d.code = any($1::text[])`,
      [codes],
    );

  it('a one-stop-shop dossier gone at source leaves lists and counts, or is served from the portal while its copy remains', async () => {
    const before = await gql('{ dossiers { totalCount } }');
    mcdt.control({ action: 'faults', set: { deletedCount: 60 } });
    const run = await sync('mcdt', 'dossiers', true);
    expect(run.gone).toBe(60);
    const codes = (await db.query<{ source_key: string }>(`select source_key from raw.source_record where stream = 'dossiers' and source_system = 'mcdt' and gone_at is not null`)).map((r) => r.source_key);
    const rows = await state(codes);
    expect(rows).toHaveLength(60);
    const fromPortal = rows.filter((r) => r.copies > 0);
    const gone = rows.filter((r) => r.copies === 0);
    expect(fromPortal.length).toBeGreaterThan(0);
    expect(gone.length).toBeGreaterThan(0);
    for (const r of fromPortal) expect(r).toMatchObject({ source_system: 'dvc', gone: false });
    for (const r of gone) expect(r.gone).toBe(true);

    const after = await gql(`{ live: dossiers { totalCount } all: dossiers(includeGone: true) { totalCount }
                               gone: dossiers(first: 100, includeGone: true, filter: { code: { in: ${JSON.stringify(gone.map((r) => r.code))} } }) { edges { node { code goneAt } } } }`);
    expect(after.live.totalCount).toBe(before.dossiers.totalCount - gone.length);
    expect(after.all.totalCount).toBe(before.dossiers.totalCount);
    expect(after.gone.edges).toHaveLength(gone.length);
    for (const { node } of after.gone.edges) expect(node.goneAt).not.toBeNull();
    // History stays: every version of a gone record is still there.
    const [versions] = await db.query<{ n: number }>(`select count(*)::int as n from raw.source_record_version v join raw.source_record s on s.id = v.record_id where s.source_key = any($1::text[])`, [codes]);
    expect(versions!.n).toBeGreaterThanOrEqual(60);
  });

  it('a record listed again comes back as it was', async () => {
    mcdt.control({ action: 'faults', set: { deletedCount: 0 } });
    await sync('mcdt', 'dossiers', true);
    const [n] = await db.query<{ gone: number; portal_served: number }>(
      `select count(*) filter (where gone_at is not null)::int as gone, count(*) filter (where source_system = 'dvc' and exists (select 1 from raw.source_record s where s.source_key = code and s.stream = 'dossiers' and s.source_system = 'mcdt'))::int as portal_served from hub.dossier`,
    );
    expect(n).toEqual({ gone: 0, portal_served: 0 });
  });

  it('portal copies and payments gone at source: portal-only dossiers and payments go, one-stop-shop dossiers stay', async () => {
    dvc.control({ action: 'faults', set: { deletedCount: 40 } });
    const copies = await sync('dvc', 'dossiers', true);
    const payments = await sync('dvc', 'payments', true);
    expect(copies.gone).toBe(40);
    expect(payments.gone).toBeGreaterThan(0);
    const [n] = await db.query<{ payments: number; portal_only_live: number; mcdt_gone: number }>(
      `select (select count(*)::int from hub.payment where gone_at is not null) as payments,
              (select count(*)::int from hub.dossier d join hub.dossier_link l on l.dossier_id = d.id join hub.portal_dossier p on p.portal_code = l.source_key
                where p.gone_at is not null and d.source_system = 'dvc' and d.gone_at is null) as portal_only_live,
              (select count(*)::int from hub.dossier where source_system = 'mcdt' and gone_at is not null) as mcdt_gone`,
    );
    expect(n).toEqual({ payments: payments.gone, portal_only_live: 0, mcdt_gone: 0 });
  });
});

describe('malformed is not gone; quarantined once', () => {
  it('a full re-read with malformed records flags none of them gone, keeps one entry per record and closes it when the record arrives valid', async () => {
    const f = await mcdtFixture({ size: 300 });
    try {
      await f.sync('dossiers');
      f.sim.control({ action: 'faults', set: { badRecordRate: 0.1 } });
      const first = await f.sync('dossiers', { full: true });
      expect(first.failed).toBeGreaterThan(0);
      expect(first.gone).toBe(0);
      const second = await f.sync('dossiers', { full: true });
      expect(second.gone).toBe(0);
      const entries = await f.db.query<{ first_run_id: number; run_id: number; times_seen: number; resolved_at: Date | null; source_key: string | null }>(
        'select first_run_id, run_id, times_seen, resolved_at, source_key from ops.quarantine',
      );
      expect(entries).toHaveLength(first.failed);
      expect(entries.some((e) => e.source_key === null)).toBe(true);
      for (const e of entries) expect(e).toMatchObject({ first_run_id: first.runId, run_id: second.runId, times_seen: 2, resolved_at: null });

      f.sim.control({ action: 'faults', set: { badRecordRate: 0 } });
      const clean = await f.sync('dossiers', { full: true });
      const open = await f.db.query<{ source_key: string | null; resolved_run_id: number | null }>('select source_key, resolved_run_id from ops.quarantine where resolved_at is null');
      // Keyed entries close; an entry without a key has nothing to be recognised by.
      expect(open.every((e) => e.source_key === null)).toBe(true);
      const [closed] = await f.db.query<{ n: number }>('select count(*)::int as n from ops.quarantine where resolved_run_id = $1', [clean.runId]);
      expect(closed!.n).toBe(entries.filter((e) => e.source_key !== null).length);
    } finally {
      await f.close();
    }
  });
});
