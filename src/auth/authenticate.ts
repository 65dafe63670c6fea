import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { logger } from '../logger';
import { KEY_PREFIX, touchApiKey, verifyApiKey } from './api-keys';
import { createJwtVerifier, type JwtOptions } from './jwt';
import { ANONYMOUS, type Viewer } from './roles';

export type AuthResult = { ok: true; viewer: Viewer } | { ok: false; reason: string };

export interface AuthOptions {
  orm: MikroORM;
  jwt?: JwtOptions | null;
  /**
   * How long a verified key is trusted without asking the database again (scrypt and
   * a lookup per request would dominate small requests). A revoked key stops working
   * within this time; last use is recorded at that resolution.
   */
  cacheMs?: number;
}

const MAX_CACHED = 10_000;

/** Turns the `Authorization` header into the viewer: anonymous, an API key's, or a token's. */
export function createAuthenticator(opts: AuthOptions): (authorization: string | undefined) => Promise<AuthResult> {
  const cacheMs = opts.cacheMs ?? 30_000;
  const cache = new Map<string, { viewer: Viewer; until: number }>();
  const verifyJwt = opts.jwt ? createJwtVerifier(opts.jwt) : null;

  return async (authorization) => {
    if (authorization === undefined || authorization === '') return { ok: true, viewer: ANONYMOUS };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return { ok: false, reason: 'send the key as "Authorization: Bearer <key>"' };
    const token = m[1]!;
    const digest = createHash('sha256').update(token).digest('base64url');
    const hit = cache.get(digest);
    if (hit && hit.until > Date.now()) return { ok: true, viewer: hit.viewer };
    cache.delete(digest);

    let result: AuthResult;
    if (token.startsWith(KEY_PREFIX)) {
      const em = opts.orm.em.fork();
      const check = await verifyApiKey(em, token);
      result = check.ok ? { ok: true, viewer: check.viewer } : { ok: false, reason: check.reason };
      if (check.ok) await touchApiKey(em, check.viewer.keyId!);
    } else if (verifyJwt) {
      result = await verifyJwt(token).then(
        (viewer): AuthResult => ({ ok: true, viewer }),
        (error: unknown): AuthResult => {
          logger.info({ reason: error instanceof Error ? error.message : String(error) }, 'token refused');
          return { ok: false, reason: 'the token is not valid here (signature, issuer, audience, expiry or role)' };
        },
      );
    } else {
      result = { ok: false, reason: 'not an API key of this hub (bkh_…), and no identity provider is configured' };
    }
    if (result.ok && cacheMs > 0 && result.viewer.via === 'api-key') {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(digest, { viewer: result.viewer, until: Date.now() + cacheMs });
    }
    return result;
  };
}
