import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let api: ApiServer;
beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi(db.orm);
});
afterAll(async () => {
  await api?.close();
});

describe('the GraphQL IDE', () => {
  it('is served at /graphql to a browser, from this server only: no outside host in the page, every asset local', async () => {
    const res = await fetch(api.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    // No scheme-qualified or protocol-relative URL at all: nothing the page loads can leave this origin.
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(5);
    for (const path of assets) {
      expect(path.startsWith('/graphiql/')).toBe(true);
      const asset = await fetch(new URL(path, api.url));
      expect(asset.status, path).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, path).toBeGreaterThan(200);
    }
    const init = await (await fetch(new URL('/graphiql/init.js', api.url))).text();
    expect(init).toContain("new URL('/graphql', location.href)");
  });

  it('leaves GraphQL itself alone: a POST and a GET with a query are still answered as GraphQL', async () => {
    const post = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/html, application/json' }, body: JSON.stringify({ query: '{ viewer { role } }' }) });
    expect(((await post.json()) as { data: { viewer: { role: string } } }).data.viewer.role).toBe('public');
    const get = await fetch(`${api.url}?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect((await fetch(new URL('/graphiql/../package.json', api.url))).status).toBe(404);
  });
});
