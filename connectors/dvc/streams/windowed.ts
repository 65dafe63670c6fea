import { z } from 'zod';
import { SourceUnavailableError } from '../../errors';
import { compactInstant, newestOf, nextStart, OPEN_END_DAYS, toCompact } from '../../change-clock';
import { compactLocalTime } from '../../normalise';
import type { ReadContext, ReadMessage, ReadWindow, SourceRecord } from '../../types';
import { DvcClient, type DvcPage } from '../client';
import type { DvcConfig } from '../config';
import type { RawListParams } from '../raw';

/**
 * Reading a DVC list service ([tuNgay, denNgay] over NgayCapNhat, to the second,
 * ordered by (NgayCapNhat, key), pageIndex/pageSize) so that no record is missed
 * while records change between page requests.
 *
 * The cursor is a keyset on the listing order: `from` is the NgayCapNhat of the last
 * row committed, `last` its order key, `seen` how many rows at exactly `from` were
 * read. Each request asks for the window starting AT `from` (inclusive), page 1, and
 * drops rows at `from` ordered at or before `last`. A record that changes moves to
 * NgayCapNhat = now, never before the cursor, so rows ahead of the cursor cannot
 * shift behind it: nothing is skipped, and a repeated row is dropped or (at worst)
 * re-sent, which the store's content hash makes a no-op. (A record changed within
 * the very second the cursor stands on may sort behind it; the lookback below
 * reads it on the next run.)
 *
 * One case needs positions: more rows at one second than a page holds (a batch
 * update stamps many rows alike). Then the window narrows to that second and the
 * next page is found from `seen`. Rows of the group that change leave it (their time
 * moves on), shifting later rows up; `groupTotal`, the group's size at the last page,
 * notices that and steps `seen` back by as many rows, and the key comparison drops
 * what is read twice. Without a baseline (just entered, or resumed) the request
 * re-reads the page holding the last row read, to take one.
 *
 * A page longer than pageSize (the portal repeating the previous page's last row)
 * counts pageSize rows for positions. The last window is open-ended (it reaches the
 * portal's present whatever its clock says); after it the cursor goes back to the
 * newest NgayCapNhat read (`newest`, by the portal's clock) less `lookbackMinutes`,
 * so every run re-reads a little (see change-clock.ts).
 *
 * A backfill window [from, to) (days) is read the same way between from 00:00:00 and
 * the last second before `to`, never open-ended, and ends there: its checkpoint is the
 * window's own, and the stream's cursor is left alone.
 */
export const WindowState = z.object({
  from: z.string().refine(isCompactTime, 'must be a yyyyMMddHHmmss time'),
  seen: z.number().int().min(0),
  last: z.array(z.string()).nullable(),
  groupTotal: z.number().int().min(0).nullable(),
  newest: z.string().refine(isCompactTime, 'must be a yyyyMMddHHmmss time').nullable(),
});
export type WindowState = z.infer<typeof WindowState>;

function isCompactTime(v: string): boolean {
  try {
    return /^\d{14}$/.test(v) && compactLocalTime('time', v) !== null;
  } catch {
    return false;
  }
}

/** One list service as a windowed stream reads it. */
export interface WindowedList {
  /** What progress messages call the rows. */
  label: string;
  fetch(client: DvcClient, params: RawListParams): Promise<DvcPage<unknown>>;
  /** The record's key, or null when it lacks one (the engine quarantines it). */
  key(row: unknown): string | null;
  /** The fields the portal orders rows by after NgayCapNhat, or null when one is missing. */
  order(row: unknown): string[] | null;
}

export { toCompact };

function addSeconds(time: string, seconds: number): string {
  return toCompact(new Date((compactLocalTime('time', time)?.getTime() ?? 0) + seconds * 1000));
}

function millis(time: string): number {
  return compactLocalTime('time', time)?.getTime() ?? 0;
}

/** A row's NgayCapNhat when it is a real `yyyyMMddHHmmss`, else null. */
function changeTime(row: unknown): string | null {
  const v: unknown = typeof row === 'object' && row !== null ? (row as Record<string, unknown>).NgayCapNhat : undefined;
  return typeof v === 'string' && isCompactTime(v) ? v : null;
}

function compareOrder(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Reads `list` from `rawState` (or `startDate`) to the portal's present, one checkpoint
 * per page; with `window`, only the changes of its days, ending at its last second.
 */
export async function* readWindowed(list: WindowedList, config: DvcConfig, rawState: unknown, ctx: ReadContext, window: ReadWindow | null = null): AsyncGenerator<ReadMessage> {
  const client = new DvcClient(config, ctx);
  const size = config.pageSize;
  const first = window ? window.from : config.startDate;
  const start = `${first.replace(/-/g, '')}000000`;
  // The window's last second (inclusive, as tuNgay/denNgay are), or null when reading to the present.
  const rangeEnd = window ? addSeconds(`${window.to.replace(/-/g, '')}000000`, -1) : null;
  const runStart = ctx.now();
  const runEnd = toCompact(runStart);
  const openEnd = toCompact(new Date(runStart.getTime() + OPEN_END_DAYS * 86_400_000));
  const parsed = WindowState.safeParse(rawState);
  // An unreadable state (an older shape, say) restarts from startDate: re-reading is safe, skipping is not.
  if (rawState !== null && !parsed.success) ctx.log(`${list.label}: stored state unreadable; reading again from ${first}`, { state: rawState });
  let state: WindowState = parsed.success ? parsed.data : { from: start, seen: 0, last: null, groupTotal: null, newest: null };
  // A window already read to its end (a job delivered again) has nothing left.
  if (rangeEnd !== null && state.from > rangeEnd) return;
  const span = Math.max(1, millis(rangeEnd ?? runEnd) - millis(start));

  const alreadyRead = (row: unknown): boolean => {
    if (state.last === null || changeTime(row) !== state.from) return false;
    const order = list.order(row);
    return order !== null && compareOrder(order, state.last) <= 0;
  };

  for (;;) {
    const group = state.seen >= size;
    const fullEnd = addSeconds(state.from, config.windowDays * 86_400 - 1);
    const windowEnd = rangeEnd !== null && fullEnd > rangeEnd ? rangeEnd : fullEnd;
    // The window reaching the hub's "now" is the last, and open-ended (never in a backfill window).
    const open = rangeEnd === null && !group && windowEnd >= runEnd;
    const to = group ? state.from : open ? openEnd : windowEnd;
    const pageIndex = !group ? 1 : state.groupTotal === null ? Math.ceil(state.seen / size) : Math.floor(state.seen / size) + 1;
    const from = state.from;
    const page = await list.fetch(client, { tuNgay: from, denNgay: to, pageIndex, pageSize: size });
    if (group && state.groupTotal !== null && page.total < state.groupTotal) {
      const seen = Math.max(0, state.seen - (state.groupTotal - page.total));
      ctx.log(`${list.label}: rows left the group being paged; stepping back`, { at: state.from, seen, total: page.total });
      state = { ...state, seen, groupTotal: seen >= size ? page.total : null };
      continue;
    }

    const rows = page.result;
    const fresh = rows.filter((row) => !alreadyRead(row));
    if (fresh.length) yield { type: 'records', records: fresh.map((payload): SourceRecord => ({ key: list.key(payload), payload })) };
    const newest = newestOf(fresh, 'NgayCapNhat', isCompactTime, state.newest);

    const real = rows.length > size ? rows.slice(rows.length - size) : rows;
    const offset = (pageIndex - 1) * size;
    let done = false;
    if (real.length < size || offset + real.length >= page.total) {
      if (open) {
        const next = nextStart(newest === null ? null : compactInstant(newest), runStart, config.lookbackMinutes * 60_000);
        const restart = next === null ? start : toCompact(next);
        state = { from: restart < start ? start : restart, seen: 0, last: null, groupTotal: null, newest };
        done = true;
      } else {
        state = { from: addSeconds(to, 1), seen: 0, last: null, groupTotal: null, newest };
        done = rangeEnd !== null && state.from > rangeEnd;
      }
    } else {
      state = { ...nextPosition(list, state, real, offset, group ? page.total : null, size), newest };
    }
    yield { type: 'checkpoint', state };
    yield {
      type: 'progress',
      fraction: done ? 1 : Math.min(1, Math.max(0, (millis(state.from) - millis(start)) / span)),
      message: `${list.label} changed ${from}–${open ? 'now' : to}, page ${pageIndex}: ${Math.min(offset + real.length, page.total)}/${page.total}`,
    };
    if (done) break;
  }
}

/**
 * The cursor after a full page: the last row with a readable time and order key,
 * and its position inside its second (rows before it at that second count as read).
 */
function nextPosition(list: WindowedList, state: WindowState, real: readonly unknown[], offset: number, groupTotal: number | null, size: number): Omit<WindowState, 'newest'> {
  for (let k = real.length - 1; k >= 0; k--) {
    const time = changeTime(real[k]);
    const order = list.order(real[k]);
    if (time === null || order === null) continue;
    const first = real.findIndex((row) => changeTime(row) === time);
    const groupStart = time === state.from ? 0 : offset + first;
    const seen = offset + k + 1 - groupStart;
    return { from: time, seen, last: order, groupTotal: seen >= size && time === state.from ? groupTotal : null };
  }
  throw new SourceUnavailableError(`${list.label}: a full page without one row carrying a readable NgayCapNhat and key; cannot page on`);
}
