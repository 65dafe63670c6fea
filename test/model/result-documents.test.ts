import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { startDemoSources, type DemoSource } from '../../src/cli/demo-sources';
import { upsertConnector } from '../../src/cli/connectors';
import { runStreamChecked } from '../support/integrity';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let api: ApiServer;
let headers: Record<string, string>;
let sources: DemoSource[];

beforeAll(async () => {
  db = await createTestDatabase();
  sources = await startDemoSources(3000, 0);
  for (const [kind, streams] of [['mcdt', ['dossiers']], ['qlvb', ['documents-outgoing']]] as const) {
    const source = sources.find((s) => s.kind === kind)!;
    const connector = await upsertConnector(db.orm.em.fork(), { name: source.connector, kind, config: source.config });
    for (const stream of streams) await runStreamChecked({ orm: db.orm, connector, stream });
  }
  api = await startTestApi(db.orm);
  headers = await authHeaders(db.orm, 'viewer');
}, 120_000);

afterAll(async () => {
  await api?.close();
  await Promise.all((sources ?? []).map((s) => s.close()));
});

describe("a dossier's result document", () => {
  it('is found among the outgoing documents by its number/symbol and signing day, or by the code in the subject', async () => {
    const expected = await db.query<{ code: string; doc: string }>(
      `select d.code, doc.number_symbol_raw as doc from hub.dossier d join hub.document doc
         on doc.subject like '%' || d.code || '%' where d.result_document_number is not null`,
    );
    expect(expected.length).toBeGreaterThan(0);
    const codes = [...new Set(expected.map((e) => e.code))].slice(0, 20);
    const res = await fetch(api.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `query($codes: [String!]) { dossiers(first: 100, filter: { code: { in: $codes } }) { edges { node { code resultDocumentNumber resultDocuments { numberSymbolRaw register subject } } } } }`, variables: { codes } }),
    });
    const { data, errors } = (await res.json()) as { data: any; errors?: unknown };
    expect(errors).toBeUndefined();
    expect(data.dossiers.edges).toHaveLength(codes.length);
    for (const { node } of data.dossiers.edges) {
      expect(node.resultDocuments.length).toBeGreaterThan(0);
      for (const doc of node.resultDocuments) expect(doc.register).toBe('OUTGOING');
      expect(node.resultDocuments.some((d: any) => d.subject.includes(node.code))).toBe(true);
    }
  });
});
