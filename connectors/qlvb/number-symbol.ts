/**
 * "Số ký hiệu" (number/symbol) as QLVB systems write it, and the edXML `DocumentId`
 * built from its parts (domain.md A1.7, B4).
 */

/**
 * Splits a "số ký hiệu" defensively: `267/UBND-VX` and `12/2024/QĐ-UBND` (number
 * first), `UBND-VX/267` (swapped), `267` (number alone), `UBND-VX` (symbol alone).
 * The raw string is kept by the caller.
 */
export function parseNumberSymbol(raw: string | null): { number: string | null; symbol: string | null } {
  const t = (raw ?? '').normalize('NFC').trim().replace(/^số\s*:?\s*/iu, '').replace(/\s*\/\s*/g, '/');
  if (t === '') return { number: null, symbol: null };
  if (/^\d+$/.test(t)) return { number: t, symbol: null };
  const first = /^(\d+)\/(.+)$/.exec(t);
  if (first) return { number: first[1] ?? null, symbol: first[2] ?? null };
  const swapped = /^(.+)\/(\d+)$/.exec(t);
  if (swapped) return { number: swapped[2] ?? null, symbol: swapped[1] ?? null };
  return { number: null, symbol: t };
}

/**
 * edXML `Code`: builders swap CodeNumber and CodeNotation or put the whole
 * number/symbol in one of them (domain.md A1.7); this reads all three ways.
 */
export function mapCode(codeNumber: string | null, codeNotation: string | null): { number: string | null; symbol: string | null } {
  if (codeNumber?.includes('/')) return parseNumberSymbol(codeNumber);
  if (codeNumber === null) return parseNumberSymbol(codeNotation);
  if (codeNotation === null) return parseNumberSymbol(codeNumber);
  if (!/^\d+$/.test(codeNumber) && /^\d+$/.test(codeNotation)) return { number: codeNotation, symbol: codeNumber };
  return { number: codeNumber, symbol: codeNotation };
}

/** `{OrganId},{yyyy/MM/dd},{number}/{notation}` from an ISO day, when every part is known. */
export function buildDocumentId(organId: string | null, isoDay: string | null, code: { number: string | null; symbol: string | null }): string | null {
  return organId && isoDay && code.number && code.symbol ? `${organId},${isoDay.replace(/-/g, '/')},${code.number}/${code.symbol}` : null;
}
