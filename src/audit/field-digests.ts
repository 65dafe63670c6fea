import { createHash, hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Per-field digests of a payload, written beside it in raw.source_record_version
 * (`field_digests`), so that verification can name the first field of an altered
 * payload instead of only the payload. The form, as JSON text: `[[field, digest], …]`
 * in the payload's key order, one pair per top-level field; `digest` is sha256 over the
 * field value's canonical JSON (RFC 8785), base64url, its first 11 characters (64 bits:
 * enough to name a field; the payload's full content hash still proves the whole).
 * Canonical, so a payload re-serialised by SQL (`::jsonb`, key order, spacing) keeps
 * the digests of the fields it did not change. The Merkle leaf of the version commits
 * to this text (src/audit/merkle.ts), so digests rewritten to match an edit still show.
 * Null for a payload that is not a JSON object.
 */
export function fieldDigestsOf(payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const pairs: [string, string][] = [];
  for (const [field, value] of Object.entries(payload as Record<string, unknown>)) {
    // What JSON.stringify leaves out of the stored text has no digest either.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    pairs.push([field, digestOfValue(value)]);
  }
  return JSON.stringify(pairs);
}

/**
 * Scalars' JSON is already canonical; objects and arrays are put in canonical form first
 * (directly: the values come from JSON, so the round trip `canonicalJson` makes is not
 * needed on this per-record path). One-shot `hash`, cheaper than a Hash object per field.
 */
const digestOfValue = (value: unknown): string =>
  hash('sha256', value !== null && typeof value === 'object' ? (canonicalize(value) ?? 'null') : (JSON.stringify(value) ?? 'null'), 'base64url').slice(0, 11);

/** sha256 (hex) of the digests' text, as the Merkle leaf carries it. */
export const fieldDigestsCommitment = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The top-level fields of a stored payload whose value no longer matches its digest, in
 * the order the digests list them (a field added since comes last); empty when every
 * field matches. Null when the payload or the digests cannot be read.
 */
export function alteredFields(payloadText: string, digestsText: string): string[] | null {
  let payload: unknown;
  let digests: unknown;
  try {
    payload = JSON.parse(payloadText);
    digests = JSON.parse(digestsText);
  } catch {
    return null;
  }
  const now = fieldDigestsOf(payload);
  if (now === null || !Array.isArray(digests)) return null;
  const current = new Map(JSON.parse(now) as [string, string][]);
  const out: string[] = [];
  for (const pair of digests as unknown[]) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') return null;
    if (current.get(pair[0]) !== pair[1]) out.push(pair[0]);
    current.delete(pair[0]);
  }
  return [...out, ...current.keys()];
}
