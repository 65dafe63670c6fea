import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys';
import type { ApiServer } from '../../src/api/server';
import { postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/redis';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

let db: TestDatabase;
let api: ApiServer;
/** Without a key cache, so revocations show at once. */
let uncached: ApiServer;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const hub = (...args: string[]) =>
  run(process.execPath, ['-r', './test/support/swc-register.cjs', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'silent', LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi(db.orm);
  uncached = await startTestApi(db.orm, { keyCacheMs: 0 });
});

afterAll(async () => {
  await api?.close();
  await uncached?.close();
});

describe('API keys', () => {
  it('are prefixed, stored only as a scrypt hash, and identify their holder', async () => {
    const { key, row } = await createApiKey(db.orm.em.fork(), { role: 'operator', name: 'ops desk' });
    expect(key).toMatch(/^bkh_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    const [stored] = await db.query<{ hash: string }>(`select hash from ops.api_key where id = $1`, [row.id]);
    expect(stored!.hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored!.hash).not.toContain(key.slice('bkh_'.length + 11));
    const me = await postGraphQL(api, bearer(key), `{ viewer { role keyId name permissions } }`);
    expect(me.data.viewer).toMatchObject({ role: 'operator', keyId: row.id, name: 'ops desk' });
    expect(me.data.viewer.permissions).toContain('runs:read');
    expect(me.data.viewer.permissions).not.toContain('pii:read');
    const [used] = await db.query<{ last_used_at: Date | null }>(`select last_used_at from ops.api_key where id = $1`, [row.id]);
    expect(used!.last_used_at).not.toBeNull();
    const anonymous = await postGraphQL(api, {}, `{ viewer { role keyId } }`);
    expect(anonymous.data.viewer).toEqual({ role: 'public', keyId: null });
  });

  it('refuses unknown, altered, expired and revoked keys with 401, never falling back to public', async () => {
    const { key, row } = await createApiKey(db.orm.em.fork(), { role: 'viewer', name: 'short-lived' });
    const { key: expired, row: expiredRow } = await createApiKey(db.orm.em.fork(), { role: 'viewer', name: 'expired' });
    await db.query(`update ops.api_key set expires_at = now() - interval '1 minute' where id = $1`, [expiredRow.id]);
    const altered = `${key.slice(0, -4)}AAAA`;
    for (const [authorization, reason] of [
      [`Bearer ${altered}`, /unknown API key/],
      [`Bearer ${expired}`, /expired/],
      ['Bearer bkh_notakey', /not an API key/],
      ['Basic dXNlcjpwYXNz', /Authorization: Bearer/],
      ['Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', /no identity provider/],
    ] as const) {
      const res = await postGraphQL(uncached, { authorization }, `{ viewer { role } }`);
      expect(res.status, authorization).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.message).toMatch(reason);
    }
    expect((await postGraphQL(uncached, bearer(key), `{ viewer { role } }`)).data.viewer.role).toBe('viewer');
    await revokeApiKey(db.orm.em.fork(), row.id);
    const revoked = await postGraphQL(uncached, bearer(key), `{ viewer { role } }`);
    expect(revoked.status).toBe(401);
    expect(revoked.errors?.[0]?.message).toMatch(/revoked/);
  });

  it('are made, listed and revoked with `hub keys`, the key shown once and never again', async () => {
    const created = await hub('keys', 'create', '--role', 'auditor', '--name', 'inspector', '--pii', '--expires', '30d');
    expect(created.code, created.stderr).toBe(0);
    const key = /bkh_[a-z0-9]{10}_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
    expect(key).toBeDefined();
    expect(created.stdout).toMatch(/auditor \+ pii:read/);
    const me = await postGraphQL(uncached, bearer(key!), `{ viewer { role permissions } }`);
    expect(me.data.viewer.role).toBe('auditor');
    expect(me.data.viewer.permissions).toContain('pii:read');

    const listed = await hub('keys', 'list');
    expect(listed.stdout).toMatch(/inspector/);
    expect(listed.stdout).not.toContain(key!.slice('bkh_'.length + 11));
    const id = key!.slice('bkh_'.length, 'bkh_'.length + 10);
    const revoked = await hub('keys', 'revoke', id);
    expect(revoked.stdout).toMatch(new RegExp(`Revoked ${id}`));
    expect((await postGraphQL(uncached, bearer(key!), `{ viewer { role } }`)).status).toBe(401);

    const wrong = await hub('keys', 'create', '--role', 'public', '--name', 'x');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/"public" is not valid for --role <role>: choose one of viewer, operator, auditor, admin/);
  }, 60_000);

  it('`connector:add` with a config that is not JSON names the problem and never echoes the config', async () => {
    const secret = 'sk-live-9f8e7d6c5b4a';
    const res = await hub('connector:add', 'motcua', 'mcdt', `{"baseUrl":"https://motcua.example.vn","apiKey":"${secret}",`);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/not valid JSON/);
    expect(res.stderr + res.stdout).not.toContain(secret);
  }, 30_000);
});
