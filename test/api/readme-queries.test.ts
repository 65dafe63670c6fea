import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector } from '../../connectors/registry';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { startDemoSources, type DemoSource } from '../../src/cli/demo-sources';
import { upsertConnector } from '../../src/cli/connectors';
import { runStreamChecked } from '../support/integrity';
import { createTestDatabase, type TestDatabase } from '../support/db';

/** The README's example queries, run against the demo's three sources (smaller), as written. */
const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const querying = readme.slice(readme.indexOf('## Querying'), readme.indexOf('## Pointing it at real systems'));
/** Each example with the role of the key the README says it needs (the last "(a `role` key)" before it). */
const queries = [...querying.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => {
  const role = [...querying.slice(0, m.index).matchAll(/\(an? `(\w+)` key\)/g)].at(-1)?.[1];
  return { query: m[1]!, role: role as 'viewer' | 'operator' | 'auditor' };
});

let db: TestDatabase;
let api: ApiServer;
let sources: DemoSource[];
const keys: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  sources = await startDemoSources(1500, 0);
  for (const source of sources) {
    const connector = await upsertConnector(db.orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
    for (const stream of getConnector(source.kind).streams) await runStreamChecked({ orm: db.orm, connector, stream: stream.definition.name });
  }
  // A revocation over the exchange, as the demo's document system sends from time to time.
  const qlvbSource = sources.find((s) => s.kind === 'qlvb')!;
  await fetch(`${qlvbSource.url}/__control`, { method: 'POST', headers: { 'x-control-token': qlvbSource.controlToken }, body: JSON.stringify({ action: 'pushPackages', count: 3, kind: 'revoke' }) });
  const qlvb = await upsertConnector(db.orm.em.fork(), { name: 'qlvb-demo', kind: 'qlvb', config: sources.find((s) => s.kind === 'qlvb')!.config });
  await runStreamChecked({ orm: db.orm, connector: qlvb, stream: 'edxml' });
  api = await startTestApi(db.orm);
  for (const role of ['viewer', 'operator', 'auditor'] as const) keys[role] = await authHeaders(db.orm, role);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await Promise.all((sources ?? []).map((s) => s.close()));
});

describe('README "Querying" examples', () => {
  it('has an example for each user', () => {
    expect(queries.length).toBeGreaterThanOrEqual(6);
  });

  it.each(queries.map((q, i) => [i + 1, q.role, q] as const))('example %i runs with a %s key, without errors, and finds data', async (_n, _role, { query, role }) => {
    expect(keys[role], `the README names no role for this example`).toBeDefined();
    const res = await fetch(api.url, { method: 'POST', headers: keys[role], body: JSON.stringify({ query }) });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors?.[0])).toBeUndefined();
    // A clean demo quarantines nothing; every other answer must have data.
    for (const [field, value] of Object.entries(body.data!).filter(([f]) => f !== 'quarantine')) {
      const empty = value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && 'edges' in value && (value as { edges: unknown[] }).edges.length === 0);
      expect(empty, `${field} is empty`).toBe(false);
    }
  });
});
