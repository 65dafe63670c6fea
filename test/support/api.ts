import type { MikroORM } from '@mikro-orm/postgresql';
import { createApiKey } from '../../src/auth/api-keys';
import { Permission, type Role } from '../../src/auth/roles';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { type ApiSecurity, type ApiServer, startApiServer } from '../../src/api/server';
import { openOpsProbes } from '../../src/health/ops-probes';
import { TEST_REDIS_URL } from './redis';

/** Creates an API key of `role` (with `pii:read` if asked) and returns the headers that send it. */
export async function authHeaders(orm: MikroORM, role: Exclude<Role, 'public'>, opts: { pii?: boolean; name?: string } = {}): Promise<Record<string, string>> {
  const { key } = await createApiKey(orm.em.fork(), { role, name: opts.name ?? `test ${role}${opts.pii ? ' + pii' : ''}`, grants: opts.pii ? [Permission.PII] : [] });
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

/**
 * The API on a free port, with rate limits high enough for a test file (counters in
 * memory), /readyz and /metrics probing the test database and Redis (and `queue`, if given).
 */
export async function startTestApi(orm: MikroORM, security: Partial<ApiSecurity> = {}, opts: { queue?: Queue; log?: Logger } = {}): Promise<ApiServer> {
  const probes = openOpsProbes({ databaseUrl: orm.config.get('clientUrl'), redisUrl: TEST_REDIS_URL, queue: opts.queue ?? null, pools: [{ name: 'api', orm }] });
  const api = await startApiServer({ orm, host: '127.0.0.1', port: 0, security: { rateLimits: { public: 100_000, key: 100_000, address: 100_000 }, ...security }, probes, log: opts.log, queue: opts.queue ?? null });
  return {
    url: api.url,
    async close() {
      await api.close();
      await probes.close();
    },
  };
}

export interface GraphQLAnswer<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs one GraphQL request with these headers. */
export async function postGraphQL<T = any>(api: ApiServer, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as Omit<GraphQLAnswer<T>, 'status'>) };
}
