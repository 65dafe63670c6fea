import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { type ControlDeps, getRun, type RunView } from '../control';
import { t } from '../i18n';
import { CliError } from './errors';
import { EXIT, type ExitCode } from './exit-codes';
import { duration, statusText } from './labels';
import { minute, say } from './output';

const TERMINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

/** How often the run is read from the store; FOLLOW_INTERVAL_MS lets tests poll faster. */
const interval = () => {
  const ms = Number(process.env.FOLLOW_INTERVAL_MS);
  return Number.isFinite(ms) && ms >= 50 ? ms : 1000;
};

const pct = (f: number | null) => `${String(Math.round(Math.max(0, Math.min(1, f ?? 0)) * 100)).padStart(3)}%`;

/** One line for the whole run: status, fraction, counts, pace, time left. */
export function runLine(run: RunView): string {
  const p = run.progress;
  return t('follow.line', {
    id: run.id,
    connector: run.connector,
    status: statusText(run.status),
    percent: pct(p.fraction).trim(),
    read: p.read,
    inserted: p.inserted,
    updated: p.updated,
    failed: p.failed,
    rate: p.recordsPerSecond === null ? '—' : Math.round(p.recordsPerSecond),
    eta: duration(p.etaSeconds),
  });
}

const streamLine = (s: RunView['streamRuns'][number]) =>
  `  ${s.stream.padEnd(20)} ${statusText(s.status).padEnd(12)} ${pct(s.fraction)}  ${t('follow.streamCounts', { read: s.read, inserted: s.inserted, failed: s.failed })}${s.windows ? `  ${t('follow.windows', { done: s.windows.done, total: s.windows.total })}` : ''}`;

/** The run's end: counts, and for a failure what failed, why, and when it is tried again. */
export function printRunSummary(run: RunView): void {
  say(t('follow.ended', { id: run.id, status: statusText(run.status), elapsed: duration(run.progress.elapsedSeconds) }));
  say(`  ${t('follow.counts', { read: run.progress.read, inserted: run.progress.inserted, updated: run.progress.updated, unchanged: run.progress.unchanged, failed: run.progress.failed })}`);
  if (run.error) {
    say(`  ${t('follow.error', { stream: run.error.stream, errorClass: run.error.errorClass ?? '?', message: run.error.message ?? '' })}`);
    if (run.error.nextRetryAt) say(`  ${t('follow.nextRetry', { at: minute(run.error.nextRetryAt) })}`);
  }
  if (run.progress.failed > 0) say(`  ${t('follow.quarantineHint', { connector: run.connector })}`);
}

export const exitCodeOf = (run: RunView): ExitCode => (run.status === 'failed' || run.status === 'cancelled' ? EXIT.findings : EXIT.ok);

/** Bars on a terminal: one per stream and one for the run. */
function barsView() {
  const multi = new MultiBar(
    { format: '{name} |{bar}| {percentage}% {status} {counts}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 24, autopadding: true, etaBuffer: 20 },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    update(run: RunView) {
      const rows: [string, number | null, string, string][] = [
        [t('follow.total', { id: run.id }), run.progress.fraction, statusText(run.status), t('follow.totalCounts', { read: run.progress.read, rate: run.progress.recordsPerSecond === null ? '—' : Math.round(run.progress.recordsPerSecond), eta: duration(run.progress.etaSeconds) })],
        ...run.streamRuns.map((s): [string, number | null, string, string] => [s.stream, s.fraction, statusText(s.status), t('follow.streamCounts', { read: s.read, inserted: s.inserted, failed: s.failed })]),
      ];
      for (const [name, fraction, status, counts] of rows) {
        const value = Math.round(Math.max(0, Math.min(1, fraction ?? 0)) * 1000);
        const payload = { name: name.padEnd(22), status: status.padEnd(12), counts };
        const bar = bars.get(name);
        if (bar) bar.update(value, payload);
        else bars.set(name, multi.create(1000, value, payload));
      }
    },
    stop: () => multi.stop(),
  };
}

/** Plain lines for logs and pipes: one when something changed, at most every few seconds, and every status change. */
function linesView() {
  let last = '';
  let lastStatuses = '';
  let lastAt = 0;
  return {
    update(run: RunView) {
      const line = runLine(run);
      const statuses = run.status + run.streamRuns.map((s) => s.status).join();
      if (line === last && statuses === lastStatuses) return;
      if (statuses === lastStatuses && Date.now() - lastAt < 2000 && !TERMINAL.has(run.status)) return;
      if (statuses !== lastStatuses) for (const s of run.streamRuns) say(streamLine(s));
      say(line);
      last = line;
      lastStatuses = statuses;
      lastAt = Date.now();
    },
    stop: () => undefined,
  };
}

/** NDJSON for scripts: one object per change, the last with `event: "end"`. */
function jsonView() {
  let last = '';
  return {
    update(run: RunView) {
      const text = JSON.stringify({ event: 'progress', run });
      if (text !== last && !TERMINAL.has(run.status)) process.stdout.write(`${text}\n`);
      last = text;
    },
    stop: () => undefined,
  };
}

/**
 * Follows a connector run until it ends, reading its progress from the store: bars on
 * a terminal, plain lines otherwise, NDJSON with --json. Ctrl+C stops following (the
 * run goes on) with exit 130.
 */
export async function followRun(deps: Pick<ControlDeps, 'em'>, runId: number, opts: { json?: boolean }): Promise<RunView> {
  const view = opts.json ? jsonView() : process.stdout.isTTY ? barsView() : linesView();
  let interrupted = false;
  let wake: (() => void) | null = null;
  const onSignal = () => {
    interrupted = true;
    wake?.();
  };
  process.once('SIGINT', onSignal);
  try {
    for (;;) {
      const run = await getRun(deps, runId);
      view.update(run);
      if (TERMINAL.has(run.status)) {
        view.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify({ event: 'end', run })}\n`);
        else printRunSummary(run);
        return run;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, interval()).unref();
      });
      if (interrupted) {
        view.stop();
        throw new CliError(t('follow.interrupted', { id: runId }), EXIT.interrupted);
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
