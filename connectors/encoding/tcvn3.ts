/**
 * TCVN3 (TCVN 5712:1993, "ABC"), the 8-bit Vietnamese encoding of older systems.
 * Records stored in it and read back as Latin-1 look like "Ninh B×nh" for "Ninh Bình".
 * This module detects such text and converts it to Unicode; the raw value is kept
 * by the hub in the record's source version.
 */

/** Lower-case Vietnamese letters and their TCVN3 bytes. */
export const TCVN3_LOWER: ReadonlyArray<readonly [string, number]> = [
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

/** Upper-case letters TCVN3 has a byte of its own for (toned capitals share the lower-case byte). */
export const TCVN3_UPPER: ReadonlyArray<readonly [string, number]> = [
  ['Ă', 0xa1], ['Â', 0xa2], ['Ê', 0xa3], ['Ô', 0xa4], ['Ơ', 0xa5], ['Ư', 0xa6], ['Đ', 0xa7],
];

const DECODE = new Map<number, string>([...TCVN3_LOWER, ...TCVN3_UPPER].map(([ch, byte]) => [byte, ch]));

/** Latin-1 letters real Vietnamese text contains; any other high Latin-1 character hints TCVN3. */
const VIETNAMESE_LATIN1 = new Set('àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ');

/** By Latin-1 code: 1 for a TCVN3 byte that is no Vietnamese letter in Latin-1 (×, ¾, ¹, ®, …). */
const SIGNATURE = Uint8Array.from({ length: 256 }, (_, code) => (code >= 0xa1 && DECODE.has(code) && !VIETNAMESE_LATIN1.has(String.fromCharCode(code)) ? 1 : 0));

/**
 * True when the text looks like TCVN3 bytes read as Latin-1: nothing beyond U+00FF
 * (Unicode Vietnamese nearly always has ạ, ế, ư, đ …) and at least one Latin-1
 * character that is not a Vietnamese letter (×, ¾, ¹, ®, …).
 */
export function looksLikeTcvn3(text: string): boolean {
  let signature = false;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code > 0xff) return false;
    if (code >= 0xa1 && SIGNATURE[code] === 1) signature = true;
  }
  return signature;
}

/** Converts TCVN3-read-as-Latin-1 text to Unicode NFC. */
export function decodeTcvn3(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= 0xa1 ? (DECODE.get(code) ?? ch) : ch;
  }
  return out.normalize('NFC');
}

/**
 * True when a whole record reads as TCVN3 taken for Latin-1: no text in it goes beyond
 * U+00FF, and some text carries a TCVN3 signature. A legacy record is encoded as a whole,
 * so its short strings are converted too, even those that happen to look like Latin-1
 * Vietnamese ("BÕ" for "Bế", "PhÝ" for "Phí").
 */
export function looksLikeTcvn3Record(value: unknown): boolean {
  let signature = false;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      for (let k = 0; k < v.length; k++) {
        const code = v.charCodeAt(k);
        if (code > 0xff) return false;
        if (code >= 0xa1 && SIGNATURE[code] === 1) signature = true;
      }
    } else if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v as Record<string, unknown>));
  }
  return signature;
}

/** A copy of a JSON value with every string converted from TCVN3-read-as-Latin-1. */
export function decodeTcvn3Record(value: unknown): unknown {
  if (typeof value === 'string') return decodeTcvn3(value);
  if (Array.isArray(value)) return value.map(decodeTcvn3Record);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeTcvn3Record(v)]));
  return value;
}
