import { createHash } from 'node:crypto';
import { z } from 'zod';
import { later, nextStart } from '../../change-clock';
import { SourceUnavailableError } from '../../errors';
import { VN_OFFSET_MS } from '../../normalise';
import type { ReadContext, ReadMessage, ReadWindow, SourceRecord, Stream } from '../../types';
import { QlvbClient } from '../client';
import type { QlvbConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toDocument } from '../map';
import { DocumentSpec } from '../spec';

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/**
 * A document stream's checkpoint.
 *
 * The listing is ordered by (NgayCapNhat, Id) and filtered by NgayCapNhat >=
 * `ngayCapNhatTu`, so the cursor itself does the paging: after each page the
 * next request starts again at page 1 from the newest NgayCapNhat read
 * (`since`), inclusive. A record changed while we page gets a NgayCapNhat of
 * "now", which is at or after `since`, so it is still ahead of us: pages
 * shifting under us cannot hide a record, and the only cost of the restart is
 * re-reading the rows that share the `since` second (the store's content hash
 * makes those duplicates free).
 *
 * One case needs page numbers: more rows sharing one NgayCapNhat than fit in a
 * page (a bulk import), where `since` cannot move. Then `offset` counts the rows
 * of that second already read and `lastKey` is the last of them. Rows leaving
 * that second (changed) would shift later rows back past the page boundary, so
 * before using a page at `offset` > 0 a one-row request checks that the row
 * just before it is still `lastKey`: a change takes rows out of a past second
 * (or puts one into the present second), and either moves that row. If it
 * moved, reading steps back to the latest page boundary of that second that
 * still holds (from 0 after a resume). A finished run leaves `offset` 0, so the
 * next run reads its last second again whole, late arrivals included.
 *
 * The listing has no upper bound, so it always reaches the source's present,
 * whatever its clock says. A source that commits a change late, stamped older than
 * one already served, is covered between runs: a finished run leaves `since` at the
 * newest change read (`newest`, by the source's clock, capped by the hub's) less
 * `lookbackMinutes`, and the store's content hash makes the re-read rows free (see
 * change-clock.ts).
 *
 * A backfill window [from, to) (days) starts at from 00:00:00 and ends at the first
 * row changed at or after `to` 00:00:00: the listing is ordered by NgayCapNhat, so
 * every row after it is outside the window too.
 */
const DocumentStreamState = z.object({
  since: z.string().regex(LOCAL_TIME),
  offset: z.number().int().min(0).default(0),
  lastKey: z.string().nullable().default(null),
  // States written before `newest` existed: their `since` is already the source's own time.
  newest: z.string().regex(LOCAL_TIME).nullable().default(null),
});
type DocumentStreamState = z.infer<typeof DocumentStreamState>;

/** Failed boundary checks allowed per run before giving up as transient. */
const MAX_STEP_BACKS = 50;

const field = (row: unknown, name: string): unknown => (typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[name] : undefined);

/** The record's key: its vendor `Id`. */
function keyOf(row: unknown): string | null {
  const id = field(row, 'Id');
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : null;
}

/** What identifies a row in the boundary check: its Id, or a digest when a broken row has none. */
function fingerprint(row: unknown): string | null {
  if (row === undefined) return null;
  return keyOf(row) ?? `#${createHash('sha256').update(JSON.stringify(row)).digest('hex').slice(0, 24)}`;
}

const isLocalTime = (t: unknown): t is string => typeof t === 'string' && LOCAL_TIME.test(t);

/** The newest well-formed NgayCapNhat on the page (rows are ordered, but a broken one must not move the cursor). */
function newestChange(rows: readonly unknown[]): string | null {
  let newest: string | null = null;
  for (const row of rows) {
    const t = field(row, 'NgayCapNhat');
    if (typeof t === 'string' && LOCAL_TIME.test(t) && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** Milliseconds of a local `yyyy-MM-ddTHH:mm:ss`. */
const localMs = (t: string) => Date.parse(`${t}+07:00`);

/** An instant as a local `yyyy-MM-ddTHH:mm:ss`. */
const localIso = (instant: Date) => new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19);

/** Reads a register from `rawState` (or `startDate`) to the source's present; with `window`, only the changes of its days. */
async function* readRegister(loai: 'den' | 'di', config: QlvbConfig, rawState: unknown, ctx: ReadContext, window: ReadWindow | null): AsyncGenerator<ReadMessage> {
  const incoming = loai === 'den';
  const client = new QlvbClient(config, ctx);
  const parsed = DocumentStreamState.safeParse(rawState);
  const first: DocumentStreamState = { since: `${window ? window.from : config.startDate}T00:00:00`, offset: 0, lastKey: null, newest: null };
  // The first change time past a backfill window, or null when reading to the present.
  const end = window ? `${window.to}T00:00:00` : null;
  let state = parsed.success ? parsed.data : first;
  // A backfill window already read to its end (a job delivered again) has nothing left.
  if (end !== null && state.since >= end) return;
  // An offset only means something with the page size that made it.
  if (state.offset % config.pageSize !== 0) state = { ...state, offset: 0, lastKey: null };
  let newest = state.newest;
  const runStart = ctx.now();
  const startMs = localMs(first.since);
  const spanMs = Math.max(1, (end === null ? runStart.getTime() : localMs(end)) - startMs);
  // Keys at the page boundaries of the current second, to step back only as far as rows moved.
  const boundaries = new Map<number, string | null>();
  const holds = async (offset: number, key: string | null | undefined): Promise<boolean> => {
    if (key === null || key === undefined) return false;
    // With pageSize 1, page n is the row at offset n-1; a duplicated row may precede it.
    const probe = await client.documents(loai, state.since, offset, 1);
    const rows: unknown[] = Array.isArray(probe?.duLieu) ? probe.duLieu : [];
    return fingerprint(rows[rows.length - 1]) === key;
  };
  let stepBacks = 0;

  for (;;) {
    const answer = await client.documents(loai, state.since, state.offset / config.pageSize + 1, config.pageSize);
    if (!answer || !Array.isArray(answer.duLieu) || typeof answer.tongSo !== 'number') {
      throw new SourceUnavailableError(`GET /api/v1/van-ban?loai=${loai} answered without tongSo/duLieu`);
    }
    if (state.offset > 0 && !(await holds(state.offset, state.lastKey))) {
      if (++stepBacks > MAX_STEP_BACKS) throw new SourceUnavailableError(`the ${loai} listing at ${state.since} keeps shifting; try again later`);
      let back = state.offset - config.pageSize;
      while (back > 0 && !(await holds(back, boundaries.get(back)))) back -= config.pageSize;
      ctx.log('rows shifted within one change second; stepping back', { loai, since: state.since, from: state.offset, to: back });
      state = { ...state, offset: back, lastKey: back > 0 ? (boundaries.get(back) ?? null) : null };
      continue;
    }
    const page: unknown[] = answer.duLieu;
    // In a backfill window, the rows before the first one changed after it.
    const past = end === null ? -1 : page.findIndex((row) => isLocalTime(field(row, 'NgayCapNhat')) && (field(row, 'NgayCapNhat') as string) >= end);
    const rows = past < 0 ? page : page.slice(0, past);
    if (rows.length) yield { type: 'records', records: rows.map((payload): SourceRecord => ({ key: keyOf(payload), payload })) };
    const done = page.length === 0 || past >= 0 || state.offset + config.pageSize >= answer.tongSo;
    const pageNewest = newestChange(rows);
    newest = later(newest ?? state.since, pageNewest);
    if (done && end !== null) {
      state = { since: end, offset: 0, lastKey: null, newest };
    } else if (done) {
      // The next run starts a little before the newest change read (the source's clock, capped by ours).
      const next = nextStart(newest === null ? null : new Date(localMs(newest)), runStart, config.lookbackMinutes * 60_000);
      const since = next === null ? state.since : localIso(next);
      state = { since: since < first.since ? first.since : since, offset: 0, lastKey: null, newest };
    } else if (pageNewest !== null && pageNewest > state.since) {
      state = { since: pageNewest, offset: 0, lastKey: null, newest };
      boundaries.clear();
    } else {
      state = { since: state.since, offset: state.offset + config.pageSize, lastKey: fingerprint(rows[rows.length - 1]), newest };
      boundaries.set(state.offset, state.lastKey);
    }
    yield { type: 'checkpoint', state };
    const fraction = Math.min(1, Math.max(0, (localMs(state.since) - startMs) / spanMs));
    yield { type: 'progress', fraction: done ? 1 : fraction, message: `${incoming ? 'incoming' : 'outgoing'} documents changed since ${state.since}` };
    if (done) break;
  }
}

function documentsStream(loai: 'den' | 'di'): Stream<QlvbConfig> {
  const incoming = loai === 'den';
  return {
    definition: {
      name: incoming ? 'documents-incoming' : 'documents-outgoing',
      kind: 'document',
      description: `${incoming ? 'Incoming' : 'Outgoing'} register (GET /api/v1/van-ban?loai=${loai}), paged over NgayCapNhat`,
      primaryKey: ['Id'],
      cursorField: 'NgayCapNhat',
    },
    read: (config, rawState, ctx) => readRegister(loai, config, rawState, ctx, null),
    readWindow: (config, window, rawState, ctx) => readRegister(loai, config, rawState, ctx, window),
    spec: DocumentSpec,
    map: mapChecked(DocumentSpec, (r) => ({ kind: 'document', value: toDocument(r) })),
  };
}

/** A1 `loai=den`: the incoming register. */
export const incomingDocumentsStream = documentsStream('den');
/** A1 `loai=di`: the outgoing register. */
export const outgoingDocumentsStream = documentsStream('di');
