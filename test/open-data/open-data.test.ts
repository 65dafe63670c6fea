import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { clearOpenDataCache } from '../../src/open-data/routes';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { mcdtFixture, type McdtFixture } from '../support/mcdt-fixture';

let f: McdtFixture;
let api: ApiServer;
let year: number;
const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, api.url), init);

beforeAll(async () => {
  f = await mcdtFixture({ size: 200, seed: 13 });
  for (const s of ['agencies', 'procedures', 'dossiers', 'payments']) await f.sync(s);
  api = await startTestApi(f.db.orm);
  clearOpenDataCache();
  const [busiest] = await f.db.query<{ y: number }>(`select extract(year from received_at at time zone 'Asia/Ho_Chi_Minh')::int as y from hub.dossier where received_at is not null group by 1 order by count(*) desc limit 1`);
  year = busiest!.y;
});

afterAll(async () => {
  await api?.close();
  await f?.close();
});

describe('open data at /open-data/', () => {
  it('has a catalogue with the licence and every field described in Vietnamese and English', async () => {
    const res = await get('/open-data/');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const catalogue = (await res.json()) as any;
    expect(catalogue.licence.id).toBe('CC-BY-4.0');
    expect(catalogue.licence.vi).toMatch(/Ghi công/);
    expect(catalogue.datasets.map((d: any) => d.name)).toEqual(['indicators', 'agencies', 'procedures', 'freshness']);
    for (const d of catalogue.datasets) {
      expect(d.title.vi && d.title.en).toBeTruthy();
      for (const field of d.fields) expect(field.description.vi && field.description.en, `${d.name}.${field.name}`).toBeTruthy();
    }
  });

  it('serves indicators per agency and month as CSV and JSON, the same rows, with every cell of fewer than 5 dossiers suppressed', async () => {
    const json = (await (await get(`/open-data/indicators/${year}.json`)).json()) as { rows: Record<string, unknown>[]; fields: { name: string }[] };
    const csvRes = await get(`/open-data/indicators/${year}.csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for Vietnamese text
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('indicator,indicator_number,indicator_name,period,agency_code,agency_name,numerator,denominator,value,unit,threshold,score,suppressed\r\n')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(json.rows.length + 1);
    expect(json.rows.length).toBeGreaterThan(50);
    const suppressed = json.rows.filter((r) => r.suppressed === true);
    const shown = json.rows.filter((r) => r.suppressed === false);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(shown.length).toBeGreaterThan(0);
    for (const r of suppressed) expect([r.numerator, r.denominator, r.value, r.score]).toEqual([null, null, null, null]);
    for (const r of shown) expect(r.denominator).toBeGreaterThanOrEqual(5);
  });

  it('serves the catalogues and data freshness, and nothing at dossier level', async () => {
    const [{ agencies, procedures }] = (await f.db.query<{ agencies: number; procedures: number }>(`select (select count(*)::int from hub.agency) as agencies, (select count(*)::int from hub.procedure) as procedures`)) as [{ agencies: number; procedures: number }];
    expect((await (await get('/open-data/agencies.csv')).text()).trimEnd().split('\r\n')).toHaveLength(agencies + 1);
    expect(((await (await get('/open-data/procedures.json')).json()) as any).rows).toHaveLength(procedures);
    const freshness = ((await (await get('/open-data/freshness.json')).json()) as any).rows;
    expect(freshness.find((r: any) => r.stream === 'dossiers').last_success_at).toBeTruthy();
    const everything = (await Promise.all(['/open-data/', `/open-data/indicators/${year}.json`, '/open-data/agencies.json', '/open-data/procedures.json', '/open-data/freshness.json'].map(async (p) => (await get(p)).text()))).join('\n');
    const personal = await f.db.query<{ v: string }>(`select unnest(array[code, applicant_name, applicant_id_number, applicant_phone]) as v from hub.dossier`);
    const leaked = personal.map((p) => p.v).filter((v) => v && v.length >= 6 && everything.includes(v));
    expect(leaked).toEqual([]);
    expect((await get('/open-data/dossiers.json')).status).toBe(404);
    expect((await get(`/open-data/indicators/${year}.csv`, { method: 'POST' })).status).toBe(405);
  });

  it('gives GraphQL callers without a key the same suppressed cells, and keyed viewers the full numbers', async () => {
    const query = `{ indicators(codes: [ON_TIME_RATE], from: "${year}-01-01", to: "${year + 1}-01-01", groupBy: AGENCY) { period groupKey numerator denominator value suppressed } }`;
    const open = await postGraphQL(api, {}, query);
    const keyed = await postGraphQL(api, await authHeaders(f.db.orm, 'viewer'), query);
    expect(open.errors).toBeUndefined();
    expect(open.data.indicators).toHaveLength(keyed.data.indicators.length);
    for (const [i, cell] of open.data.indicators.entries()) {
      const full = keyed.data.indicators[i];
      expect(full.suppressed).toBe(false);
      if (full.denominator < 5) expect(cell).toMatchObject({ suppressed: true, numerator: null, denominator: null, value: null });
      else expect(cell).toEqual(full);
    }
    expect(open.data.indicators.some((c: any) => c.suppressed)).toBe(true);
    const explain = await postGraphQL(api, {}, `{ indicators(codes: [ON_TIME_RATE], from: "${year}-01-01", to: "${year + 1}-01-01", period: YEAR) { value dossiers(first: 5) { totalCount } } }`);
    expect(explain.errors?.[0]).toMatchObject({ path: ['indicators', 0, 'dossiers'], extensions: { code: 'UNAUTHENTICATED' } });
    expect(explain.data.indicators[0].value).not.toBeUndefined();
    const dossiers = await postGraphQL(api, {}, `{ dossiers(first: 1) { totalCount } }`);
    expect(dossiers.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(dossiers.data.dossiers).toBeNull();
  });
});
