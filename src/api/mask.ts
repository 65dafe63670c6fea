/**
 * Personal data is served masked until access control exists: enough to tell
 * records apart, not enough to identify or contact a person.
 */

/** `079123451234` → `********1234`: all but the last `keep` characters starred. */
export function maskTail(value: string | null, keep = 4): string | null {
  if (value === null) return null;
  if (value.length <= keep) return '*'.repeat(value.length);
  return '*'.repeat(value.length - keep) + value.slice(-keep);
}

/** `nguyen.van.a@gmail.com` → `n***@gmail.com`. */
export function maskEmail(value: string | null): string | null {
  if (value === null) return null;
  const at = value.lastIndexOf('@');
  if (at < 1) return maskTail(value);
  return `${value[0]}***${value.slice(at)}`;
}

/** Keeps only the last two comma-separated parts (commune, province): `***, xã Bằng Thành, tỉnh Bắc Kạn`. */
export function maskAddress(value: string | null): string | null {
  if (value === null) return null;
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length <= 2) return '***';
  return ['***', ...parts.slice(-2)].join(', ');
}
