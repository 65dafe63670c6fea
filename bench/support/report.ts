import { performance } from 'node:perf_hooks';

export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
export const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

/** Left-aligns the first column and right-aligns the others. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Live progress on one line of stderr (rewritten in place on a terminal, a line every
 * few seconds otherwise), so stdout keeps only the results.
 */
export class ProgressLine {
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastText = '';
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(records: number, detail = ''): void {
    const now = performance.now();
    if (now - this.lastDraw < (this.tty ? 200 : 5000)) return;
    this.lastDraw = now;
    this.draw(records, detail);
  }

  /** The final figure, then a newline. */
  done(records: number, detail = ''): void {
    this.draw(records, detail);
    if (this.tty) process.stderr.write('\n');
  }

  private draw(records: number, detail: string): void {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? records / seconds : 0;
    const text = `  ${this.label}: ${int(records)} records, ${fixed(seconds)} s, ${int(rate)} records/s${detail ? `  ${detail}` : ''}`;
    if (this.tty) {
      const width = process.stderr.columns || 120;
      process.stderr.write(`\r\x1b[2K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
    } else if (text !== this.lastText) {
      process.stderr.write(`${text}\n`);
    }
    this.lastText = text;
  }
}
