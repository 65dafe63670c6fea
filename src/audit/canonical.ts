import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The one canonical JSON form the audit chain hashes (RFC 8785, JSON Canonicalization
 * Scheme: keys sorted by UTF-16 code units, no whitespace, ECMAScript number form), so
 * anyone can recompute a hash from the entry's JSON with any JCS implementation.
 */
export function canonicalJson(value: unknown): string {
  // Round-trip first: what is hashed is exactly what JSON can carry (Dates become strings, undefined goes).
  const text = canonicalize(value === undefined ? null : JSON.parse(JSON.stringify(value)));
  return text ?? 'null';
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** sha256 of the canonical form, hex. */
export const digestOf = (value: unknown): string => sha256Hex(canonicalJson(value));
