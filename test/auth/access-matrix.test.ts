import { getNamedType, type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLSchema, isInterfaceType, isLeafType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector } from '../../connectors/registry';
import { accessMatrix, MATRIX_VIEWERS } from '../../src/auth/access-matrix';
import type { FieldAccess } from '../../src/auth/policy';
import { hubSchema } from '../../src/api/schema';
import type { ApiServer } from '../../src/api/server';
import { startDemoSources, type DemoSource } from '../../src/cli/demo-sources';
import { upsertConnector } from '../../src/cli/connectors';
import { runStream } from '../../src/engine/run-stream';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * The role × field matrix, executed: every root field is queried with every field
 * beneath it (generated from the schema) as each kind of caller, over real data, and
 * what each caller got for each field (a value, a masked value, an access error) must
 * be what the declarations say (src/auth/access-matrix.ts), for every pair.
 */

let db: TestDatabase;
let api: ApiServer;
let sources: DemoSource[];
let schema: GraphQLSchema;
const headers: Record<string, Record<string, string>> = {};
let codes: string[] = [];
let args: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  sources = await startDemoSources(300, 0);
  for (const source of sources) {
    const connector = await upsertConnector(db.orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
    for (const stream of getConnector(source.kind).streams) await runStream({ orm: db.orm, connector, stream: stream.definition.name });
  }
  const qlvb = sources.find((s) => s.kind === 'qlvb')!;
  await fetch(`${qlvb.url}/__control`, { method: 'POST', headers: { 'x-control-token': qlvb.controlToken }, body: JSON.stringify({ action: 'pushPackages', count: 2, kind: 'revoke' }) });
  await runStream({ orm: db.orm, connector: await upsertConnector(db.orm.em.fork(), { name: qlvb.connector, kind: 'qlvb', config: qlvb.config }), stream: 'edxml' });

  // Personal data in every free-text field, so that masking shows wherever it applies.
  const picked = await db.query<{ id: number; code: string; name: string }>(
    `select d.id, d.code, d.applicant_name as name from hub.dossier d
      where d.applicant_name is not null and d.origin = 'mcdt+dvc' and exists (select 1 from hub.rating r where r.dossier_code in (d.code, d.other_code))
        and exists (select 1 from hub.dossier_event e where e.dossier_id = d.id) order by d.id limit 3`,
  );
  expect(picked).toHaveLength(3);
  codes = picked.map((p) => p.code);
  await db.query(`update hub.dossier set refusal_reason = 'Thiếu giấy tờ, liên hệ ' || applicant_name || ' qua 0912345678',
                    supplements = '[{"requestedAt":"2025-01-02T00:00:00Z","content":"Bổ sung giấy tờ của ông Nguyễn Văn Bình","suppliedAt":null,"previousDueAt":null,"newDueAt":null}]'
                  where id = any($1::int[])`, [picked.map((p) => p.id)]);
  await db.query(`update hub.dossier_event e set content = coalesce(content, '') || ' — người nộp ' || d.applicant_name from hub.dossier d where d.id = e.dossier_id and d.id = any($1::int[])`, [picked.map((p) => p.id)]);
  await db.query(`update hub.rating r set comment = 'Cảm ơn chị Hoàng Thị Lan, số 0987654321' from hub.dossier d where r.dossier_code in (d.code, d.other_code) and d.id = any($1::int[])`, [picked.map((p) => p.id)]);
  const [run] = await db.query<{ id: number; connector_id: number }>(`select id, connector_id from ops.sync_run order by id desc limit 1`);
  await db.query(`update hub.document set subject = subject || ' của ông Lê Văn Dũng' where state = 'REVOKED'`);
  await db.query(`update hub.edxml_package set subject = coalesce(subject, '') || ' của bà Phạm Thị Hoa'`);
  await db.query(`update ops.sync_run set status = 'failed', error_class = 'HttpError', error_message = 'HTTP 500 from the source; contact an.nguyen@example.vn',
                    read_count = read_count + 1 /* a counter that no longer adds up: the integrity report has a violation to show */ where id = $1`, [run!.id]);
  await db.query(`insert into ops.quarantine (run_id, first_run_id, connector_id, stream, source_key, record_key, reason, payload) values ($1, $1, $2, 'dossiers', 'X-1', 'X-1', 'ChuHoSo: ông Trần Văn Cường has no SoGiayToChuHoSo 079123456789', '{"ChuHoSo": "Trần Văn Cường"}')`, [run!.id, run!.connector_id]);
  await db.query(`insert into ops.pii_read (read_at, key_id, viewer, role, operation_name, records, fields) values ('2000-01-01', 'k', 'seed', 'viewer', 'Seed', '{Dossier:1}', '{Applicant.name}')`);

  const [doc] = await db.query<{ id: number }>(`select id from hub.document where edxml_document_id is not null and subject is not null order by id limit 1`);
  const [agency] = await db.query<{ code: string }>(`select code from hub.agency where successor_code is not null limit 1`);
  const toId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
  args = {
    'Query.agency': `(code: "${agency!.code}")`,
    'Query.dossier': `(code: "${codes[0]}")`,
    'Query.document': `(id: "${toId('Document', doc!.id)}")`,
    'Query.node': `(id: "${toId('Dossier', picked[0]!.id)}")`,
    'Query.dossiers': `(first: 3, filter: { code: { in: ${JSON.stringify(codes)} } })`,
    'Query.documents': `(first: 3, filter: { state: "REVOKED" })`,
    'Query.indicators': `(codes: [ON_TIME_RATE, SATISFACTION_RATE], from: "2024-01-01", to: "2026-01-01", period: YEAR)`,
    'Query.documentCounts': `(from: "2020-01-01", to: "2027-01-01", period: YEAR, groupBy: SENDING_AGENCY)`,
    'Query.dossierCounts': `(from: "2020-01-01", to: "2027-01-01", period: YEAR, groupBy: AGENCY)`,
    'Query.piiReads': `(first: 2, filter: { to: "2001-01-01T00:00:00Z" })`,
  };
  schema = await hubSchema();
  api = await startTestApi(db.orm);
  for (const { label } of MATRIX_VIEWERS) {
    if (label === 'public') headers[label] = {};
    else headers[label] = await authHeaders(db.orm, label.replace('+pii', '') as 'viewer', { pii: label.endsWith('+pii') });
  }
  headers.clear = await authHeaders(db.orm, 'admin', { pii: true });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await Promise.all((sources ?? []).map((s) => s.close()));
});

/** Every field under a type, to a depth, each type at most twice per path; `first: 2` on lists. */
function selection(type: GraphQLObjectType | GraphQLInterfaceType, depth: number, path: readonly string[]): string {
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    const named = getNamedType(field.type);
    const given = args[`${type.name}.${field.name}`];
    const required = field.args.filter((a) => a.type.toString().endsWith('!'));
    if (!given && required.length) continue;
    const a = given ?? (field.args.some((x) => x.name === 'first') ? '(first: 2)' : '');
    if (isLeafType(named)) parts.push(`${field.name}${a}`);
    else if ((isObjectType(named) || isInterfaceType(named)) && depth < 7 && path.filter((p) => p === named.name).length < 2) parts.push(`${field.name}${a} { ${selection(named, depth + 1, [...path, named.name])} }`);
  }
  return parts.join(' ');
}

type Seen = { value: unknown } | { error: string };

/** What a caller got for each `Type.field`, by the path it sat at. */
function observe(data: unknown, errors: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] | undefined): Map<string, Map<string, Seen>> {
  const out = new Map<string, Map<string, Seen>>();
  const note = (field: string, path: string, seen: Seen) => {
    if (!out.has(field)) out.set(field, new Map());
    out.get(field)!.set(path, seen);
  };
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}.${i}`));
    if (value === null || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k === '__typename') continue;
      note(`${typeof o.__typename === 'string' ? o.__typename : 'Query'}.${k}`, `${path}.${k}`, { value: v });
      walk(v, `${path}.${k}`);
    }
  };
  walk(data, '');
  for (const e of errors ?? []) {
    if (!e.path) continue;
    let parent: unknown = data;
    for (const p of e.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)?.[p];
    const type = e.path.length === 1 ? 'Query' : String((parent as { __typename?: string })?.__typename);
    note(`${type}.${String(e.path.at(-1))}`, `.${e.path.join('.')}`, { error: String(e.extensions?.code) });
  }
  return out;
}

async function run(label: string): Promise<Map<string, Map<string, Seen>>> {
  const merged = new Map<string, Map<string, Seen>>();
  for (const root of Object.values(schema.getQueryType()!.getFields())) {
    const named = getNamedType(root.type);
    const a = args[`Query.${root.name}`] ?? (root.args.some((x) => x.name === 'first') ? '(first: 2)' : '');
    const body = isLeafType(named) ? `{ ${root.name}${a} }` : `{ ${root.name}${a} { ${selection(named as GraphQLObjectType, 2, [named.name])} } }`;
    const res = await postGraphQL(api, headers[label]!, body);
    expect(res.status, `${label} ${root.name}: ${JSON.stringify(res.errors?.[0])}`).toBe(200);
    for (const e of res.errors ?? []) expect(['FORBIDDEN', 'UNAUTHENTICATED'], `${label} ${root.name}: ${e.message}`).toContain(e.extensions?.code);
    for (const [field, seen] of observe(res.data, res.errors)) merged.set(field, new Map([...(merged.get(field) ?? []), ...seen]));
  }
  return merged;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

describe('the role × field matrix, executed', () => {
  it('gives every caller, for every field, what the declarations say: allowed, masked or denied', async () => {
    const clear = await run('clear');
    const matrix = accessMatrix(schema);
    const problems: string[] = [];
    let pairs = 0;
    for (const { label } of MATRIX_VIEWERS) {
      const seen = await run(label);
      for (const row of matrix) {
        pairs++;
        const expected: FieldAccess = row.access[label]!;
        const got = [...(seen.get(row.field) ?? new Map<string, Seen>())];
        const denied = got.filter(([, s]) => 'error' in s);
        const served = got.filter(([, s]) => 'value' in s) as [string, { value: unknown }][];
        if (expected === 'denied') {
          // Refused with an access error, or never reachable for this caller.
          if (served.length) problems.push(`${label} × ${row.field}: expected denied, was served`);
          continue;
        }
        if (denied.length) problems.push(`${label} × ${row.field}: expected ${expected}, was refused`);
        if (!served.length) {
          problems.push(`${label} × ${row.field}: expected ${expected}, never reached (the generated queries or the data miss it)`);
          continue;
        }
        if (!row.declaration.startsWith('personal') && !row.declaration.startsWith('secret')) continue;
        // Personal data: compare with what a clear reader got at the same place.
        const pairsWithClear = served.map(([path, s]) => [s.value, (clear.get(row.field)?.get(path) as { value: unknown } | undefined)?.value] as const).filter(([, c]) => !isEmpty(c));
        if (!pairsWithClear.length) problems.push(`${label} × ${row.field}: no non-empty value in the data to check masking against`);
        else if (expected === 'allowed' && pairsWithClear.some(([v, c]) => v !== c)) problems.push(`${label} × ${row.field}: expected clear values, got masked ones`);
        else if (expected === 'masked' && !pairsWithClear.some(([v, c]) => v !== c)) problems.push(`${label} × ${row.field}: expected masked values, got clear ones`);
      }
    }
    expect(pairs).toBe(matrix.length * MATRIX_VIEWERS.length);
    expect(problems).toEqual([]);
  });

  it('records the clear reads of personal data it made, and none of the masked ones', async () => {
    const rows = await db.query<{ viewer: string; role: string }>(`select viewer, role from ops.pii_read where read_at > '2001-01-01'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.viewer))).toEqual(new Set(['test admin + pii', 'test viewer + pii']));
  });
});
