import { z } from 'zod';
import { isChangeTime, newestOf, nextStartDay, OPEN_END_DAYS } from '../../change-clock';
import { SourceUnavailableError } from '../../errors';
import { addDays, localDay } from '../../normalise';
import type { ReadContext, ReadMessage, Stream } from '../../types';
import { McdtClient } from '../client';
import type { McdtConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toPayment } from '../map';
import { PaymentSpec } from '../spec';

/** The window to read next, and the newest NgayCapNhat committed (the source's clock; see change-clock.ts). */
const PaymentState = z.object({ windowStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), newest: z.string().regex(/^\d{14}$/).nullable() });

/**
 * Reads whole day windows from `range.first`: to the source's present (the last window
 * open-ended; the next run starts `lookbackDays` before the day of the newest change
 * read), or, for a backfill window, to `range.last` and no further.
 */
async function* readDays(config: McdtConfig, rawState: unknown, ctx: ReadContext, range: { first: string; last: string | null }): AsyncGenerator<ReadMessage> {
  const client = new McdtClient(config, ctx);
  const parsed = PaymentState.safeParse(rawState);
  // An unreadable state (an older shape, say) restarts from the first day: re-reading is safe, skipping is not.
  if (rawState !== null && !parsed.success) ctx.log(`payments: stored state unreadable; reading again from ${range.first}`, { state: rawState });
  let from = parsed.success ? parsed.data.windowStart : range.first;
  let newest = parsed.success ? parsed.data.newest : null;
  // A backfill window already read to its end (a job delivered again) has nothing left.
  if (range.last !== null && from > range.last) return;
  const runStart = ctx.now();
  const today = localDay(runStart);
  for (;;) {
    const fullLast = addDays(from, config.windowDays - 1);
    const last = range.last !== null && fullLast > range.last ? range.last : fullLast;
    const open = range.last === null && last >= today;
    const closing = range.last !== null && last >= range.last;
    const to = open ? addDays(today, OPEN_END_DAYS) : last;
    const rows = await client.payments(from, to);
    if (!Array.isArray(rows)) throw new SourceUnavailableError(`GET /api/thanhtoan ${from}..${to} did not answer a JSON list`);
    if (rows.length) yield { type: 'records', records: rows.map((payload) => ({ key: typeof payload?.Ma === 'string' && payload.Ma ? payload.Ma : null, payload })) };
    newest = newestOf(rows, 'NgayCapNhat', isChangeTime, newest);
    const next = open ? nextStartDay(newest, runStart, config.lookbackDays, config.startDate) : addDays(last, 1);
    yield { type: 'checkpoint', state: { windowStart: next, newest } };
    yield { type: 'progress', fraction: open || closing ? 1 : null, message: `payments changed ${from}..${open ? 'now' : to}: ${rows.length}` };
    if (open || closing) break;
    from = next;
  }
}

/** B3 `/api/thanhtoan`: counter and transfer payments, whole day windows (the endpoint has no paging). */
export const paymentsStream: Stream<McdtConfig> = {
  definition: { name: 'payments', kind: 'payment', description: 'Counter and transfer payments (GET /api/thanhtoan), in day windows over NgayCapNhat', primaryKey: ['Ma'], cursorField: 'NgayCapNhat' },
  read: (config, rawState, ctx) => readDays(config, rawState, ctx, { first: config.startDate, last: null }),
  // [from, to) in days; the listing's day bounds are inclusive.
  readWindow: (config, window, rawState, ctx) => readDays(config, rawState, ctx, { first: window.from, last: addDays(window.to, -1) }),
  spec: PaymentSpec,
  map: mapChecked(PaymentSpec, (r) => ({ kind: 'payment', value: toPayment(r) })),
};
