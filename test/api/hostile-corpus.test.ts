import { request as httpRequest } from 'node:http';
import { getNamedType, type GraphQLArgument, type GraphQLInputField, type GraphQLInputType, getNullableType, isInputObjectType, isListType, isScalarType } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSchema } from '../../src/api/schema';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { mcdtFixture, type McdtFixture } from '../support/mcdt-fixture';

/**
 * Hostile requests, as someone probing the API from the network would send them.
 * Whatever comes in: no 5xx, no INTERNAL_SERVER_ERROR, no stack trace, no personal
 * value without pii:read, and every operation refused as too costly is refused
 * before a single SQL statement runs.
 */

const ORIGIN = 'https://dashboard.backan.gov.vn';

interface Probe {
  category: string;
  as: 'public' | 'viewer';
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless a string or Buffer is given. */
  body?: unknown;
  /** Refused as too costly (QUERY_TOO_COMPLEX), before any SQL. */
  costly?: boolean;
  /** Refused on its input (BAD_USER_INPUT), before any SQL. */
  badInput?: boolean;
}

let f: McdtFixture;
let api: ApiServer;
let viewer: Record<string, string>;
let personal: string[] = [];
let statements = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with its own `this`
const originalQuery = pg.Client.prototype.query;

beforeAll(async () => {
  f = await mcdtFixture({ size: 150, seed: 31 });
  for (const s of ['agencies', 'procedures', 'dossiers', 'payments']) await f.sync(s);
  api = await startTestApi(f.db.orm, { production: true, corsOrigins: [ORIGIN] });
  viewer = await authHeaders(f.db.orm, 'viewer');
  const rows = await f.db.query<{ v: string }>(
    `select v from hub.dossier, unnest(array[applicant_id_number, applicant_phone, applicant_email, case when applicant_type = 'Công dân' then applicant_name end]) v
      where v is not null and length(v) >= 8 and v !~ '^0+1?$'`,
  );
  personal = [...new Set(rows.map((r) => r.v))];
  // Count every SQL statement the process sends (the ORM's knex and raw clients alike).
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    statements++;
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});

afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  await api?.close();
  await f?.close();
});

const gql = (category: string, as: Probe['as'], query: string, variables?: Record<string, unknown>, extra: Partial<Probe> = {}): Probe => ({
  category,
  as,
  body: { query, ...(variables ? { variables } : {}) },
  ...extra,
});

const nest = (depth: number, leaf: string, step: (inner: string) => string) => {
  let q = leaf;
  for (let i = 0; i < depth; i++) q = step(q);
  return q;
};
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Every String or ID a root field takes, as an argument expression holding `$v`, with the other required arguments filled in. */
async function stringArguments(): Promise<{ field: string; args: string; type: 'String' | 'ID'; selection: string }[]> {
  const schema = await hubSchema();
  const required: Record<string, string> = { agency: 'code: "x"', dossier: 'code: "x"', document: 'id: "x"', node: 'id: "x"', indicators: 'codes: [ON_TIME_RATE], from: "2025-01-01", to: "2025-02-01"', documentCounts: 'from: "2025-01-01", to: "2025-02-01"', dossierCounts: 'from: "2025-01-01", to: "2025-02-01"' };
  const out: { field: string; args: string; type: 'String' | 'ID'; selection: string }[] = [];
  const visit = (root: string, arg: string, type: GraphQLInputType, wrap: (inner: string) => string, depth: number) => {
    const t = getNullableType(type);
    if (isListType(t)) return visit(root, arg, t.ofType, (inner) => wrap(`[${inner}]`), depth);
    if (isScalarType(t) && (t.name === 'String' || t.name === 'ID')) {
      const others = (required[root] ?? '').split(', ').filter((a) => a && !a.startsWith(`${arg}:`));
      out.push({ field: root, args: [...others, `${arg}: ${wrap('$v')}`].join(', '), type: t.name, selection: '' });
    }
    if (isInputObjectType(t) && depth < 2) {
      for (const field of Object.values<GraphQLInputField>(t.getFields())) visit(root, arg, field.type, (inner) => wrap(`{ ${field.name}: ${inner} }`), depth + 1);
    }
  };
  for (const root of Object.values(schema.getQueryType()!.getFields())) {
    for (const a of root.args as GraphQLArgument[]) visit(root.name, a.name, a.type, (inner) => inner, 0);
  }
  for (const o of out) {
    const named = getNamedType(schema.getQueryType()!.getFields()[o.field]!.type);
    o.selection = isScalarType(named) ? '' : '{ __typename }';
  }
  return out;
}

async function corpus(): Promise<Probe[]> {
  const probes: Probe[] = [];
  const add = (...p: Probe[]) => probes.push(...p);

  // Depth bombs: straight, through fragments, and through introspection.
  for (const depth of [9, 13, 30, 200]) {
    add(gql('depth bomb', 'public', `{ agencies(first: 1) { edges { node { ${nest(depth, 'code', (i) => `parent { ${i} }`)} } } } }`, undefined, { costly: true }));
    add(gql('depth bomb', 'viewer', `{ dossiers(first: 1) { edges { node { agency { ${nest(depth, 'code', (i) => `successor { ${i} }`)} } } } } }`, undefined, { costly: true }));
  }
  add(gql('depth bomb', 'viewer', `{ agencies(first: 1) { edges { node { ...A } } } } fragment A on AgencyType { parent { ...B } } fragment B on AgencyType { parent { ...C } } fragment C on AgencyType { parent { ...D } } fragment D on AgencyType { parent { ...E } } fragment E on AgencyType { parent { ...F } } fragment F on AgencyType { parent { ...G } } fragment G on AgencyType { parent { ...H } } fragment H on AgencyType { parent { ...I } } fragment I on AgencyType { parent { code } }`, undefined, { costly: true }));
  add(gql('depth bomb', 'viewer', `{ __schema { types { ${nest(25, 'name', (i) => `fields { type { ${i} } }`)} } } }`, undefined, { costly: true }));
  add(gql('depth bomb', 'viewer', `{ a: __schema { types { name } } b: __schema { types { name } } }`));

  // Alias bombs and cost bombs.
  const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
  add(gql('alias bomb', 'viewer', aliases(500, 'dossiers(first: 100) { edges { node { code applicant { name } } } }'), undefined, { costly: true }));
  add(gql('alias bomb', 'public', aliases(20, 'indicators(codes: [ON_TIME_RATE, ONLINE_RATE], from: "2016-01-01", to: "2026-01-01", groupBy: AGENCY) { value }'), undefined, { costly: true }));
  add(gql('alias bomb', 'viewer', aliases(20, 'indicators(codes: [ON_TIME_RATE], from: "2016-01-01", to: "2026-01-01", period: YEAR) { value dossiers(first: 100) { edges { node { code } } } }'), undefined, { costly: true }));
  add(gql('alias bomb', 'viewer', aliases(31, 'agencies(first: 1) { totalCount }'), undefined, { costly: true }));
  add(gql('alias bomb', 'public', aliases(11, 'indicatorDefinitions { code }'), undefined, { costly: true }));
  add(gql('alias bomb', 'viewer', aliases(2000, '__typename'), undefined, { costly: true }));
  add(gql('alias bomb', 'viewer', aliases(5, 'dossiers(first: 100) { edges { node { code events { seq } payments { amount } ratings { satisfaction } resultDocuments { subject exchangeHistory { type } } supplements { content } } } }'), undefined, { costly: true }));
  add(gql('alias bomb', 'viewer', `{ indicators(codes: [ON_TIME_RATE, ONLINE_RATE, ONLINE_PAYMENT_RATE, SATISFACTION_RATE, REUSE_RATE, DIGITISATION_RATE, AVG_PROCESSING_DAYS], from: "2016-01-01", to: "2026-01-01", groupBy: AGENCY) { value } }`, undefined, { costly: true }));
  add(gql('alias bomb', 'public', `{ indicators(codes: [ON_TIME_RATE], from: "2016-01-01", to: "2026-01-01", groupBy: PROCEDURE) { value } }`, undefined, { costly: true }));
  add(gql('alias bomb', 'viewer', `{ viewer { ${Array.from({ length: 600 }, () => 'role').join(' ')} } }`));
  add(gql('alias bomb', 'viewer', `query($n: Int) { dossiers(first: $n) { edges { node { code } } } }`, { n: 100 }));
  add(gql('alias bomb', 'viewer', aliases(3, 'dossiers(first: 20) { totalCount }')));

  // Huge and negative pages.
  for (const [field, selection, as] of [['dossiers', '{ totalCount }', 'viewer'], ['documents', '{ totalCount }', 'viewer'], ['agencies', '{ totalCount }', 'public'], ['procedures', '{ totalCount }', 'public']] as const) {
    for (const first of [-1, 101, 1_000_000, 2_147_483_647]) add(gql('huge and negative pages', as, `query($n: Int) { ${field}(first: $n) ${selection} }`, { n: first }));
    add(gql('huge and negative pages', as, `{ ${field}(first: 2147483648) ${selection} }`));
  }
  add(gql('huge and negative pages', 'viewer', `{ dossiers(last: -5) { totalCount } }`));
  add(gql('huge and negative pages', 'viewer', `query($n: Int) { dossiers(first: $n) { totalCount } }`, { n: '10' }));
  add(gql('huge and negative pages', 'viewer', `query($n: Int) { dossiers(first: $n) { totalCount } }`, { n: 1e300 }));
  add(gql('huge and negative pages', 'viewer', `{ indicators(codes: [ON_TIME_RATE], from: "2025-01-01", to: "2025-02-01") { dossiers(first: -3) { totalCount } } }`));

  // Bad cursors: not ours, of another list, of the wrong type, out of range.
  const cursors = ['garbage', '', '%%%', b64([1]), b64(['x', 1]), b64([null, -1]), b64([null, 1e12]), b64({ a: 1 }), b64('\u0000'), b64(['2025-02-30T00:00:00Z', 1]), b64([{ $gt: 1 }, 1]), 'x'.repeat(900)];
  for (const c of cursors) add(gql('bad cursors', 'viewer', `query($c: String) { dossiers(first: 2, after: $c) { edges { node { code } } } }`, { c }));
  for (const c of [b64(['\u0000', 1]), b64([12, 1]), b64([null, 2 ** 40])]) {
    add(gql('bad cursors', 'public', `query($c: String) { agencies(first: 2, after: $c) { totalCount } }`, { c }));
    add(gql('bad cursors', 'viewer', `query($c: String) { dossiers(last: 2, before: $c) { totalCount } }`, { c }));
    add(gql('bad cursors', 'viewer', `query($c: String) { documents(first: 2, after: $c) { totalCount } }`, { c }));
  }
  add(gql('bad cursors', 'viewer', `{ node(id: "${b64('Dossier:99999999999')}") { id } }`));
  add(gql('bad cursors', 'viewer', `{ node(id: "${b64('Dossier:-1')}") { id } }`));

  // NUL bytes and 1 MB strings in every String or ID argument.
  for (const a of await stringArguments()) {
    const query = `query($v: ${a.type}!) { ${a.field}(${a.args}) ${a.selection} }`;
    add(gql('NUL bytes in arguments', 'viewer', query, { v: 'H06\u0000; drop table hub.dossier' }, { badInput: true }));
    add(gql('1 MB strings in arguments', 'viewer', query, { v: 'Ộ'.repeat(333_000) }, { badInput: true }));
  }

  // Invalid dates.
  for (const [from, to] of [['2025-02-30', '2025-03-01'], ['2025-13-01', '2026-01-01'], ['yesterday', 'today'], ['', '2025-01-01'], ['2025-2-1', '2025-03-01'], ['2025-03-01', '2025-01-01'], ['1900-01-01', '2025-01-01'], ['99999-01-01', '99999-02-01']]) {
    add(gql('invalid dates', 'public', `query($f: String!, $t: String!) { indicators(codes: [ON_TIME_RATE], from: $f, to: $t) { value } }`, { f: from, t: to }));
  }
  for (const t of ['2025-02-30T00:00:00Z', 'not a date', '0000-01-01T00:00:00Z', '9999999-01-01T00:00:00Z', '-271821-04-20T00:00:00Z', '2025-01-01T25:61:00Z']) {
    add(gql('invalid dates', 'viewer', `query($t: DateTimeISO) { dossiers(filter: { receivedAt: { gte: $t } }) { totalCount } }`, { t }));
  }
  add(gql('invalid dates', 'public', `{ agencies(filter: { validOn: "2025-02-30" }) { totalCount } }`));
  add(gql('invalid dates', 'viewer', `{ dossiers(filter: { receivedFrom: "0001-01-01T00:00:00Z", receivedTo: "9999-12-31T23:59:59Z" }) { totalCount } }`));

  // Invalid enums.
  for (const q of [
    `{ dossiers(filter: { status: FOO }) { totalCount } }`,
    `{ dossiers(filter: { statusIn: [1] }) { totalCount } }`,
    `{ dossiers(filter: { channel: "ONLINE" }) { totalCount } }`,
    `{ dossiers(orderBy: { field: NAME, direction: UP }) { totalCount } }`,
    `{ indicators(codes: [X], from: "2025-01-01", to: "2025-02-01") { value } }`,
    `{ indicators(codes: [ON_TIME_RATE], from: "2025-01-01", to: "2025-02-01", period: WEEK) { value } }`,
    `{ indicators(codes: [ON_TIME_RATE], from: "2025-01-01", to: "2025-02-01", groupBy: COUNTY) { value } }`,
    `{ indicators(codes: [], from: "2025-01-01", to: "2025-02-01") { value } }`,
  ]) add(gql('invalid enums', 'viewer', q));
  add(gql('invalid enums', 'viewer', `query($s: DossierStatus) { dossiers(filter: { status: $s }) { totalCount } }`, { s: 'DELETED' }));
  add(gql('invalid enums', 'viewer', `query($p: PeriodUnit!) { indicators(codes: [ON_TIME_RATE], from: "2025-01-01", to: "2025-02-01", period: $p) { value } }`, { p: 7 }));

  // Malformed JSON and malformed requests.
  for (const body of ['{', '[]', 'null', '"text"', '{"query": 5}', '{"query": "{ viewer { role } }", "variables": "x"}', '{"query": "{"}', '\uFEFF{"query":"{ viewer { role } }"}', '{"query": null}', '[{"query":"{ viewer { role } }"}]', '{"query": "{ viewer { role } }", "operationName": 5}', '{"query": "query A { viewer { role } } query B { viewer { name } }"}', `{"query":"query($v: [Int]) { viewer { role } }","variables":{"v":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`]) {
    add({ category: 'malformed JSON', as: 'viewer', body });
  }
  add({ category: 'malformed JSON', as: 'viewer', body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x3a, 0x22, 0x7d]) });
  add({ category: 'malformed JSON', as: 'viewer', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ viewer { role } }"}' });
  add({ category: 'malformed JSON', as: 'viewer', body: '' });

  // Oversize bodies.
  add({ category: 'oversize bodies', as: 'public', body: JSON.stringify({ query: `{ viewer { role } }`, variables: { pad: 'x'.repeat(2_000_000) } }) });
  add({ category: 'oversize bodies', as: 'viewer', body: JSON.stringify({ query: `{ viewer { role } }`, variables: { pad: 'x'.repeat(1_100_000) } }) });
  add({ category: 'oversize bodies', as: 'viewer', body: 'x'.repeat(5_000_000) });
  add({ category: 'oversize bodies', as: 'public', headers: { 'content-length': '999999999' }, body: '{}' });
  add({ category: 'oversize bodies', as: 'viewer', body: JSON.stringify({ query: `{ ${'viewer { role } '.repeat(20_000)} }` }) });
  add({ category: 'oversize bodies', as: 'public', method: 'GET', path: `/graphql?query=${encodeURIComponent(`{ ${'__typename '.repeat(3000)} }`)}`, headers: { 'apollo-require-preflight': '1' } });

  // GET mutations and other methods.
  for (const [path, headers] of [
    [`/graphql?query=${encodeURIComponent('mutation { __typename }')}`, { 'apollo-require-preflight': '1' }],
    [`/graphql?query=${encodeURIComponent('mutation { __typename }')}`, {}],
    [`/graphql?query=${encodeURIComponent('{ viewer { role } }')}`, { 'apollo-require-preflight': '1' }],
    [`/graphql?query=${encodeURIComponent('query($n: Int) { agencies(first: $n) { totalCount } }')}&variables=%7Bbad`, { 'apollo-require-preflight': '1' }],
  ] as const) add({ category: 'GET mutations', as: 'viewer', method: 'GET', path, headers: { ...headers } });
  add(gql('GET mutations', 'viewer', 'mutation { __typename }'));
  add({ category: 'GET mutations', as: 'viewer', method: 'PUT', body: '{"query":"{ viewer { role } }"}' });
  add({ category: 'GET mutations', as: 'viewer', method: 'DELETE' });

  // CORS preflights.
  for (const origin of [ORIGIN, 'https://evil.example', 'null', `${ORIGIN}.evil.example`]) {
    add({ category: 'CORS preflights', as: 'public', method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    add({ category: 'CORS preflights', as: 'public', method: 'OPTIONS', path: '/open-data/agencies.csv', headers: { origin, 'access-control-request-method': 'GET' } });
  }
  add({ category: 'CORS preflights', as: 'public', method: 'OPTIONS', headers: {} });
  add({ category: 'CORS preflights', as: 'public', method: 'OPTIONS', path: '/nowhere', headers: { origin: ORIGIN } });

  // Identity: garbage credentials, and what each caller may not read.
  for (const authorization of ['Bearer', 'Bearer ', 'bearer bkh_', `Bearer bkh_${'a'.repeat(10)}_${'b'.repeat(43)}`, `Bearer ${'x'.repeat(6000)}`, 'Bearer bkh_\u00e9\u00ff', 'Token abc', 'Bearer a.b.c']) {
    add({ category: 'credentials and access', as: 'public', headers: { authorization }, body: { query: '{ viewer { role } }' } });
  }
  add(gql('credentials and access', 'public', `{ dossiers(first: 100) { edges { node { code summary applicant { name idNumber phone } } } } }`));
  add(gql('credentials and access', 'public', `{ indicators(codes: [ON_TIME_RATE], from: "2024-01-01", to: "2026-01-01", groupBy: AGENCY, period: YEAR) { groupKey value dossiers(first: 100) { edges { node { applicant { name } } } } } }`));
  add(gql('credentials and access', 'viewer', `{ syncRuns(first: 5) { edges { node { errorMessage } } } quarantine(first: 5) { totalCount } piiReads(first: 5) { totalCount } apiKeys { id } }`));
  add(gql('credentials and access', 'viewer', `{ dossiers(first: 100) { edges { node { summary refusalReason applicant { name idNumber phone email address } events { actor content } links { sourceKey } sources { versions { hash } } } } } }`));
  add(gql('credentials and access', 'viewer', `{ dossiers(first: 50, filter: { search: "${personal.find((p) => /\p{L}/u.test(p)) ?? 'Nguyen'}" }) { totalCount edges { node { code } } } }`));
  add(gql('credentials and access', 'public', `{ __schema { types { name } } }`));
  add(gql('credentials and access', 'public', `{ __type(name: "Dossier") { fields { name } } }`));
  add(gql('credentials and access', 'public', `{ agencis { totalCount } }`));
  add(gql('credentials and access', 'public', `{ agencies { edges { node { nam } } } }`));
  add({ category: 'credentials and access', as: 'public', method: 'GET', path: '/open-data/indicators/2025.csv' });
  add({ category: 'credentials and access', as: 'public', method: 'GET', path: '/open-data/../../etc/passwd' });
  add({ category: 'credentials and access', as: 'public', method: 'GET', path: '/open-data/indicators/99999.json' });
  return probes;
}

/** Sends one probe with node:http (so oversize bodies, odd methods and lying headers go out as written). */
function send(probe: Probe): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(api.url);
  const body = probe.body === undefined ? undefined : Buffer.isBuffer(probe.body) ? probe.body : Buffer.from(typeof probe.body === 'string' ? probe.body : JSON.stringify(probe.body));
  const headers: Record<string, string> = {
    ...(probe.method === undefined || probe.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...(probe.as === 'viewer' ? { authorization: viewer.authorization! } : {}),
    ...(body && !probe.headers?.['content-length'] ? { 'content-length': String(body.length) } : {}),
    ...probe.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: probe.path ?? '/graphql', method: probe.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: 413, headers: {}, body: '' }) : reject(error)));
    req.end(body);
  });
}

describe('a hostile corpus', () => {
  it('gets no 5xx, no internal error, no stack trace, no personal value, and every costly operation refused before any SQL', async () => {
    const probes = await corpus();
    expect(probes.length).toBeGreaterThanOrEqual(200);
    expect(personal.length).toBeGreaterThan(50);
    // Warm the key cache, and check the statement counter sees the API's SQL.
    statements = 0;
    expect((await send(gql('warm-up', 'viewer', '{ dossiers(first: 1) { totalCount } }'))).status).toBe(200);
    expect(statements).toBeGreaterThan(0);

    const byCategory = new Map<string, Map<number, number>>();
    const problems: string[] = [];
    for (const [i, probe] of probes.entries()) {
      statements = 0;
      const res = await send(probe);
      const ran = statements;
      const counts = byCategory.get(probe.category) ?? new Map<number, number>();
      counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
      byCategory.set(probe.category, counts);
      const shown = typeof probe.body === 'string' ? probe.body : Buffer.isBuffer(probe.body) ? '(bytes)' : ((probe.body as { query?: string } | undefined)?.query ?? probe.path ?? '');
      const label = `#${i} ${probe.category} (${probe.as}): ${shown.slice(0, 100)}`;
      if (res.status >= 500) problems.push(`${label} → HTTP ${res.status}`);
      if (res.body.includes('INTERNAL_SERVER_ERROR')) problems.push(`${label} → INTERNAL_SERVER_ERROR`);
      if (/\n\s+at \S|\.ts:\d+|node_modules|stacktrace/i.test(res.body)) problems.push(`${label} → a stack trace`);
      const leaked = personal.find((p) => res.body.includes(p));
      if (leaked) problems.push(`${label} → personal value ${leaked}`);
      if (probe.costly) {
        if (!res.body.includes('QUERY_TOO_COMPLEX')) problems.push(`${label} → not refused as too costly: ${res.body.slice(0, 200)}`);
        if (ran !== 0) problems.push(`${label} → ${ran} SQL statement(s) before the refusal`);
      }
      if (probe.badInput) {
        if (!res.body.includes('BAD_USER_INPUT') || !/"field":"[^"]+"/.test(res.body)) problems.push(`${label} → not refused as bad input naming the argument: ${res.body.slice(0, 200)}`);
        if (ran !== 0) problems.push(`${label} → ${ran} SQL statement(s) before the refusal`);
      }
      if (probe.category === 'CORS preflights' && probe.headers?.origin && probe.path === undefined) {
        const allowed = res.headers['access-control-allow-origin'];
        if ((probe.headers.origin === ORIGIN) !== (allowed === ORIGIN)) problems.push(`${label} → CORS allowed ${String(allowed)} for ${probe.headers.origin}`);
      }
    }
    const figures = [...byCategory].map(([category, counts]) => `${category.padEnd(28)} ${String([...counts.values()].reduce((a, b) => a + b, 0)).padStart(4)}  ${[...counts].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log(`hostile corpus: ${probes.length} requests\n${figures.join('\n')}`);
    expect(problems).toEqual([]);
  }, 240_000);
});
