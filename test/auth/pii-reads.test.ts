import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { mcdtFixture, type McdtFixture } from '../support/mcdt-fixture';

let f: McdtFixture;
let api: ApiServer;
let reader: Record<string, string>;
let viewer: Record<string, string>;
let auditor: Record<string, string>;

interface Row {
  key_id: string;
  viewer: string;
  role: string;
  operation_name: string | null;
  records: string[];
  fields: string[];
}
const newRows = async (after: number) => f.db.query<Row & { id: string }>(`select * from ops.pii_read where id > $1 order by id`, [after]);
const lastId = async () => Number((await f.db.query<{ id: string | null }>(`select max(id) as id from ops.pii_read`))[0]!.id ?? 0);

beforeAll(async () => {
  f = await mcdtFixture({ size: 60, seed: 5 });
  await f.sync('dossiers');
  api = await startTestApi(f.db.orm);
  reader = await authHeaders(f.db.orm, 'viewer', { pii: true, name: 'clerk with pii' });
  viewer = await authHeaders(f.db.orm, 'viewer');
  auditor = await authHeaders(f.db.orm, 'auditor');
});

afterAll(async () => {
  await api?.close();
  await f?.close();
});

describe('the record of personal-data reads', () => {
  it('records each request that served personal data in clear exactly once: who, which records, which fields, the operation', async () => {
    const dossiers = await f.db.query<{ id: number; code: string; applicant_name: string }>(`select id, code, applicant_name from hub.dossier where applicant_name is not null order by id limit 3`);
    const before = await lastId();
    // The same records twice (aliases) and a field read twice: still one row, each record and field once.
    const res = await postGraphQL(
      api,
      reader,
      `query CaseReview($codes: [String!]) {
        a: dossiers(first: 10, filter: { code: { in: $codes } }) { edges { node { code summary applicant { name phone } } } }
        b: dossiers(first: 10, filter: { code: { in: $codes } }) { edges { node { applicant { name } } } }
      }`,
      { codes: dossiers.map((d) => d.code) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.a.edges.map((e: any) => e.node.applicant.name).sort()).toEqual(dossiers.map((d) => d.applicant_name).sort());
    const rows = await newRows(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ viewer: 'clerk with pii', role: 'viewer', operation_name: 'CaseReview' });
    expect(rows[0]!.key_id).toMatch(/^[a-z0-9]{10}$/);
    expect(rows[0]!.records.sort()).toEqual(dossiers.map((d) => `Dossier:${d.id}`).sort());
    const expectedFields = ['ApplicantType.name', 'ApplicantType.phone', 'Dossier.summary'].filter((field) => field !== 'ApplicantType.phone' || res.data.a.edges.some((e: any) => e.node.applicant.phone));
    expect(rows[0]!.fields.sort()).toEqual(expectedFields.sort());
  });

  it('records nothing for masked reads, nor for a pii:read key that asked for no personal field', async () => {
    const before = await lastId();
    const masked = await postGraphQL(api, viewer, `{ dossiers(first: 5) { edges { node { summary applicant { name idNumber } } } } }`);
    expect(masked.errors).toBeUndefined();
    const plain = await postGraphQL(api, reader, `{ dossiers(first: 5) { edges { node { code status applicant { type } } } } }`);
    expect(plain.errors).toBeUndefined();
    expect(await newRows(before)).toEqual([]);
  });

  it('is open to auditors by record, and to no one else', async () => {
    const [row] = await f.db.query<{ records: string[] }>(`select records from ops.pii_read order by id desc limit 1`);
    const record = row!.records[0]!;
    const seen = await postGraphQL(api, auditor, `query($r: String) { piiReads(first: 10, filter: { record: $r }) { totalCount edges { node { viewer role operationName records fields } } } }`, { r: record });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.piiReads.totalCount).toBeGreaterThanOrEqual(1);
    expect(seen.data.piiReads.edges[0].node).toMatchObject({ viewer: 'clerk with pii', operationName: 'CaseReview' });
    const refused = await postGraphQL(api, reader, `{ piiReads(first: 1) { totalCount } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is append-only: rows cannot be changed or deleted', async () => {
    await expect(f.db.query(`update ops.pii_read set viewer = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(f.db.query(`delete from ops.pii_read`)).rejects.toThrow(/append-only/);
    await expect(f.db.query(`truncate ops.pii_read`)).rejects.toThrow(/append-only/);
  });
});
