import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { printIntegrity } from '../../src/integrity/print';
import { createTestDatabase, type TestDatabase } from '../support/db';

/** `hub verify` and the GraphQL report name each violation by its keys. */
let db: TestDatabase;
let api: ApiServer;
let headers: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi(db.orm);
    headers = await authHeaders(db.orm, 'operator');
});

afterAll(async () => {
  await api?.close();
});

const verify = async () => {
  const lines: string[] = [];
  const code = await printIntegrity(db.orm, (l) => lines.push(l));
  return { code, lines };
};

describe('hub verify', () => {
  it('exits 0 on a consistent store, 1 with each violation and its keys otherwise', async () => {
    expect((await verify()).code).toBe(0);
    // A portal copy no dossier links, and a link to a dossier that does not exist.
    await db.query(`insert into hub.portal_dossier (portal_code, channel, applicant_ids, status, source_updated_at, source_system, content_hash) values ('QG-LOST', 'ONLINE', '[]', 2, now(), 'dvc', 'x')`);
    await db.query(`insert into hub.dossier_link (dossier_id, source_system, source_key, rule) values (999999, 'dvc', 'QG-LOST', 'SAME_CODE')`);
    const { code, lines } = await verify();
    expect(code).toBe(1);
    expect(lines.some((l) => l.startsWith('UNLINKED_PORTAL_COPY') && l.includes('QG-LOST') && l.includes('999999'))).toBe(true);
    expect(lines.some((l) => l.startsWith('DANGLING_LINK') && l.includes('QG-LOST'))).toBe(true);

    const res = await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query: '{ integrity { ok violationCount violations { check key } } }' }) });
    const { data } = (await res.json()) as { data: { integrity: { ok: boolean; violationCount: number; violations: { check: string; key: string }[] } } };
    expect(data.integrity).toMatchObject({ ok: false, violationCount: 2 });
    expect(data.integrity.violations.map((v) => v.check).sort()).toEqual(['DANGLING_LINK', 'UNLINKED_PORTAL_COPY']);
  });
});
