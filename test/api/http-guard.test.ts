import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../../src/api/server';
import { authHeaders, postGraphQL } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';

const ORIGIN = 'https://dashboard.backan.gov.vn';
let db: TestDatabase;
let redis: Redis;
let prefix: string;
/** As in production: introspection and suggestions off without a key, CORS for one dashboard, counters in Redis. */
let api: ApiServer;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis(TEST_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  prefix = createQueuePrefix();
  api = await startApiServer({
    orm: db.orm,
    host: '127.0.0.1',
    port: 0,
    redis,
    security: { production: true, corsOrigins: [ORIGIN], rateLimits: { public: 4, key: 3, address: 1000 }, rateLimitPrefix: `${prefix}:ratelimit` },
  });
});

afterAll(async () => {
  await api?.close();
  redis?.disconnect();
});

describe('the API over HTTP', () => {
  it('limits requests per address without a key and per key, in Redis, with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postGraphQL(api, {}, '{ viewer { role } }')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { role } }"}' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');

    const one = await authHeaders(db.orm, 'viewer', { name: 'one' });
    const two = await authHeaders(db.orm, 'viewer', { name: 'two' });
    const keyed: number[] = [];
    for (let i = 0; i < 4; i++) keyed.push((await postGraphQL(api, one, '{ viewer { role } }')).status);
    expect(keyed).toEqual([200, 200, 200, 429]);
    expect((await postGraphQL(api, two, '{ viewer { role } }')).status).toBe(200);
    expect((await redis.keys(`${prefix}:ratelimit:*`)).length).toBeGreaterThanOrEqual(3);
  });

  it('sends security headers, and CORS headers to allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(api.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(api.url.replace('/graphql', '/health'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
  });

  it('in production, offers no introspection and no field suggestions to callers without a key', async () => {
    // A fresh address budget: the first test spent the public one.
    await redis.del(...(await redis.keys(`${prefix}:ratelimit:public:*`)));
    const viewer = await authHeaders(db.orm, 'viewer', { name: 'introspection' });
    const open = await postGraphQL(api, {}, '{ __schema { queryType { name } } }');
    expect(open.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    const keyed = await postGraphQL(api, viewer, '{ __schema { queryType { name } } }');
    expect(keyed.data.__schema.queryType.name).toBe('Query');
    const typo = '{ agencis { totalCount } }';
    expect((await postGraphQL(api, {}, typo)).errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect((await postGraphQL(api, viewer, typo)).errors?.[0]?.message).toMatch(/Did you mean "agencies"/);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const viewer = await authHeaders(db.orm, 'admin', { name: 'large' });
    const res = await fetch(api.url, { method: 'POST', headers: viewer, body: JSON.stringify({ query: '{ viewer { role } }', variables: { pad: 'x'.repeat(1_200_000) } }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
