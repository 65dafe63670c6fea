import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../../connectors/registry';
import { makeKeyring, open, seal } from '../../src/secrets/cipher';
import { openConfig, rotateConnectorSecrets, sealConfig } from '../../src/secrets/connector-secrets';
import { redactSecrets, registerSecret } from '../../src/secrets/redact';
import { ConfigError, env, parseEnv } from '../../src/config';
import { loggerOptions } from '../../src/logger';
import { mcdtFixture } from '../support/mcdt-fixture';

const mcdt = getConnector('mcdt');

describe('connector secrets at rest', () => {
  it('are sealed in ops.connector.config, and the connector still syncs with them', async () => {
    const f = await mcdtFixture({ size: 40 });
    try {
      const [row] = await f.db.query<{ config: Record<string, string>; text: string }>(`select config, config::text as text from ops.connector where id = $1`, [f.connectorId]);
      expect(row!.config.apiKey).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(row!.text).not.toContain('"k"');
      expect(row!.config.baseUrl).toBe(f.sim.url);
      expect((await f.sync('dossiers')).status).toBe('succeeded');
    } finally {
      await f.close();
    }
  });

  it('open only with a key that sealed them, and refuse altered text', () => {
    const a = makeKeyring(randomBytes(32));
    const b = makeKeyring(randomBytes(32));
    const sealed = seal(a, 'p@ss');
    expect(open(a, sealed)).toBe('p@ss');
    expect(() => open(b, sealed)).toThrow(/not configured/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => open(a, tampered)).toThrow(/does not open/);
  });

  it('`hub secrets rotate` re-seals values of a previous key, and values stored before sealing existed, with the current key', async () => {
    const f = await mcdtFixture({ size: 20 });
    try {
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);
      const old = makeKeyring(oldKey);
      const config = { baseUrl: 'http://x.invalid', apiKey: 'old-secret', startDate: '2024-01-01' };
      await f.db.query(`insert into ops.connector (name, kind, config) values ('legacy', 'mcdt', $1), ('sealed-old', 'mcdt', $2)`, [JSON.stringify(config), JSON.stringify(sealConfig(mcdt, config, old))]);
      const current = makeKeyring(newKey, [oldKey, Buffer.from(env().SECRETS_KEY, 'base64')]);
      const first = await rotateConnectorSecrets(f.db.orm.em.fork(), current);
      // The fixture's own connector was sealed with the environment's key, also not current here.
      expect(first.values).toBeGreaterThanOrEqual(2);
      const rows = await f.db.query<{ name: string; config: Record<string, string> }>(`select name, config from ops.connector where name in ('legacy', 'sealed-old')`);
      for (const r of rows) {
        expect(r.config.apiKey).toMatch(new RegExp(`^enc:v1:${current.current.id}:`));
        expect(openConfig(mcdt, r.config, makeKeyring(newKey)).apiKey).toBe('old-secret');
      }
      expect((await rotateConnectorSecrets(f.db.orm.em.fork(), current)).values).toBe(0);
    } finally {
      await f.close();
    }
  });
});

describe('secrets never reach a log line, an error or the terminal', () => {
  it('redacts URL passwords, secret parameters and fields, bearer tokens, hub keys and every opened secret', () => {
    registerSecret('opened-secret-value');
    const text = [
      'GET https://user:hunter2@motcua.example.vn/api?tuNgay=1&apiKey=abc123&x=1 failed',
      '{"password":"p4ss","username":"demo"}',
      'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig',
      'key bkh_0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
      'sent opened-secret-value to the source',
    ].join('\n');
    const out = redactSecrets(text);
    for (const secret of ['hunter2', 'abc123', 'p4ss', 'eyJhbGciOiJSUzI1NiJ9', 'abcdefghijklmnop', 'opened-secret-value']) expect(out).not.toContain(secret);
    expect(out).toContain('https://user:***@motcua.example.vn');
    expect(out).toContain('"username":"demo"');
  });

  it('the hub logger writes every line through the redactor', () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((written += String(chunk)), done()) });
    const log = pino({ ...loggerOptions, level: 'info' }, sink);
    registerSecret('s3cr3t-from-config');
    log.error({ url: 'postgres://hub:dbpass@db:5432/hub', detail: 'token s3cr3t-from-config' }, 'connecting');
    expect(written).not.toMatch(/dbpass|s3cr3t-from-config/);
  });

  it('refuses to start in production without SECRETS_KEY, and never prints a key value', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEY.*required when NODE_ENV=production/s);
    expect(parseEnv({ NODE_ENV: 'production', SECRETS_KEY: randomBytes(32).toString('base64'), AUDIT_SIGNING_KEY: randomBytes(32).toString('base64') }).NODE_ENV).toBe('production');
    let error: unknown;
    try {
      parseEnv({ SECRETS_KEY: 'too-short-but-secret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/SECRETS_KEY=\(hidden\): must be 32 random bytes/);
    expect((error as Error).message).not.toContain('too-short-but-secret');
  });
});
