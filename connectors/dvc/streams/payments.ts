import type { Stream } from '../../types';
import type { DvcConfig } from '../config';
import { mapOnlinePayment, paymentKey } from '../map';
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
    description: 'Online fee payments on the payment platform (LayDanhSachThanhToan), keyed by MaGiaoDich, else MaThamChieu',
    primaryKey: ['MaGiaoDich', 'MaThamChieu'],
    cursorField: 'NgayCapNhat',
  },
  read: (config, state, ctx) => readWindowed(list, config, state, ctx),
  map: (payload) => ({ kind: 'payment', value: mapOnlinePayment(payload) }),
};
