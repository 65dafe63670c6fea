import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { mcdtFixture, type McdtFixture } from '../support/mcdt-fixture';

let f: McdtFixture;
let api: ApiServer;
let headers: Record<string, string>;
const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphQL(api, headers, query, variables);

beforeAll(async () => {
  f = await mcdtFixture({ size: 400, seed: 23 });
  for (const s of ['agencies', 'procedures', 'dossiers', 'payments']) await f.sync(s);
  api = await startTestApi(f.db.orm);
  headers = await authHeaders(f.db.orm, 'auditor');
});

afterAll(async () => {
  await api?.close();
  await f?.close();
});

describe('dossier queries', () => {
  it('searches Vietnamese text ignoring accents, case and Unicode form, through the trigram index', async () => {
    const [{ n }] = (await f.db.query<{ n: number }>(`select count(*)::int as n from hub.dossier where field_name ilike '%hộ tịch%' or procedure_name ilike '%hộ tịch%' or summary ilike '%hộ tịch%'`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    for (const search of ['ho tich', 'HỘ TỊCH', 'Hộ tịch'.normalize('NFD'), 'hô tich']) {
      const { data, errors } = await gql(`query($s: String) { dossiers(filter: { search: $s }) { totalCount } }`, { s: search });
      expect(errors).toBeUndefined();
      if (search === 'hô tich') expect(data.dossiers.totalCount).toBe(n); // the folded form is the same
      else expect(data.dossiers.totalCount).toBe(n);
    }
    const plan = await f.db.query<{ 'QUERY PLAN': string }>(`explain select id from hub.dossier where search_text like '%dang ky khai sinh%'`);
    await f.db.query('set enable_seqscan = off');
    const forced = await f.db.query<{ 'QUERY PLAN': string }>(`explain select id from hub.dossier where search_text like '%dang ky khai sinh%'`);
    expect(plan.length).toBeGreaterThan(0);
    expect(forced.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/dossier_search_text_trgm/);
    const short = await gql(`{ dossiers(filter: { search: "a" }) { totalCount } }`);
    expect(short.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('does not find a person\'s dossiers by their name', async () => {
    const [row] = await f.db.query<{ name: string; code: string }>(`select applicant_name as name, code from hub.dossier where strpos(summary, applicant_name) > 0 and applicant_name like '% % %' limit 1`);
    expect(row).toBeDefined();
    const byName = await gql(`query($s: String) { dossiers(filter: { search: $s }) { totalCount } }`, { s: row!.name });
    expect(byName.errors).toBeUndefined();
    expect(byName.data.dossiers.totalCount).toBe(0);
    const byCode = await gql(`query($s: String) { dossiers(filter: { search: $s }) { totalCount } }`, { s: row!.code });
    expect(byCode.data.dossiers.totalCount).toBe(1);
  });

  it('folds search text in JS exactly as the SQL fold that filled the column before', async () => {
    const { foldVietnamese } = await import('../../src/model/fold');
    const samples = ['Hộ tịch', 'ĐĂNG KÝ KHAI SINH', 'Bắc Kạn'.normalize('NFD'), 'Thủ tục chứng thực bản sao', 'Ứng dụng Ỹ ỵ ỷ ẵ ẫ'];
    for (const text of samples) {
      const [row] = await f.db.query<{ folded: string }>('select hub.vn_fold($1) as folded', [text]);
      expect(foldVietnamese(text)).toBe(row!.folded);
    }
  });

  it('combines filters with and, or, not, in, ranges and null checks', async () => {
    const [expected] = await f.db.query<{ n: number }>(
      `select count(*)::int as n from hub.dossier where (status in (9, 10) or channel = 'ONLINE') and not (due_at is null) and received_at >= '2025-01-01'`,
    );
    const { data, errors } = await gql(`{ dossiers(filter: {
      or: [{ statusIn: [PROCESSED, RETURNED] }, { channel: ONLINE }],
      not: { dueAt: { isNull: true } },
      receivedAt: { gte: "2025-01-01T00:00:00Z" } }) { totalCount } }`);
    expect(errors).toBeUndefined();
    expect(data.dossiers.totalCount).toBe(expected!.n);
    expect(expected!.n).toBeGreaterThan(0);
  });

  it('pages backwards with last/before to the same rows as forwards', async () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: any } = await gql(`query($a: String) { dossiers(first: 70, after: $a, orderBy: { field: DUE_AT, direction: ASC }) { edges { node { code } } pageInfo { hasNextPage endCursor } } }`, { a: after });
      forward.push(...res.data.dossiers.edges.map((e: any) => e.node.code));
      if (!res.data.dossiers.pageInfo.hasNextPage) break;
      after = res.data.dossiers.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const res: { data?: any } = await gql(`query($b: String) { dossiers(last: 70, before: $b, orderBy: { field: DUE_AT, direction: ASC }) { edges { node { code } } pageInfo { hasPreviousPage startCursor } } }`, { b: before });
      backward.unshift(...res.data.dossiers.edges.map((e: any) => e.node.code));
      if (!res.data.dossiers.pageInfo.hasPreviousPage) break;
      before = res.data.dossiers.pageInfo.startCursor;
    }
    expect(forward).toHaveLength(400);
    expect(backward).toEqual(forward);
    const both = await gql(`{ dossiers(first: 1, last: 1) { totalCount } }`);
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('fetches any node again by its global id', async () => {
    const { data } = await gql(`{ dossiers(first: 1) { edges { node { id code } } } syncRuns(first: 1) { edges { node { id runId stream } } } }`);
    const dossier = data.dossiers.edges[0].node;
    const run = data.syncRuns.edges[0].node;
    const again = await gql(`query($d: ID!, $r: ID!) { d: node(id: $d) { id ... on Dossier { code } } r: node(id: $r) { ... on SyncRun { runId stream } } }`, { d: dossier.id, r: run.id });
    expect(again.data).toEqual({ d: { id: dossier.id, code: dossier.code }, r: { runId: run.runId, stream: run.stream } });
    const bad = await gql(`{ node(id: "bm9wZToxMjM") { id } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves payments and field sources with each dossier', async () => {
    const { data, errors } = await gql(`{ dossiers(first: 100, filter: { statusIn: [RETURNED] }) { edges { node { code payments { method amount status } fieldSources { field sourceSystem sourceKey runId } } } } }`);
    expect(errors).toBeUndefined();
    const withPayment = data.dossiers.edges.filter((e: any) => e.node.payments.length > 0);
    expect(withPayment.length).toBeGreaterThan(0);
    const sources = data.dossiers.edges[0].node.fieldSources;
    expect(sources.find((s: any) => s.field === 'status')).toMatchObject({ sourceSystem: 'mcdt', sourceKey: data.dossiers.edges[0].node.code });
  });

  it('pages the agency catalogue, resolves short and pre-merger codes, and filters by validity day', async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: any } = await gql(`query($a: String) { agencies(first: 40, after: $a) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`, { a: after });
      all.push(...res.data.agencies.edges.map((e: any) => e.node.code));
      if (!res.data.agencies.pageInfo.hasNextPage) break;
      after = res.data.agencies.pageInfo.endCursor;
    }
    const [n] = await f.db.query<{ n: number }>('select count(*)::int as n from hub.agency');
    expect(all).toHaveLength(n!.n);
    expect(new Set(all).size).toBe(all.length);
    const { data } = await gql(`{ short: agency(code: "H06.12") { code shortCode validTo successor { code validFrom } }
      before: agencies(first: 100, filter: { validOn: "2025-06-01" }) { totalCount }
      after: agencies(first: 100, filter: { validOn: "2025-08-01" }) { totalCount } }`);
    expect(data.short).toMatchObject({ code: '000.00.12.H06', shortCode: 'H06.12', validTo: '2025-06-30' });
    expect(data.short.successor.validFrom).toBe('2025-07-01');
    expect(data.before.totalCount).toBeGreaterThan(0);
    expect(data.after.totalCount).toBeGreaterThan(0);
    expect(data.before.totalCount + data.after.totalCount).toBe(n!.n);
  });

  it('does not issue more SQL statements for a 3-level query at 100 rows than at 10 (DataLoader)', async () => {
    // Every statement the process sends: the page is raw SQL on a pool client, the loaders go through knex.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with its own `this`
    const originalQuery = pg.Client.prototype.query;
    let statements = 0;
    pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      statements++;
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
    const run = async (n: number) => {
      statements = 0;
      const { errors } = await gql(`query($n: Int) { dossiers(first: $n) { edges { node { code agency { name } procedure { name } events { seq } payments { amount } links { rule } sources { versions { version } } } } } }`, { n });
      expect(errors).toBeUndefined();
      return statements;
    };
    try {
      const at10 = await run(10);
      const at100 = await run(100);
      expect(at10).toBeGreaterThan(3);
      expect(at100).toBe(at10);
    } finally {
      pg.Client.prototype.query = originalQuery;
    }
  });
});
