import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { upsertConnector } from '../../src/cli/connectors';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { authHeaders, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';

/** The auditors' side of the API: the log, its head and verification, history, sources, payloads, asOf. */
const shared = { seed: 23, size: 300, historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };

describe('auditors’ API', () => {
  let mcdt: McdtSimulator;
  let dvc: DvcSimulator;
  let db: TestDatabase;
  let api: ApiServer;
  let auditor: Record<string, string>;
  let auditorPii: Record<string, string>;
  let viewer: Record<string, string>;
  let firstSync: Date;

  const gql = async <T = any>(headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

  beforeAll(async () => {
    mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
    dvc = await startDvcSimulator({ ...shared, username: 'u', password: 'p' });
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const m = await upsertConnector(em, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 366 } });
    const d = await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: { baseUrl: dvc.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 366 } });
    await runStreamChecked({ orm: db.orm, connector: m, stream: 'dossiers' });
    await runStreamChecked({ orm: db.orm, connector: d, stream: 'dossiers' });
    firstSync = new Date();
    await new Promise((r) => setTimeout(r, 20));
    mcdt.control({ action: 'mutate', count: 40 });
    await runStreamChecked({ orm: db.orm, connector: m, stream: 'dossiers' });
    api = await startTestApi(db.orm);
    auditor = await authHeaders(db.orm, 'auditor');
    auditorPii = await authHeaders(db.orm, 'auditor', { pii: true });
    viewer = await authHeaders(db.orm, 'viewer');
  });

  afterAll(async () => {
    await api?.close();
    await mcdt?.close();
    await dvc?.close();
  });

  it('lists the audit log as a Relay connection, filtered by action, and refuses viewers', async () => {
    const q = `query($filter: AuditEventFilter, $after: String) { auditEvents(filter: $filter, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { seq action actorType targetType targetId details hash prevHash } } } }`;
    const page1 = await gql(auditor, q, { filter: { action: 'run.' } });
    expect(page1.errors).toBeUndefined();
    expect(page1.data.auditEvents.totalCount).toBe(3);
    expect(page1.data.auditEvents.edges.map((e: any) => e.node.action)).toEqual(['run.finish', 'run.finish']);
    const manifest = JSON.parse(page1.data.auditEvents.edges[0].node.details);
    expect(manifest).toMatchObject({ connector: 'mcdt', stream: 'dossiers', counts: { updated: expect.any(Number) } });
    const page2 = await gql(auditor, q, { filter: { action: 'run.' }, after: page1.data.auditEvents.pageInfo.endCursor });
    expect(page2.data.auditEvents.edges).toHaveLength(1);
    expect(page2.data.auditEvents.pageInfo.hasNextPage).toBe(false);
    const byRun = await gql(auditor, q, { filter: { recordId: manifest.run.toString() } });
    expect(byRun.data.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual([String(manifest.run)]);
    const denied = await gql(viewer, q, {});
    expect(denied.errors?.[0]?.message).toMatch(/audit:read|not allowed|permission/i);
    const bad = await gql(auditor, q, { filter: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves the signed head and verifies the store', async () => {
    const { data, errors } = await gql(auditor, `{ auditHead { seq hash keyId signature publicKey } auditVerify { ok entries manifests findingCount findings { kind detail } } }`);
    expect(errors).toBeUndefined();
    expect(data.auditHead.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(data.auditVerify).toMatchObject({ ok: true, manifests: 3, findingCount: 0 });
  });

  it('lists every source record behind a dossier, the portal copy included; payloads masked without pii:read, and history with values only with it', async () => {
    const [linked] = await db.query<{ code: string; portal: string }>(
      `select d.code, l.source_key as portal from hub.dossier d join hub.dossier_link l on l.dossier_id = d.id and l.source_system = 'dvc'
        join raw.source_record s on s.source_key = d.code and s.version > 1 where d.source_system = 'mcdt' limit 1`,
    );
    expect(linked).toBeDefined();
    const q = `query($code: String!) { dossier(code: $code) { sources { sourceSystem stream sourceKey versions { version runId changedFields payload changes { field before after } } } } }`;
    const masked = await gql(auditor, q, { code: linked!.code });
    expect(masked.errors).toBeUndefined();
    const sources = masked.data.dossier.sources;
    expect(sources.map((s: any) => `${s.sourceSystem}/${s.sourceKey}`)).toEqual(expect.arrayContaining([`mcdt/${linked!.code}`, `dvc/${linked!.portal}`]));
    const own = sources.find((s: any) => s.sourceSystem === 'mcdt');
    expect(JSON.parse(own.versions[0].payload).ChuHoSo).toBe('***');
    const changed = own.versions[1];
    expect(changed.changedFields.length).toBeGreaterThan(0);
    expect(changed.changes[0]).toMatchObject({ field: changed.changedFields[0], before: null, after: null });

    const before = (await db.query<{ n: number }>(`select count(*)::int as n from ops.audit_event where action = 'pii.read'`))[0]!.n;
    const clear = await gql(auditorPii, q, { code: linked!.code });
    const ownClear = clear.data.dossier.sources.find((s: any) => s.sourceSystem === 'mcdt');
    expect(JSON.parse(ownClear.versions[0].payload).ChuHoSo).not.toBe('***');
    expect(ownClear.versions[1].changes[0].after).not.toBeNull();
    const [read] = await db.query<{ records: string[]; fields: string[] }>(`select records, fields from ops.pii_read order by id desc limit 1`);
    expect(read!.fields).toEqual(expect.arrayContaining(['SourceVersion.payload', 'FieldChange.after']));
    expect((await db.query<{ n: number }>(`select count(*)::int as n from ops.audit_event where action = 'pii.read'`))[0]!.n).toBe(before + 1);
  });

  it('rebuilds a dossier as the hub had it before a change (asOf)', async () => {
    const [changed] = await db.query<{ code: string; first: string; latest: string }>(
      `select s.source_key as code, (select payload->>'NgayCapNhat' from raw.source_record_version v where v.record_id = s.id and v.version = 1) as first,
              (select payload->>'NgayCapNhat' from raw.source_record_version v where v.record_id = s.id and v.version = s.version) as latest
         from raw.source_record s where s.stream = 'dossiers' and s.source_system = 'mcdt' and s.version > 1 limit 1`,
    );
    const q = `query($code: String!, $asOf: DateTimeISO) { dossier(code: $code, asOf: $asOf) { code sourceUpdatedAt lastRunId } }`;
    const now = await gql(auditor, q, { code: changed!.code });
    const then = await gql(auditor, q, { code: changed!.code, asOf: firstSync.toISOString() });
    expect(then.errors).toBeUndefined();
    expect(then.data.dossier.code).toBe(changed!.code);
    expect(then.data.dossier.sourceUpdatedAt).not.toBe(now.data.dossier.sourceUpdatedAt);
    expect(then.data.dossier.lastRunId).toBeLessThan(now.data.dossier.lastRunId);
    const before = await gql(auditor, q, { code: changed!.code, asOf: '2020-01-01T00:00:00Z' });
    expect(before.data.dossier).toBeNull();
  });
});
