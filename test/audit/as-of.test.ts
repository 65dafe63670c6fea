import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { upsertConnector } from '../../src/cli/connectors';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { startQlvbSimulator, type QlvbSimulator } from '../../src/simulators/qlvb/server';
import { toGlobalId } from '../../src/api/global-id';
import { authHeaders, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';

/**
 * `asOf`: a record rebuilt from the raw versions received by a moment is what the API
 * served at that moment. Answers are captured before the sources change, then asked for
 * again with `asOf` after a second sync has changed them.
 */
const shared = { seed: 31, size: 200, historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };
const DOCUMENT = `query($id: ID!, $asOf: DateTimeISO) { document(id: $id, asOf: $asOf) {
  sourceSystem sourceId register arrivalNumber arrivalDate numberSymbolRaw number symbol issuedDate documentType subject issuerCode issuerName
  signer signerTitle urgency securityLevel deadline state handlingUnits { code name } edxmlDocumentId sourceUpdatedAt goneAt lastRunId } }`;
const DOSSIER = `query($code: String!, $asOf: DateTimeISO) { dossier(code: $code, asOf: $asOf) {
  code origin status channel receivedAt dueAt finishedAt returnedAt agencyCode procedureCode nationalProcedureCode sourceUpdatedAt onlinePayment vneidVerified
  fieldSources { field sourceSystem sourceKey runId } lastRunId } }`;

/** Everything but the run that last touched the row (the rebuild names the run of the version it used). */
const content = (x: Record<string, unknown> | null) => {
  if (!x) return x;
  const { lastRunId: _run, fieldSources, ...rest } = x;
  return { ...rest, ...(fieldSources ? { fieldSources: (fieldSources as { field: string; sourceSystem: string; sourceKey: string }[]).map(({ field, sourceSystem, sourceKey }) => ({ field, sourceSystem, sourceKey })) } : {}) };
};

describe('records as the hub had them (asOf)', () => {
  let mcdt: McdtSimulator;
  let dvc: DvcSimulator;
  let qlvb: QlvbSimulator;
  let db: TestDatabase;
  let api: ApiServer;
  let auditor: Record<string, string>;
  let between: Date;
  const documentsThen = new Map<string, Record<string, unknown>>();
  const dossiersThen = new Map<string, Record<string, unknown>>();

  const gql = async <T = any>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(api.url, { method: 'POST', headers: auditor, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: { message: string }[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
    // A larger portal: copies of dossiers the one-stop-shop does not list are served from the portal.
    dvc = await startDvcSimulator({ ...shared, size: 260, username: 'u', password: 'p' });
    qlvb = await startQlvbSimulator({ seed: 31, size: 300, apiKey: 'k', mcdtSize: 200 });
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const m = await upsertConnector(em, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 366 } });
    const d = await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: { baseUrl: dvc.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 366 } });
    const q = await upsertConnector(em, { name: 'qlvb', kind: 'qlvb', config: { baseUrl: qlvb.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 100, packageBatch: 50 } });
    const syncAll = async () => {
      await runStreamChecked({ orm: db.orm, connector: m, stream: 'dossiers' });
      await runStreamChecked({ orm: db.orm, connector: d, stream: 'dossiers' });
      for (const stream of ['documents-incoming', 'documents-outgoing', 'edxml']) await runStreamChecked({ orm: db.orm, connector: q, stream });
    };
    await syncAll();
    api = await startTestApi(db.orm);
    auditor = await authHeaders(db.orm, 'auditor');
    // What the API served after the first sync.
    for (const { id } of await db.query<{ id: number }>('select id from hub.document order by id')) {
      documentsThen.set(toGlobalId('Document', id), (await gql(DOCUMENT, { id: toGlobalId('Document', id) })).document);
    }
    for (const { code } of await db.query<{ code: string }>('select code from hub.dossier order by id')) dossiersThen.set(code, (await gql(DOSSIER, { code })).dossier);
    await new Promise((r) => setTimeout(r, 20));
    between = new Date();
    await new Promise((r) => setTimeout(r, 20));
    mcdt.control({ action: 'mutate', count: 40 });
    dvc.control({ action: 'mutate', count: 40 });
    qlvb.control({ action: 'mutate', count: 60 });
    qlvb.control({ action: 'pushPackages', count: 20 });
    await syncAll();
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([mcdt?.close(), dvc?.close(), qlvb?.close()]);
  });

  it('a document changed between two syncs: its old values at a moment between them, its new ones after', async () => {
    const changed = await db.query<{ id: number }>(
      `select distinct d.id from hub.document d join hub.document_entry e on e.document_key = d.document_key
         join raw.source_record s on s.source_system = e.source_system and s.source_key = e.source_id and s.stream like 'documents-%'
        where s.version > 1 order by d.id`,
    );
    expect(changed.length).toBeGreaterThan(10);
    let differed = 0;
    for (const { id } of changed) {
      const gid = toGlobalId('Document', id);
      const now = (await gql(DOCUMENT, { id: gid })).document;
      const then = (await gql(DOCUMENT, { id: gid, asOf: between.toISOString() })).document;
      expect(content(then)).toEqual(content(documentsThen.get(gid)!));
      expect(then.lastRunId).toBeLessThan(now.lastRunId);
      if (JSON.stringify(content(then)) !== JSON.stringify(content(now))) differed += 1;
      expect(content((await gql(DOCUMENT, { id: gid, asOf: new Date().toISOString() })).document)).toEqual(content(now));
    }
    expect(differed).toBeGreaterThan(10);
  });

  it('every document of the first sync rebuilds as it was served then; one received later did not exist yet', async () => {
    for (const [gid, then] of documentsThen) expect(content((await gql(DOCUMENT, { id: gid, asOf: between.toISOString() })).document)).toEqual(content(then));
    const [later] = await db.query<{ id: number }>('select id from hub.document where first_run_id > (select max(id) from ops.sync_run where finished_at < $1) order by id limit 1', [between]);
    if (later) expect((await gql(DOCUMENT, { id: toGlobalId('Document', later.id), asOf: between.toISOString() })).document).toBeNull();
  });

  it('a dossier carries its portal copy’s contribution (online payment, VNeID) as the hub had it, also for a dossier only the portal knows', async () => {
    const rows = await db.query<{ code: string; origin: string }>(`select code, origin from hub.dossier where origin in ('mcdt+dvc', 'dvc') order by id`);
    expect(rows.filter((r) => r.origin === 'mcdt+dvc').length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.origin === 'dvc').length).toBeGreaterThan(0);
    for (const { code } of rows.filter((r) => dossiersThen.has(r.code))) {
      const then = (await gql(DOSSIER, { code, asOf: between.toISOString() })).dossier;
      expect(content(then)).toEqual(content(dossiersThen.get(code)!));
    }
    // A contribution names the portal copy and the run that brought the version used.
    const [copy] = await db.query<{ code: string; portal: string; first_run: number }>(
      `select d.code, l.source_key as portal, (select v.run_id from raw.source_record_version v where v.record_id = s.id and v.version = 1) as first_run
         from hub.dossier d join hub.dossier_link l on l.dossier_id = d.id and l.source_system = 'dvc'
         join raw.source_record s on s.source_system = 'dvc' and s.stream = 'dossiers' and s.source_key = l.source_key
        where d.origin = 'mcdt+dvc' and s.version > 1 order by d.id limit 1`,
    );
    expect(copy).toBeDefined();
    const then = (await gql(DOSSIER, { code: copy!.code, asOf: between.toISOString() })).dossier;
    expect(then.fieldSources.find((f: any) => f.field === 'onlinePayment')).toEqual({ field: 'onlinePayment', sourceSystem: 'dvc', sourceKey: copy!.portal, runId: copy!.first_run });
    expect(then.origin).toBe('mcdt+dvc');
  });
});
