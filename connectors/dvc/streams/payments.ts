import type { Stream } from '../../types';
import type { DvcConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toOnlinePayment, paymentKey } from '../map';
import { OnlinePaymentSpec } from '../spec';
import { readWindowed, type WindowedList } from './windowed';

const list: WindowedList = {
  label: 'online payments',
  fetch: (client, params) => client.payments(params),
  key: paymentKey,
  order: (row) => {
    const key = paymentKey(row);
    return key === null ? null : [key];
  },
};

/** LayDanhSachThanhToan: payment-platform transactions, in windows over NgayCapNhat (see windowed.ts). */
export const paymentsStream: Stream<DvcConfig> = {
  definition: {
    name: 'payments',
    kind: 'payment',
    description: 'Online fee payments on the payment platform (LayDanhSachThanhToan), keyed by the portal reference MaThamChieu',
    primaryKey: ['MaThamChieu'],
    cursorField: 'NgayCapNhat',
  },
  read: (config, state, ctx) => readWindowed(list, config, state, ctx),
  readWindow: (config, window, state, ctx) => readWindowed(list, config, state, ctx, window),
  spec: OnlinePaymentSpec,
  map: mapChecked(OnlinePaymentSpec, (r) => ({ kind: 'payment', value: toOnlinePayment(r) })),
};
