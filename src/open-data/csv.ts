/**
 * CSV as RFC 4180 says (comma, CRLF, quotes doubled), with a UTF-8 byte-order mark
 * so that spreadsheet programs read Vietnamese text correctly.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string | number | boolean | null>[]): string {
  const cell = (v: string | number | boolean | null | undefined) => {
    if (v === null || v === undefined) return '';
    const text = String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}
