/**
 * How personal data is shown to a viewer without `pii:read` (src/auth/field-policy.ts
 * picks the mask a field declares): enough to tell records apart, not enough to
 * identify or contact a person.
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

/** `Nguyễn Văn An` → `N. V. A.`: a name reduced to its initials. */
export function initials(value: string | null): string | null {
  if (value === null) return null;
  const words = value.trim().split(/\s+/u).filter(Boolean);
  return words.length ? words.map((w) => `${[...w][0]}.`).join(' ') : '';
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Phone and identity numbers: 9 to 12 digits, maybe grouped by spaces or dots, not part of a code. */
const NUMBER = /(?<![\p{L}\p{N}./-])\+?\d(?:[ .]?\d){8,11}(?![\p{L}\p{N}/-]|\.\d)/gu;
/** A form of address followed by capitalised words: a person named in free text. */
const ADDRESSED =
  /(?<!\p{L})(ông|bà|anh|chị|cô|chú|cháu|cụ|em|đồng chí|đ\/c|công dân|Ông|Bà|Anh|Chị|Cô|Chú|Cháu|Cụ|Em|Đồng chí|Đ\/c|Công dân)(\s+)(\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){0,4})/gu;

/**
 * Free text with the people taken out: the names we know (the applicant's) and any
 * name after a form of address become initials, e-mail addresses and phone or
 * identity numbers become `***`. What is left still says what happened.
 */
export function redactText(value: string | null, knownNames: readonly (string | null | undefined)[] = []): string | null {
  if (value === null) return null;
  let out = value.normalize('NFC');
  for (const name of knownNames) {
    const n = name?.normalize('NFC').trim();
    if (n && n.length >= 2) out = out.replace(new RegExp(escapeRegExp(n), 'giu'), initials(n)!);
  }
  return out
    .replace(EMAIL, (m) => maskEmail(m)!)
    .replace(NUMBER, '***')
    .replace(ADDRESSED, (_m, title: string, space: string, name: string) => `${title}${space}${initials(name)}`);
}
