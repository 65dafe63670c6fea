import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { env } from '../config';
import { logger } from '../logger';

/**
 * The hub's Ed25519 signing key (Node's crypto), from AUDIT_SIGNING_KEY: a PKCS#8 PEM,
 * or base64 of a 32-byte seed or of a PKCS#8 DER. Without it, outside production, a
 * development key derived from a public string is used (and a warning logged): it
 * proves nothing, and production refuses to start without a real key.
 */

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** sha256 of the public key's SPKI DER, hex. */
  keyId: string;
}

/** PKCS#8 DER header of an Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export const DEVELOPMENT_AUDIT_SEED = createHash('sha256').update('backan-hub development audit signing key: not secret, never use in production').digest('base64');

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) key = createPrivateKey(trimmed);
    else {
      const bytes = Buffer.from(trimmed, 'base64');
      key = createPrivateKey({ key: bytes.length === 32 ? Buffer.concat([ED25519_PKCS8_PREFIX, bytes]) : bytes, format: 'der', type: 'pkcs8' });
    }
  } catch {
    throw new SigningKeyError('AUDIT_SIGNING_KEY is not an Ed25519 private key (PKCS#8 PEM, or base64 of a 32-byte seed or PKCS#8 DER; `openssl genpkey -algorithm ed25519` makes one)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`AUDIT_SIGNING_KEY is an ${key.asymmetricKeyType ?? 'unknown'} key; the audit log is signed with Ed25519`);
  return key;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function parsePublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey(pem.trim());
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key;
  } catch {
    throw new SigningKeyError('the public key is not an Ed25519 public key in PEM (SPKI) form');
  }
}

let cached: SigningKey | undefined;

/** The hub's key, read once. */
export function signingKey(): SigningKey {
  if (cached) return cached;
  const e = env();
  let text = e.AUDIT_SIGNING_KEY;
  if (!text) {
    if (e.NODE_ENV === 'production') throw new SigningKeyError('AUDIT_SIGNING_KEY is required when NODE_ENV=production (`openssl genpkey -algorithm ed25519`)');
    logger.warn('AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with the development key, which proves nothing');
    text = DEVELOPMENT_AUDIT_SEED;
  }
  const privateKey = parsePrivateKey(text);
  const publicKey = createPublicKey(privateKey);
  cached = { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
  return cached;
}

export const signText = (key: KeyObject, text: string): string => sign(null, Buffer.from(text), key).toString('base64');

export function verifyText(publicKey: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
