import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';

/** The province's identity provider, played by a local JWKS endpoint and a signing key. */
const ISSUER = 'https://sso.backan.gov.vn/realms/hub';
let db: TestDatabase;
let api: ApiServer;
let jwks: Server;
let sign: (claims: JWTPayload, opts?: { issuer?: string; expiresIn?: string; foreign?: boolean }) => Promise<string>;

beforeAll(async () => {
  db = await createTestDatabase();
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  sign = (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.issuer ?? ISSUER)
      .setAudience('hub')
      .setSubject(String(claims.sub ?? 'can-bo-01'))
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '5m')
      .sign(opts.foreign ? stranger.privateKey : privateKey);
  api = await startTestApi(db.orm, {
    jwt: { issuer: ISSUER, jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/certs`, audience: 'hub', roleClaim: 'hub_role', roleMap: { 'mot-cua-xem': 'viewer' } },
  });
});

afterAll(async () => {
  await api?.close();
  await new Promise((r) => jwks?.close(r));
});

const me = async (token: string) => postGraphQL(api, { authorization: `Bearer ${token}` }, `{ viewer { role name keyId permissions } }`);

describe('tokens from the identity provider', () => {
  it('map a claim to a role (the highest listed), and the pii:read scope to the permission', async () => {
    const operator = await me(await sign({ sub: 'it-01', hub_role: 'operator' }));
    expect(operator.data.viewer).toMatchObject({ role: 'operator', name: 'it-01', keyId: null });
    expect(operator.data.viewer.permissions).not.toContain('pii:read');
    const mapped = await me(await sign({ sub: 'clerk', hub_role: ['mot-cua-xem', 'unknown'], scope: 'openid pii:read' }));
    expect(mapped.data.viewer).toMatchObject({ role: 'viewer', name: 'clerk' });
    expect(mapped.data.viewer.permissions).toContain('pii:read');
    const both = await me(await sign({ hub_role: ['viewer', 'auditor'] }));
    expect(both.data.viewer.role).toBe('auditor');
  });

  it('refuses a token of another issuer, signed by another key, expired, or naming no hub role', async () => {
    for (const token of [
      await sign({ hub_role: 'viewer' }, { issuer: 'https://elsewhere.example' }),
      await sign({ hub_role: 'viewer' }, { foreign: true }),
      await sign({ hub_role: 'viewer' }, { expiresIn: '-2m' }),
      await sign({ hub_role: 'superuser' }),
      await sign({}),
    ]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
