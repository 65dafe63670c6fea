import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection, syncQueue } from '../../jobs/queue';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';

let db: TestDatabase;
let api: ApiServer;
let board: string;
const connection = redisConnection(TEST_REDIS_URL);
const queue = syncQueue(connection, createQueuePrefix());
const keyOf = (headers: Record<string, string>) => headers.authorization!.replace(/^Bearer /, '');

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi(db.orm, {}, { queue });
  board = api.url.replace(/\/graphql$/, '/queues');
});

afterAll(async () => {
  await api?.close();
  await queue.close();
  await connection.quit();
});

const signIn = (key: string) => fetch(`${board}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key }).toString() });

describe('the queue board at /queues', () => {
  it('refuses callers without a key (a sign-in form) and viewers, by header or by sign-in', async () => {
    const anonymous = await fetch(`${board}/`);
    expect(anonymous.status).toBe(401);
    const html = await anonymous.text();
    expect(html).toContain('<form method="post" action="/queues/sign-in">');
    expect((await fetch(`${board}/api/queues`)).status).toBe(401);

    const viewer = await authHeaders(db.orm, 'viewer');
    expect((await fetch(`${board}/api/queues`, { headers: viewer })).status).toBe(403);
    const refused = await signIn(keyOf(viewer));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await signIn('hub_nonsense')).status).toBe(401);
  });

  it('serves the board to an operator key sent as a header', async () => {
    const operator = await authHeaders(db.orm, 'operator');
    const page = await fetch(`${board}/`, { headers: operator });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    const queues = await fetch(`${board}/api/queues`, { headers: operator });
    expect(queues.status).toBe(200);
    expect(((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name)).toEqual(['sync']);
  });

  it('signs a browser in with a cookie (HttpOnly, SameSite=Strict, /queues only), and audits changes made from the board', async () => {
    const operator = await authHeaders(db.orm, 'operator', { name: 'night shift' });
    const signed = await signIn(keyOf(operator));
    expect(signed.status).toBe(303);
    const setCookie = signed.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/queues/);
    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(`${board}/api/queues`, { headers: { cookie } })).status).toBe(200);

    const paused = await fetch(`${board}/api/queues/sync/pause`, { method: 'PUT', headers: { cookie } });
    expect(paused.status).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    const audit = await db.query<{ action: string; actor_name: string; details: { method: string; path: string } }>(`select action, actor_name, details from ops.audit_event where action = 'queue.board'`);
    expect(audit).toEqual([{ action: 'queue.board', actor_name: 'night shift', details: { method: 'PUT', path: '/queues/api/queues/sync/pause' } }]);
    await queue.resume();

    const out = await fetch(`${board}/sign-out`, { redirect: 'manual', headers: { cookie } });
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });
});
