import { TCVN3_LOWER, TCVN3_UPPER } from '../../../connectors/encoding/tcvn3';

/**
 * Text quirks of Vietnamese sources: Unicode normal forms and the legacy
 * TCVN3 (ABC) 8-bit encoding, plus an accent folder for ASCII identifiers.
 */

/** Decomposed form (base letter + combining marks), as macOS and some editors send it. */
export function toNfd(text: string): string {
  return text.normalize('NFD');
}

/**
 * Unicode → TCVN3 byte. VN3 has no upper-case letters with tone marks (they
 * lived in a separate capitals-only font), so converters wrote the lower-case
 * byte: the case of those letters is lost, as in real legacy data.
 */
const TCVN3_BYTES: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [ch, byte] of TCVN3_LOWER) {
    map.set(ch, byte);
    const upper = ch.toUpperCase();
    if (upper !== ch) map.set(upper, byte);
  }
  for (const [ch, byte] of TCVN3_UPPER) map.set(ch, byte);
  return map;
})();

/**
 * The text as a TCVN3 record looks after a reader took its bytes for Latin-1:
 * "Ninh Bình" → "Ninh B×nh", "Bắc Kạn" → "B¾c K¹n". ASCII is unchanged;
 * characters TCVN3 cannot hold become "?" (an en dash becomes "-").
 */
export function toTcvn3Latin1(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out += ch;
      continue;
    }
    const byte = TCVN3_BYTES.get(ch);
    if (byte !== undefined) out += String.fromCharCode(byte);
    else if (ch === '–' || ch === '—') out += '-';
    else out += '?';
  }
  return out;
}

/** ASCII without accents ("Đặng Thị Hà" → "Dang Thi Ha"), for e-mail addresses and the like. */
export function foldAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** A JSON value with every string passed through `fn` (keys untouched). */
export function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, fn);
    return out;
  }
  return value;
}
