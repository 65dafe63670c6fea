import { randomBytes, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../entities';
import { isDay } from '../model/day';
import { GRANTABLE, isRole, makeViewer, type Permission, type Role, type Viewer } from './roles';

/**
 * API keys: `bkh_<id>_<secret>`. The `bkh_` prefix makes a leaked key recognisable
 * (secret scanners, logs); the id is public and finds the row; only a scrypt hash of
 * the secret is stored.
 */
export const KEY_PREFIX = 'bkh_';
const KEY_SHAPE = /^bkh_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

export class ApiKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyError';
  }
}

function scrypt(secret: string, salt: Buffer, opts: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: opts.N, r: opts.r, p: opts.p, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCallback(secret, salt, opts.keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), keylen: expected.length });
  return timingSafeEqual(actual, expected);
}

/** `90d`, `12h`, or a day `yyyy-MM-dd` (the key works until that day's end, UTC) → the expiry time. */
export function parseExpiry(text: string, now = new Date()): Date {
  const relative = /^(\d{1,5})([dh])$/.exec(text);
  if (relative) return new Date(now.getTime() + Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000));
  const day = isDay(text) ? new Date(`${text}T00:00:00Z`) : null;
  const at = day ? new Date(day.getTime() + 86_400_000) : null;
  if (!at || at <= now) throw new ApiKeyError(`--expires must be a duration like 90d or 12h, or a future day yyyy-MM-dd; got "${text}"`);
  return at;
}

export interface CreatedKey {
  /** The whole key: shown once, never stored. */
  key: string;
  row: ApiKey;
}

export async function createApiKey(em: EntityManager, input: { name: string; role: string; grants?: readonly string[]; expiresAt?: Date | null }): Promise<CreatedKey> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new ApiKeyError('--name must be 1 to 100 characters (who or what uses the key)');
  if (!isRole(input.role) || input.role === 'public') throw new ApiKeyError(`--role must be one of viewer, operator, auditor, admin; got "${input.role}"`);
  const grants = [...new Set(input.grants ?? [])];
  const unknown = grants.filter((g) => !GRANTABLE.includes(g as Permission));
  if (unknown.length) throw new ApiKeyError(`cannot grant ${unknown.join(', ')}; grantable: ${GRANTABLE.join(', ')}`);
  const id = randomBytes(8).toString('hex').slice(0, 10);
  const secret = randomBytes(32).toString('base64url');
  const row = em.create(ApiKey, { id, name, role: input.role, grants, hash: await hashSecret(secret), createdAt: new Date(), expiresAt: input.expiresAt ?? null }, { persist: false });
  // An insert, not a flush: MikroORM runs every flush inside an AsyncLocalStorage, after
  // which Node runs promise hooks for every promise of the process (an API serving requests).
  await em.insert(row);
  return { key: `${KEY_PREFIX}${id}_${secret}`, row };
}

export function listApiKeys(em: EntityManager): Promise<ApiKey[]> {
  return em.find(ApiKey, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Revokes by id (or by the whole key); returns the revoked row. */
export async function revokeApiKey(em: EntityManager, idOrKey: string): Promise<ApiKey> {
  const id = KEY_SHAPE.exec(idOrKey)?.[1] ?? idOrKey.replace(/^bkh_/, '');
  const row = await em.findOne(ApiKey, { id });
  if (!row) throw new ApiKeyError(`no API key with id "${id}"; \`hub keys list\` shows them`);
  row.revokedAt ??= new Date();
  await em.flush();
  return row;
}

/** Why a key was refused, for the 401 answer (never which part was wrong). */
export type KeyCheck = { ok: true; viewer: Viewer } | { ok: false; reason: string };

/**
 * Checks a presented key against the store. Scrypt runs only for a well-formed key
 * whose id exists and is live, so garbage costs one indexed lookup at most.
 */
export async function verifyApiKey(em: EntityManager, presented: string, now = new Date()): Promise<KeyCheck> {
  const m = KEY_SHAPE.exec(presented);
  if (!m) return { ok: false, reason: 'not an API key of this hub (bkh_…)' };
  const row = await em.findOne(ApiKey, { id: m[1]! });
  if (!row || !(await secretMatches(m[2]!, row.hash))) return { ok: false, reason: 'unknown API key' };
  if (row.revokedAt) return { ok: false, reason: 'the API key was revoked' };
  if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: 'the API key has expired' };
  return { ok: true, viewer: makeViewer(row.role as Role, row.grants as Permission[], { keyId: row.id, name: row.name, via: 'api-key' }) };
}

export async function touchApiKey(em: EntityManager, id: string): Promise<void> {
  await em.nativeUpdate(ApiKey, { id }, { lastUsedAt: new Date() });
}

/** One line about a key for the CLI: never its secret. */
export function describeApiKey(row: ApiKey, now = new Date()): string {
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : null);
  const state = row.revokedAt ? `revoked ${day(row.revokedAt)}` : row.expiresAt && row.expiresAt <= now ? `expired ${day(row.expiresAt)}` : row.expiresAt ? `expires ${day(row.expiresAt)}` : 'no expiry';
  const grants = row.grants.length ? ` + ${row.grants.join(', ')}` : '';
  return `${row.id}  ${JSON.stringify(row.name)}  ${row.role}${grants}  created ${day(row.createdAt)}  ${state}  last used ${day(row.lastUsedAt) ?? 'never'}`;
}
