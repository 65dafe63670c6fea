import { z } from 'zod';
import { SourceUnavailableError } from '../../errors';
import { addDays, localDay } from '../../normalise';
import type { ReadMessage, Stream } from '../../types';
import { McdtClient } from '../client';
import type { McdtConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toPayment } from '../map';
import { PaymentSpec } from '../spec';

const PaymentState = z.object({ windowStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** B3 `/api/thanhtoan`: counter and transfer payments, whole day windows (the endpoint has no paging). */
export const paymentsStream: Stream<McdtConfig> = {
  definition: { name: 'payments', kind: 'payment', description: 'Counter and transfer payments (GET /api/thanhtoan), in day windows over NgayCapNhat', primaryKey: ['Ma'], cursorField: 'NgayCapNhat' },
  async *read(config, rawState, ctx): AsyncGenerator<ReadMessage> {
    const client = new McdtClient(config, ctx);
    const parsed = PaymentState.safeParse(rawState);
    let from = parsed.success ? parsed.data.windowStart : config.startDate;
    const today = localDay(ctx.now());
    while (from <= today) {
      const last = addDays(from, config.windowDays - 1);
      const to = last < today ? last : today;
      const rows = await client.payments(from, to);
      if (!Array.isArray(rows)) throw new SourceUnavailableError(`GET /api/thanhtoan ${from}..${to} did not answer a JSON list`);
      if (rows.length) yield { type: 'records', records: rows.map((payload) => ({ key: typeof payload?.Ma === 'string' && payload.Ma ? payload.Ma : null, payload })) };
      const lookback = addDays(today, -config.lookbackDays);
      const next = to >= today ? (lookback < config.startDate ? config.startDate : lookback) : addDays(to, 1);
      yield { type: 'checkpoint', state: { windowStart: next } };
      yield { type: 'progress', fraction: null, message: `payments changed ${from}..${to}: ${rows.length}` };
      if (to >= today) break;
      from = next;
    }
  },
  spec: PaymentSpec,
  map: mapChecked(PaymentSpec, (r) => ({ kind: 'payment', value: toPayment(r) })),
};
