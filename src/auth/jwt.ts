import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { isRole, makeViewer, Permission, type Role, ROLES, type Viewer } from './roles';

export interface JwtOptions {
  /** `iss` the tokens must carry. */
  issuer: string;
  /** Where the identity provider publishes its signing keys. */
  jwksUrl: string;
  /** `aud` the tokens must carry, when set. */
  audience?: string;
  /** Claim holding the role (a string or a list); default `hub_role`. */
  roleClaim: string;
  /** Claim values → hub roles, e.g. `{ "can-bo-mot-cua": "viewer" }`; a value that is already a role name maps to itself. */
  roleMap: Record<string, Role>;
}

const rank = (role: Role) => ROLES.indexOf(role);

/** The highest hub role the token's role claim maps to, or null. */
export function roleFromClaims(payload: JWTPayload, opts: Pick<JwtOptions, 'roleClaim' | 'roleMap'>): Role | null {
  const raw = payload[opts.roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const roles = values.map((v) => opts.roleMap[v] ?? (isRole(v) ? v : null)).filter((r): r is Role => r !== null && r !== 'public');
  return roles.sort((a, b) => rank(b) - rank(a))[0] ?? null;
}

/**
 * Verifies tokens from the province's identity provider (signature against its JWKS,
 * issuer, audience, expiry) and maps a claim to a role. `pii:read` comes from the
 * OAuth `scope` claim.
 */
export function createJwtVerifier(opts: JwtOptions): (token: string) => Promise<Viewer> {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return async (token) => {
    const { payload } = await jwtVerify(token, jwks, { issuer: opts.issuer, audience: opts.audience, clockTolerance: 30 });
    const role = roleFromClaims(payload, opts);
    if (!role) throw new Error(`the token's "${opts.roleClaim}" claim names no hub role`);
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const grants = scopes.includes(Permission.PII) ? [Permission.PII] : [];
    return makeViewer(role, grants, { keyId: null, name: payload.sub ?? '(no subject)', via: 'jwt' });
  };
}
