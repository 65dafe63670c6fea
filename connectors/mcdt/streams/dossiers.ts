import { z } from 'zod';
import { SourceUnavailableError } from '../../errors';
import { addDays, localDay } from '../../normalise';
import type { ReadMessage, SourceRecord, Stream } from '../../types';
import { McdtClient } from '../client';
import type { McdtConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toDossier } from '../map';
import type { RawDossier } from '../raw';
import { DossierSpec } from '../spec';

/**
 * The dossier stream's checkpoint: the first day of the window being read and the
 * row offset reached inside it. `anchor` is the key of the last row committed, used
 * to notice rows shifting between pages (records change while we page).
 */
const DossierState = z.object({
  windowStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  offset: z.number().int().min(0),
  anchor: z.string().nullable().default(null),
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
 * B1 `/api/hoso`, read in day windows from `startDate` to today, `pageSize` rows a page.
 * The last `lookbackDays` days and today are re-read on the next run (the source's
 * windows are whole days, and records can be committed late), which the store's
 * content hash makes cheap.
 */
export const dossiersStream: Stream<McdtConfig> = {
  definition: {
    name: 'dossiers',
    kind: 'dossier',
    description: 'Administrative-procedure dossiers with process logs (GET /api/hoso), in day windows over NgayCapNhat',
    primaryKey: ['MaHoSo'],
    cursorField: 'NgayCapNhat',
  },
  async *read(config, rawState, ctx): AsyncGenerator<ReadMessage> {
    const client = new McdtClient(config, ctx);
    const parsed = DossierState.safeParse(rawState);
    let state: DossierState = parsed.success ? parsed.data : { windowStart: config.startDate, offset: 0, anchor: null };
    const today = localDay(ctx.now());
    const firstDay = Date.parse(config.startDate);
    const totalDays = Math.max(1, (Date.parse(today) - firstDay) / 86_400_000 + 1);
    let restarts = 0;

    while (state.windowStart <= today) {
      const from = state.windowStart;
      const lastDay = addDays(from, config.windowDays - 1);
      const to = lastDay < today ? lastDay : today;
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
        state = { windowStart: from, offset: 0, anchor: null };
        continue;
      }
      const fresh = rows.slice(skip);
      if (fresh.length) yield { type: 'records', records: fresh.map((payload): SourceRecord => ({ key: keyOf(payload), payload })) };
      const offset = start + rows.length;
      const done = rows.length === 0 || offset >= page.TongSo;
      if (!done) {
        state = { windowStart: from, offset, anchor: keyOf(rows[rows.length - 1]) };
      } else if (to >= today) {
        const lookback = addDays(today, -config.lookbackDays);
        state = { windowStart: lookback < config.startDate ? config.startDate : lookback, offset: 0, anchor: null };
      } else {
        state = { windowStart: addDays(to, 1), offset: 0, anchor: null };
      }
      yield { type: 'checkpoint', state };
      const daysDone = (Date.parse(from) - firstDay) / 86_400_000;
      yield { type: 'progress', fraction: Math.min(1, daysDone / totalDays), message: `dossiers changed ${from}..${to}: ${Math.min(offset, page.TongSo)}/${page.TongSo}` };
      if (done && to >= today) break;
    }
  },
  spec: DossierSpec,
  map: mapChecked(DossierSpec, (r) => ({ kind: 'dossier', value: toDossier(r) })),
};
