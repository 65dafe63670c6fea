import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../src/app';
import { parseEnv } from '../../src/config';
import { apiPoolOptions, initOrm } from '../../src/db/orm';
import { authHeaders, postGraphQL } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';

/** `hub all`: the API and the worker in one process, each on its own pool. */
let db: TestDatabase;
let hub: Hub;
const sent = { api: 0, other: 0 };
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with its own `this`
const originalQuery = pg.Client.prototype.query;

beforeAll(async () => {
  db = await createTestDatabase();
  const env = parseEnv({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, HOST: '127.0.0.1', PORT: '0', QUEUE_PREFIX: createQueuePrefix(), LOG_LEVEL: 'silent', RATE_LIMIT_KEY: '100000', RATE_LIMIT_ADDRESS: '100000' });
  hub = await startHub(env, { api: true, worker: true });
  // Which pool each statement goes through: the API's connections say so in application_name.
  pg.Client.prototype.query = function counted(this: pg.Client & { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    const name = this.connectionParameters?.application_name;
    if (name === 'hub-api') sent.api++;
    // The API's LISTEN connection for roll-up changes (src/api/indicator-answers.ts) pings on its own clock.
    else if (name !== 'hub-indicator-answers') sent.other++;
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});

afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  await hub?.close();
});

const pool = (orm: Hub['orm']) => orm.em.getConnection().getKnex().client.pool as { numUsed(): number; numFree(): number; numPendingAcquires(): number };

describe('the API and the worker in one process', () => {
  it('never share a pool: a costly refused query touches neither, an allowed one only the API\'s', async () => {
    expect(hub.apiOrm).not.toBeNull();
    expect(pool(hub.apiOrm!)).not.toBe(pool(hub.orm));
    const headers = await authHeaders(hub.orm, 'viewer');
    const api = { url: hub.api!.url, close: () => Promise.resolve() };
    expect((await postGraphQL(api, headers, '{ viewer { role } }')).data.viewer.role).toBe('viewer'); // the key is now verified and cached

    sent.api = 0;
    sent.other = 0;
    const bomb = `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: dossiers(first: 100) { edges { node { code events { seq } payments { amount } } } }`).join(' ')} }`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => postGraphQL(api, headers, bomb)));
    for (const a of answers) expect(a.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(sent).toEqual({ api: 0, other: 0 });
    expect(pool(hub.orm).numUsed()).toBe(0);
    expect(pool(hub.orm).numPendingAcquires()).toBe(0);

    const allowed = await postGraphQL(api, headers, '{ dossiers(first: 10) { totalCount edges { node { code } } } agencies(first: 5) { totalCount } }');
    expect(allowed.errors).toBeUndefined();
    expect(sent.api).toBeGreaterThan(0);
    expect(sent.other).toBe(0);
  });

  it('gives the API a statement timeout, and not the worker', async () => {
    const show = async (orm: Hub['orm']) => (await orm.em.getConnection().execute<{ statement_timeout: string }[]>('show statement_timeout'))[0]!.statement_timeout;
    expect(await show(hub.apiOrm!)).toBe('10s');
    expect(await show(hub.orm)).toBe('0');
  });

  it('answers a statement cut by the timeout with QUERY_TIMEOUT, not an internal error', async () => {
    const { startTestApi } = await import('../support/api');
    const hurried = await initOrm(db.url, apiPoolOptions({ API_POOL_MAX: 2, API_STATEMENT_TIMEOUT_MS: 1 }));
    const api = await startTestApi(hurried);
    try {
      // Open data, so no key lookup runs under the 1 ms limit: seven indicator statements, each planned and run in well over 1 ms.
      const res = await postGraphQL(api, {}, '{ indicators(codes: [ON_TIME_RATE, AVG_PROCESSING_DAYS, ONLINE_RATE, ONLINE_PAYMENT_RATE, DIGITISATION_RATE, REUSE_RATE, SATISFACTION_RATE], from: "2016-01-01", to: "2026-01-01", period: YEAR, groupBy: AGENCY) { value } }');
      expect(res.status).toBe(200);
      expect(res.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TIMEOUT');
    } finally {
      await api.close();
      await hurried.close(true);
    }
  });
});
