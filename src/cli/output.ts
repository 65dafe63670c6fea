/**
 * What commands write. Data goes to stdout (as text, or as one JSON document with
 * `--json`, for scripts); messages about problems go to stderr.
 */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** One JSON document on stdout: the whole output of a command run with `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Characters a terminal shows for a string (Vietnamese combining marks take no column). */
const width = (s: string) => [...s.normalize('NFC')].length;

/** Columns padded to their widest cell; the header underlined; every line indented by `indent` spaces. */
export function table(headers: string[], rows: (string | number | null)[][], indent = 0): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '—' : String(c))));
  const widths = headers.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].map((l) => ' '.repeat(indent) + l).join('\n');
}

/** `2026-11-27 18:30` in UTC, or — for none. */
export function minute(d: Date | string | null | undefined): string {
  if (!d) return '—';
  return new Date(d).toISOString().slice(0, 16).replace('T', ' ');
}
