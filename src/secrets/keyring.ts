import { env } from '../config';
import { type Keyring, makeKeyring, parseKey } from './cipher';

let cached: Keyring | undefined;

/** The keys from the environment (SECRETS_KEY, SECRETS_PREVIOUS_KEYS), read once. */
export function secretsKeyring(): Keyring {
  const e = env();
  cached ??= makeKeyring(
    parseKey(e.SECRETS_KEY, 'SECRETS_KEY'),
    e.SECRETS_PREVIOUS_KEYS.map((k, i) => parseKey(k, `SECRETS_PREVIOUS_KEYS[${i}]`)),
  );
  return cached;
}

/** For tests that change the keys in process.env. */
export function clearKeyringCache(): void {
  cached = undefined;
}
