import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector } from '../../connectors/registry';
import type { ApiServer } from '../../src/api/server';
import { upsertConnector } from '../../src/cli/connectors';
import { type DemoSource, startDemoSources } from '../../src/cli/demo-sources';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';

let db: TestDatabase;
let sources: DemoSource[];
let api: ApiServer;
let viewer: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  sources = await startDemoSources(400, 0);
  for (const source of sources) {
    const connector = await upsertConnector(db.orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
    for (const stream of getConnector(source.kind).streams) await runStreamChecked({ orm: db.orm, connector, stream: stream.definition.name });
  }
  api = await startTestApi(db.orm);
  viewer = await authHeaders(db.orm, 'viewer');
}, 180_000);

afterAll(async () => {
  await api?.close();
  await Promise.all((sources ?? []).map((s) => s.close()));
});

const VN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/;

describe('for dashboard developers', () => {
  it('writes every DateTime in Vietnam time (+07:00), the same instant as stored, and reads any offset', async () => {
    const stored = (await db.query<{ code: string; received_at: Date }>('select code, received_at from hub.dossier where received_at is not null order by id limit 1'))[0]!;
    const res = await postGraphQL(api, viewer, `query($code: String!) { dossiers(first: 1, filter: { code: { eq: $code } }) { edges { node { receivedAt sourceUpdatedAt } } } }`, { code: stored.code });
    expect(res.errors).toBeUndefined();
    const node = res.data.dossiers.edges[0].node as { receivedAt: string; sourceUpdatedAt: string };
    expect(node.receivedAt).toMatch(VN);
    expect(node.sourceUpdatedAt).toMatch(VN);
    expect(new Date(node.receivedAt).getTime()).toBe(new Date(stored.received_at).getTime());
    // The same instant written with three offsets selects the same dossiers.
    const t = new Date(stored.received_at);
    const utc = t.toISOString();
    const plus7 = node.receivedAt;
    const minus5 = new Date(t.getTime() - 5 * 3600_000).toISOString().replace('Z', '-05:00');
    const counts = await Promise.all(
      [utc, plus7, minus5].map(async (at) => (await postGraphQL(api, viewer, 'query($t: DateTimeISO) { dossiers(filter: { receivedAt: { lte: $t } }) { totalCount } }', { t: at })).data.dossiers.totalCount as number),
    );
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(0);
    const bad = await postGraphQL(api, viewer, 'query($t: DateTimeISO) { dossiers(filter: { receivedAt: { lte: $t } }) { totalCount } }', { t: 'yesterday' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters documents by register day, register, sending and receiving agency', async () => {
    const all = await db.query<{ id: number; register: string; day: string | null; issuer_code: string | null; units: { code: string | null }[] }>(
      `select id, register, to_char(coalesce(arrival_date, issued_date), 'YYYY-MM-DD') as day, issuer_code, handling_units as units from hub.document where gone_at is null`,
    );
    const unit = all.flatMap((d) => d.units.map((u) => u.code)).find((c): c is string => c !== null)!;
    const issuer = all.find((d) => d.issuer_code)!.issuer_code!;
    const days = all.map((d) => d.day).filter((d): d is string => d !== null).sort();
    const from = days[Math.floor(days.length / 4)]!;
    const to = days[Math.floor((days.length * 3) / 4)]!;
    const count = async (filter: Record<string, unknown>) => {
      const r = await postGraphQL(api, viewer, 'query($f: DocumentFilter) { documents(filter: $f) { totalCount } }', { f: filter });
      expect(r.errors).toBeUndefined();
      return r.data.documents.totalCount as number;
    };
    const expected = (pred: (d: (typeof all)[number]) => boolean) => all.filter(pred).length;
    expect(await count({ dateFrom: from, dateTo: to })).toBe(expected((d) => d.day !== null && d.day >= from && d.day < to));
    expect(await count({ register: 'INCOMING', receivingAgencyCode: unit })).toBe(expected((d) => d.register === 'INCOMING' && d.units.some((u) => u.code === unit)));
    expect(await count({ sendingAgencyCode: issuer, dateFrom: from })).toBe(expected((d) => d.issuer_code === issuer && d.day !== null && d.day >= from));
    expect(await count({ receivingAgencyCode: unit })).toBeGreaterThan(0);
    const bad = await postGraphQL(api, viewer, '{ documents(filter: { dateFrom: "2025-13-01" }) { totalCount } }');
    expect(bad.errors?.[0]?.message).toMatch(/dateFrom|yyyy-MM-dd/);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('counts documents received per receiving agency and month, and dossiers per agency and month', async () => {
    const docs = await postGraphQL(api, viewer, `{ documentCounts(from: "2020-01-01", to: "2029-01-01", period: MONTH, groupBy: RECEIVING_AGENCY, filter: { register: "INCOMING" }) { period groupKey groupName count } }`);
    expect(docs.errors).toBeUndefined();
    const want = await db.query<{ period: string; code: string; n: string }>(
      `select to_char(date_trunc('month', coalesce(arrival_date, issued_date)), 'YYYY-MM-DD') as period, u->>'code' as code, count(distinct d.id) as n
         from hub.document d cross join lateral jsonb_array_elements(d.handling_units) u
        where d.gone_at is null and d.register = 'INCOMING' and coalesce(arrival_date, issued_date) is not null group by 1, 2 order by 1, 2`,
    );
    expect(want.length).toBeGreaterThan(1);
    expect(docs.data.documentCounts.map((r: { period: string; groupKey: string; count: number }) => `${r.period}|${r.groupKey}|${r.count}`)).toEqual(want.map((r) => `${r.period}|${r.code ?? 'NONE'}|${r.n}`));

    const dossiers = await postGraphQL(api, viewer, `{ dossierCounts(from: "2020-01-01", to: "2029-01-01", period: MONTH, groupBy: AGENCY) { period groupKey groupName count } }`);
    expect(dossiers.errors).toBeUndefined();
    const rows = dossiers.data.dossierCounts as { period: string; groupKey: string; groupName: string | null; count: number }[];
    const { n } = (await db.query<{ n: string }>('select count(*) as n from hub.dossier where gone_at is null and received_at is not null'))[0]!;
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(Number(n));
    // Months are Vietnam months: a dossier received at 23:30 on 31 January UTC is in February.
    const { local } = (await db.query<{ local: string }>(`select to_char(date_trunc('month', received_at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as local from hub.dossier where gone_at is null and received_at is not null order by received_at limit 1`))[0]!;
    expect(rows[0]!.period).toBe(local);
    expect(rows.some((r) => r.groupName)).toBe(true);

    const status = await postGraphQL(api, viewer, `{ dossierCounts(from: "2020-01-01", to: "2029-01-01", period: YEAR, groupBy: STATUS, filter: { channel: ONLINE }) { groupKey count } }`);
    expect(status.errors).toBeUndefined();
    expect(status.data.dossierCounts.every((r: { groupKey: string }) => /^[A-Z_]+$/.test(r.groupKey))).toBe(true);
  });

  it('keeps counts from callers without a key, and names a bad range', async () => {
    const anonymous = await postGraphQL(api, {}, '{ dossierCounts(from: "2024-01-01", to: "2025-01-01") { count } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const backwards = await postGraphQL(api, viewer, '{ documentCounts(from: "2025-01-01", to: "2024-01-01") { count } }');
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(backwards.errors?.[0]?.message).toMatch(/"to"/);
  });

  it('names indicators in Vietnamese and English', async () => {
    const res = await postGraphQL(api, {}, '{ indicatorDefinitions { code name nameVi nameEn } }');
    const onTime = res.data.indicatorDefinitions.find((d: { code: string }) => d.code === 'ON_TIME_RATE');
    expect(onTime).toEqual({ code: 'ON_TIME_RATE', name: 'On-time rate', nameVi: 'Tỷ lệ hồ sơ giải quyết đúng hạn', nameEn: 'On-time rate' });
  });
});
