import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest. A sealed value is one string,
 * `enc:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts), so it can stand in a
 * JSON config where the clear value stood. The key id (the first hex digits of the
 * key's SHA-256) says which key opens it, so `hub secrets rotate` can re-seal values
 * under a new key while the old one is still listed.
 */
export const SEALED_PREFIX = 'enc:v1:';

export interface Keyring {
  /** The key new values are sealed with. */
  current: { id: string; key: Buffer };
  /** Every key that may open a value, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
}

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** A key from its base64 text (32 bytes), with a message naming `name` when it is not one. */
export function parseKey(text: string, name: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new SecretKeyError(`${name} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`); it decodes to ${key.length} bytes`);
  return key;
}

export function makeKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const byId = new Map<string, Buffer>();
  for (const k of [current, ...previous]) byId.set(keyId(k), k);
  return { current: { id: keyId(current), key: current }, byId };
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(SEALED_PREFIX);

export function seal(keyring: Keyring, clear: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${[keyring.current.id, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':')}`;
}

/** The key id a sealed value was sealed with. */
export const sealedKeyId = (sealed: string): string => sealed.slice(SEALED_PREFIX.length).split(':')[0] ?? '';

export function open(keyring: Keyring, sealed: string): string {
  const [id, iv, tag, ciphertext] = sealed.slice(SEALED_PREFIX.length).split(':');
  const key = keyring.byId.get(id ?? '');
  if (!key) throw new SecretKeyError(`a secret is sealed with key ${id}, which is not configured: set SECRETS_KEY to it, or list it in SECRETS_PREVIOUS_KEYS`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(`a secret sealed with key ${id} does not open (altered, or the key is wrong)`);
  }
}
