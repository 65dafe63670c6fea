import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { upsertConnector } from '../../src/cli/connectors';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix } from '../support/redis';

const SIZE = 600;
let db: TestDatabase;
let sim: McdtSimulator;
let api: ApiServer;
let headers: Record<string, string>;
let hub: ReturnType<typeof createTestQueue>;

async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 11, size: SIZE, apiKey: 'k-test', historyFrom: new Date('2024-01-01T00:00:00+07:00') });
  hub = createTestQueue(db.orm, createQueuePrefix());
  api = await startTestApi(db.orm);
  headers = await authHeaders(db.orm, 'admin');
  await upsertConnector(db.orm.em.fork(), { name: 'mcdt-e2e', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k-test', startDate: '2024-01-01', pageSize: 97, windowDays: 60 } });
});

afterAll(async () => {
  await api?.close();
  await sim?.close();
});

describe('MCĐT simulator → connector → BullMQ → PostgreSQL → GraphQL', () => {
  it('syncs the catalogues and every dossier, and serves them', async () => {
    const agencies = await hub.sync('mcdt-e2e', 'agencies');
    const procedures = await hub.sync('mcdt-e2e', 'procedures');
    const dossiers = await hub.sync('mcdt-e2e', 'dossiers');
    expect(agencies.status).toBe('succeeded');
    expect(procedures.status).toBe('succeeded');
    expect(dossiers).toMatchObject({ status: 'succeeded', inserted: SIZE, failed: 0 });

    const { data, errors } = await gql<{ dossiers: { totalCount: number; edges: { node: Record<string, any> }[] } }>(`{
      dossiers(first: 5) { totalCount edges { node { code status channel receivedAt
        agency { code name } procedure { code nationalCode name }
        applicant { name idNumber phone email address } events { seq occurredAt content } } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.dossiers.totalCount).toBe(SIZE);
    expect(data!.dossiers.edges).toHaveLength(5);
    const withAgency = data!.dossiers.edges.filter((e) => e.node.agency !== null);
    expect(withAgency.length).toBe(5);
    for (const { node } of data!.dossiers.edges) {
      expect(node.procedure?.name).toBeTruthy();
      if (node.applicant.idNumber) expect(node.applicant.idNumber).toMatch(/^\*+.{4}$/);
      if (node.applicant.phone) expect(node.applicant.phone).toMatch(/^\*+\d{4}$/);
      if (node.applicant.email) expect(node.applicant.email).toMatch(/^.\*\*\*@/);
      expect(node.events.length).toBeGreaterThan(0);
    }
    // Newest accepted first.
    const times = data!.dossiers.edges.map((e) => e.node.receivedAt as string | null).filter((t): t is string => t !== null);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('answers a dossier by code with its process log, and the store matches the source', async () => {
    const res = await fetch(`${sim.url}/api/hoso?tuNgay=01/01/2024&denNgay=31/12/2099&start=0&end=0`, { headers: { ApiKey: 'k-test' } });
    const [first] = ((await res.json()) as { DuLieu: { MaHoSo: string; QuaTrinhXuLy: unknown[]; TrangThaiHoSo: number }[] }).DuLieu;
    const { data } = await gql<{ dossier: { code: string; status: string; events: unknown[] } }>(`query($code: String!) { dossier(code: $code) { code status events { seq } } }`, { code: first!.MaHoSo });
    expect(data!.dossier.code).toBe(first!.MaHoSo);
    expect(data!.dossier.events).toHaveLength(first!.QuaTrinhXuLy.length);
    const missing = await gql<{ dossier: null }>(`{ dossier(code: "no-such-code") { code } }`);
    expect(missing.data!.dossier).toBeNull();
  });

  it('pages through every dossier with first/after, none missed or repeated', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      type Page = { dossiers: { edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const { data }: { data?: Page } = await gql<Page>(
        `query($after: String) { dossiers(first: 100, after: $after, orderBy: { field: SUBMITTED_AT, direction: ASC }) { edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      for (const e of data!.dossiers.edges) seen.add(e.node.code);
      if (!data!.dossiers.pageInfo.hasNextPage) break;
      after = data!.dossiers.pageInfo.endCursor;
    }
    expect(seen.size).toBe(SIZE);
  });

  it('filters by agency, status and acceptance time', async () => {
    const rows = await db.query<{ agency_code: string; status: number; n: number }>(`select agency_code, status, count(*)::int as n from hub.dossier group by 1, 2 order by n desc limit 1`);
    const top = rows[0]!;
    const status = ['NEW', 'ACCEPTED', 'NOT_ACCEPTED', 'PROCESSING', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUESTED', 'WITHDRAWN', 'STOPPED', 'PROCESSED', 'RETURNED'][top.status - 1];
    const { data } = await gql<{ dossiers: { totalCount: number; edges: { node: { agencyCode: string; status: string } }[] } }>(
      `query($a: String, $s: DossierStatus) { dossiers(first: 100, filter: { agencyCode: $a, status: $s }) { totalCount edges { node { agencyCode status } } } }`,
      { a: top.agency_code, s: status },
    );
    expect(data!.dossiers.totalCount).toBe(top.n);
    expect(data!.dossiers.edges.every((e) => e.node.agencyCode === top.agency_code && e.node.status === status)).toBe(true);

    const ranged = await gql<{ dossiers: { totalCount: number } }>(`{ dossiers(filter: { receivedFrom: "2025-01-01T00:00:00Z", receivedTo: "2025-02-01T00:00:00Z" }) { totalCount } }`);
    const expected = await db.query<{ n: number }>(`select count(*)::int as n from hub.dossier where received_at >= '2025-01-01T00:00:00Z' and received_at < '2025-02-01T00:00:00Z'`);
    expect(ranged.data!.dossiers.totalCount).toBe(expected[0]!.n);
    expect(expected[0]!.n).toBeGreaterThan(0);
  });

  it('re-syncing an unchanged source writes no row', async () => {
    const before = await db.query(`select max(updated_at) as t, count(*)::int as n from hub.dossier`);
    const summary = await hub.sync('mcdt-e2e', 'dossiers');
    expect(summary).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0 });
    expect(summary.unchanged).toBe(summary.read);
    const after = await db.query(`select max(updated_at) as t, count(*)::int as n from hub.dossier`);
    expect(after).toEqual(before);
    const touched = await db.query<{ n: number }>(`select count(*)::int as n from hub.dossier where last_run_id = $1`, [summary.runId]);
    expect(touched[0]!.n).toBe(0);
  });

  it('picks up changed dossiers on the next run, and only those', async () => {
    const { mutated } = sim.control({ action: 'mutate', count: 7 }) as { mutated: string[] };
    expect(mutated).toHaveLength(7);
    const summary = await hub.sync('mcdt-e2e', 'dossiers');
    expect(summary).toMatchObject({ status: 'succeeded', inserted: 0, updated: 7 });
    const changed = await db.query<{ code: string }>(`select code from hub.dossier where last_run_id = $1 order by code`, [summary.runId]);
    expect(changed.map((r) => r.code).sort()).toEqual([...mutated].sort());
  });

  it('traces a changed dossier to its source versions and the runs that brought them', async () => {
    const [row] = await db.query<{ code: string; last_run_id: number; first_run_id: number }>(`select code, last_run_id, first_run_id from hub.dossier where last_run_id <> first_run_id limit 1`);
    const { data, errors } = await gql<{ dossier: { lastRunId: number; sources: any[] } }>(
      `query($code: String!) { dossier(code: $code) { lastRunId sources { sourceSystem stream sourceKey version firstRunId changedRunId goneAt versions { version runId changedFields hash } } } }`,
      { code: row!.code },
    );
    expect(errors).toBeUndefined();
    const [source] = data!.dossier.sources;
    expect(source).toMatchObject({ sourceSystem: 'mcdt', stream: 'dossiers', sourceKey: row!.code, version: 2, firstRunId: row!.first_run_id, changedRunId: row!.last_run_id, goneAt: null });
    expect(source.versions.map((v: { runId: number }) => v.runId)).toEqual([row!.first_run_id, row!.last_run_id]);
    expect(source.versions[1].changedFields).toContain('NgayCapNhat');
    expect(source.versions[0].hash).not.toBe(source.versions[1].hash);
  });

  it('lists sync runs newest first with their counters', async () => {
    const { data } = await gql<{ syncRuns: { totalCount: number; edges: { node: Record<string, unknown> }[] } }>(
      `{ syncRuns(first: 2) { totalCount edges { node { stream status startedAt finishedAt readCount insertedCount updatedCount unchangedCount failedCount } } } }`,
    );
    expect(data!.syncRuns.totalCount).toBe(5);
    expect(data!.syncRuns.edges[0]!.node).toMatchObject({ stream: 'dossiers', status: 'SUCCEEDED', insertedCount: 0, updatedCount: 7, failedCount: 0 });
    expect(data!.syncRuns.edges[0]!.node.finishedAt).toBeTruthy();
  });

  it('answers bad queries with GraphQL errors and codes, never a stack trace', async () => {
    const tooMany = await gql(`{ dossiers(first: 1000) { totalCount } }`);
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    expect(tooMany.errors?.[0]?.message).toMatch(/at most 100/);
    const badCursor = await gql(`{ dossiers(after: "garbage") { totalCount } }`);
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknownField = await gql(`{ dossiers { nope } }`);
    expect(unknownField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const syntax = await gql(`{ dossiers(`);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    for (const r of [tooMany, badCursor, unknownField, syntax]) expect(JSON.stringify(r)).not.toMatch(/stacktrace|\.ts:\d+|at .*\(/);
  });
});
