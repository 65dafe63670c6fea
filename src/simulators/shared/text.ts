/**
 * Text quirks of Vietnamese sources: Unicode normal forms and the legacy
 * TCVN3 (ABC) 8-bit encoding, plus an accent folder for ASCII identifiers.
 */

/** Decomposed form (base letter + combining marks), as macOS and some editors send it. */
export function toNfd(text: string): string {
  return text.normalize('NFD');
}

/** Lower-case Vietnamese letters and their TCVN3 (TCVN 5712:1993, VN3) bytes. */
const TCVN3_LOWER: ReadonlyArray<readonly [string, number]> = [
  ['ă', 0xa8], ['â', 0xa9], ['ê', 0xaa], ['ô', 0xab], ['ơ', 0xac], ['ư', 0xad], ['đ', 0xae],
  ['à', 0xb5], ['ả', 0xb6], ['ã', 0xb7], ['á', 0xb8], ['ạ', 0xb9],
  ['ằ', 0xbb], ['ẳ', 0xbc], ['ẵ', 0xbd], ['ắ', 0xbe], ['ặ', 0xc6],
  ['ầ', 0xc7], ['ẩ', 0xc8], ['ẫ', 0xc9], ['ấ', 0xca], ['ậ', 0xcb],
  ['è', 0xcc], ['ẻ', 0xce], ['ẽ', 0xcf], ['é', 0xd0], ['ẹ', 0xd1],
  ['ề', 0xd2], ['ể', 0xd3], ['ễ', 0xd4], ['ế', 0xd5], ['ệ', 0xd6],
  ['ì', 0xd7], ['ỉ', 0xd8], ['ĩ', 0xdc], ['í', 0xdd], ['ị', 0xde],
  ['ò', 0xdf], ['ỏ', 0xe1], ['õ', 0xe2], ['ó', 0xe3], ['ọ', 0xe4],
  ['ồ', 0xe5], ['ổ', 0xe6], ['ỗ', 0xe7], ['ố', 0xe8], ['ộ', 0xe9],
  ['ờ', 0xea], ['ở', 0xeb], ['ỡ', 0xec], ['ớ', 0xed], ['ợ', 0xee],
  ['ù', 0xef], ['ủ', 0xf1], ['ũ', 0xf2], ['ú', 0xf3], ['ụ', 0xf4],
  ['ừ', 0xf5], ['ử', 0xf6], ['ữ', 0xf7], ['ứ', 0xf8], ['ự', 0xf9],
  ['ỳ', 0xfa], ['ỷ', 0xfb], ['ỹ', 0xfc], ['ý', 0xfd], ['ỵ', 0xfe],
];

/** Upper-case letters VN3 has a code of its own for. */
const TCVN3_UPPER: ReadonlyArray<readonly [string, number]> = [
  ['Ă', 0xa1], ['Â', 0xa2], ['Ê', 0xa3], ['Ô', 0xa4], ['Ơ', 0xa5], ['Ư', 0xa6], ['Đ', 0xa7],
];

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
