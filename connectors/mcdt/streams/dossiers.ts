import { z } from 'zod';
import { SourceUnavailableError } from '../../errors';
import { isChangeTime, newestOf, nextStartDay, OPEN_END_DAYS } from '../../change-clock';
import { addDays, localDay } from '../../normalise';
import type { ReadContext, ReadMessage, SourceRecord, Stream } from '../../types';
import { McdtClient } from '../client';
import type { McdtConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toDossier } from '../map';
import type { RawDossier } from '../raw';
import { DossierSpec } from '../spec';

/**
 * The dossier stream's checkpoint: the first day of the window being read and the
 * row offset reached inside it. `anchor` is the key of the last row committed, used
 * to notice rows shifting between pages (records change while we page). `newest` is
 * the newest NgayCapNhat committed, by the source's clock: the next run starts from
 * its day (see change-clock.ts).
 */
const DossierState = z.object({
  windowStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  offset: z.number().int().min(0),
  anchor: z.string().nullable().default(null),
  newest: z.string().regex(/^\d{14}$/).nullable(),
});
type DossierState = z.infer<typeof DossierState>;

const keyOf = (d: RawDossier | null | undefined): string | null => (d && typeof d.MaHoSo === 'string' && d.MaHoSo ? d.MaHoSo : null);

/**
 * Where new rows start in a page fetched from `offset - overlap`: just after the
 * anchor (the last row already read). Returns -1 when the anchor is not in the
 * overlap, i.e. rows shifted more than the overlap (or the anchor itself moved).
 */
export function resumeIndex(page: readonly RawDossier[], anchor: string | null, overlap: number): number {
  if (anchor === null || overlap === 0) return 0;
  for (let i = Math.min(page.length, overlap * 2) - 1; i >= 0; i--) if (keyOf(page[i]) === anchor) return i + 1;
  return -1;
}

/**
 * B1 `/api/hoso`, read in day windows from `startDate`, `pageSize` rows a page. The
 * last window is open-ended, so it reaches the source's present whatever its clock
 * says. The next run starts `lookbackDays` before the day of the newest change read
 * (the source's windows are whole days, and records can be committed late), which
 * the store's content hash makes cheap.
 */
async function* readDays(config: McdtConfig, rawState: unknown, ctx: ReadContext, range: { first: string; last: string | null }): AsyncGenerator<ReadMessage> {
  const client = new McdtClient(config, ctx);
  const parsed = DossierState.safeParse(rawState);
  // An unreadable state (an older shape, say) restarts from startDate: re-reading is safe, skipping is not.
  if (rawState !== null && !parsed.success) ctx.log(`dossiers: stored state unreadable; reading again from ${range.first}`, { state: rawState });
  let state: DossierState = parsed.success ? parsed.data : { windowStart: range.first, offset: 0, anchor: null, newest: null };
  const runStart = ctx.now();
  const today = localDay(runStart);
  const openEnd = addDays(today, OPEN_END_DAYS);
  const firstDay = Date.parse(range.first);
  const totalDays = Math.max(1, (Date.parse(range.last ?? today) - firstDay) / 86_400_000 + 1);
  // A backfill window ends at its last day, never open-ended, and leaves the stream's own cursor alone.
  if (range.last !== null && state.windowStart > range.last) return;
  let restarts = 0;

  for (;;) {
    const from = state.windowStart;
    const fullDay = addDays(from, config.windowDays - 1);
    const lastDay = range.last !== null && fullDay > range.last ? range.last : fullDay;
    // The window reaching the hub's today is the last, and open-ended (not in a bounded range).
    const open = range.last === null && lastDay >= today;
    const closing = range.last !== null && lastDay >= range.last;
    const to = open ? openEnd : lastDay;
    const overlap = state.offset > 0 && state.anchor ? Math.min(config.pageOverlap, state.offset) : 0;
    const start = state.offset - overlap;
    const page = await client.dossiers(from, to, start, start + config.pageSize - 1);
    if (!page || !Array.isArray(page.DuLieu) || typeof page.TongSo !== 'number') {
      throw new SourceUnavailableError(`GET /api/hoso ${from}..${to} answered without TongSo/DuLieu`);
    }
    const rows = page.DuLieu;
    const skip = resumeIndex(rows, state.anchor, overlap);
    if (skip < 0) {
      // Rows moved further than our overlap: read this window again from its start.
      // Nothing is lost and, thanks to the content hash, nothing is written twice.
      if (++restarts > 20) throw new SourceUnavailableError(`the dossier listing for ${from}..${to} keeps shifting; try a smaller window`);
      ctx.log('rows shifted between pages; re-reading the window', { from, to });
      state = { ...state, windowStart: from, offset: 0, anchor: null };
      continue;
    }
    const fresh = rows.slice(skip);
    if (fresh.length) yield { type: 'records', records: fresh.map((payload): SourceRecord => ({ key: keyOf(payload), payload })) };
    const newest = newestOf(fresh, 'NgayCapNhat', isChangeTime, state.newest);
    // A page longer than asked for (the source repeating the previous page's last row)
    // still covers only the rows asked for: counting the extra row would skip one.
    const offset = start + Math.min(rows.length, config.pageSize);
    const done = rows.length === 0 || offset >= page.TongSo;
    if (!done) {
      state = { windowStart: from, offset, anchor: keyOf(rows[rows.length - 1]), newest };
    } else if (open) {
      state = { windowStart: nextStartDay(newest, runStart, config.lookbackDays, config.startDate), offset: 0, anchor: null, newest };
    } else {
      state = { windowStart: addDays(lastDay, 1), offset: 0, anchor: null, newest };
    }
    yield { type: 'checkpoint', state };
    const daysDone = (Date.parse(from) - firstDay) / 86_400_000;
    const shownTo = open ? 'now' : to;
    yield { type: 'progress', fraction: done && (open || closing) ? 1 : Math.min(1, daysDone / totalDays), message: `dossiers changed ${from}..${shownTo}: ${Math.min(offset, page.TongSo)}/${page.TongSo}` };
    if (done && (open || closing)) break;
  }
}

export const dossiersStream: Stream<McdtConfig> = {
  definition: {
    name: 'dossiers',
    kind: 'dossier',
    description: 'Administrative-procedure dossiers with process logs (GET /api/hoso), in day windows over NgayCapNhat',
    primaryKey: ['MaHoSo'],
    cursorField: 'NgayCapNhat',
  },
  read(config, rawState, ctx) {
    return readDays(config, rawState, ctx, { first: config.startDate, last: null });
  },
  readWindow(config, window, rawState, ctx) {
    // [from, to) in days; the listing's day bounds are inclusive.
    return readDays(config, rawState, ctx, { first: window.from, last: addDays(window.to, -1) });
  },
  spec: DossierSpec,
  map: mapChecked(DossierSpec, (r) => ({ kind: 'dossier', value: toDossier(r) })),
};
