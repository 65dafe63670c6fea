import { z } from 'zod';
import { isChangeTime, newestOf, nextStartDay, OPEN_END_DAYS } from '../../change-clock';
import { SourceUnavailableError } from '../../errors';
import { addDays, localDay } from '../../normalise';
import type { ReadMessage, Stream } from '../../types';
import { McdtClient } from '../client';
import type { McdtConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toPayment } from '../map';
import { PaymentSpec } from '../spec';

/** The window to read next, and the newest NgayCapNhat committed (the source's clock; see change-clock.ts). */
const PaymentState = z.object({ windowStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), newest: z.string().regex(/^\d{14}$/).nullable() });

/**
 * B3 `/api/thanhtoan`: counter and transfer payments, whole day windows (the endpoint
 * has no paging), the last one open-ended; the next run starts `lookbackDays` before
 * the day of the newest change read.
 */
export const paymentsStream: Stream<McdtConfig> = {
  definition: { name: 'payments', kind: 'payment', description: 'Counter and transfer payments (GET /api/thanhtoan), in day windows over NgayCapNhat', primaryKey: ['Ma'], cursorField: 'NgayCapNhat' },
  async *read(config, rawState, ctx): AsyncGenerator<ReadMessage> {
    const client = new McdtClient(config, ctx);
    const parsed = PaymentState.safeParse(rawState);
    // An unreadable state (an older shape, say) restarts from startDate: re-reading is safe, skipping is not.
    if (rawState !== null && !parsed.success) ctx.log(`payments: stored state unreadable; reading again from ${config.startDate}`, { state: rawState });
    let from = parsed.success ? parsed.data.windowStart : config.startDate;
    let newest = parsed.success ? parsed.data.newest : null;
    const runStart = ctx.now();
    const today = localDay(runStart);
    for (;;) {
      const last = addDays(from, config.windowDays - 1);
      const open = last >= today;
      const to = open ? addDays(today, OPEN_END_DAYS) : last;
      const rows = await client.payments(from, to);
      if (!Array.isArray(rows)) throw new SourceUnavailableError(`GET /api/thanhtoan ${from}..${to} did not answer a JSON list`);
      if (rows.length) yield { type: 'records', records: rows.map((payload) => ({ key: typeof payload?.Ma === 'string' && payload.Ma ? payload.Ma : null, payload })) };
      newest = newestOf(rows, 'NgayCapNhat', isChangeTime, newest);
      const next = open ? nextStartDay(newest, runStart, config.lookbackDays, config.startDate) : addDays(last, 1);
      yield { type: 'checkpoint', state: { windowStart: next, newest } };
      yield { type: 'progress', fraction: open ? 1 : null, message: `payments changed ${from}..${open ? 'now' : to}: ${rows.length}` };
      if (open) break;
      from = next;
    }
  },
  spec: PaymentSpec,
  map: mapChecked(PaymentSpec, (r) => ({ kind: 'payment', value: toPayment(r) })),
};
