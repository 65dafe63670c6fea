/**
 * Takes secrets out of text bound for a log line, an error message or the terminal:
 * passwords in URLs (`https://user:pw@host`), secret-looking query parameters and
 * JSON fields, API keys of this hub, and every secret value the process has opened
 * (connector secrets register themselves when decrypted).
 */
const known = new Set<string>();

/** Remembers a secret value so that it is redacted wherever it turns up. Values under 4 characters are too common to hunt. */
export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= 4) known.add(value);
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s/@]+)@/gi;
const SECRET_NAMES = 'api[_-]?key|apikey|password|passwd|pwd|secret|token|access[_-]?token|session|authorization|mat[_-]?khau';
const SECRET_PARAMS = new RegExp(`([?&](?:${SECRET_NAMES})=)[^&#\\s"']+`, 'gi');
const SECRET_JSON = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'gi');
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;
const HUB_KEY = /\bbkh_[a-z0-9]{10}_[A-Za-z0-9_-]{20,}/g;

export function redactSecrets(text: string): string {
  let out = text
    .replace(URL_CREDENTIALS, '$1$2:***@')
    .replace(SECRET_PARAMS, '$1***')
    .replace(SECRET_JSON, '$1***$3')
    .replace(BEARER, '$1***')
    .replace(HUB_KEY, 'bkh_***');
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}
