import type { Stream } from '../../types';
import type { DvcConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toRating, ratingKey } from '../map';
import { RatingSpec } from '../spec';
import type { RawRating } from '../raw';
import { readWindowed, type WindowedList } from './windowed';

const list: WindowedList = {
  label: 'ratings',
  fetch: (client, params) => client.ratings(params),
  key: ratingKey,
  // Ordered by the key's parts, not by the joined key: "A|…" must sort before "AB|…".
  order: (row) => {
    if (ratingKey(row) === null) return null;
    const r = row as RawRating;
    return [r.MaHoSo, r.ThoiGianDanhGia];
  },
};

/** LayDanhSachDanhGia: citizens' satisfaction ratings, in windows over NgayCapNhat (see windowed.ts). */
export const ratingsStream: Stream<DvcConfig> = {
  definition: {
    name: 'ratings',
    kind: 'rating',
    description: 'Satisfaction ratings of dossiers (LayDanhSachDanhGia), in windows over NgayCapNhat',
    primaryKey: ['MaHoSo', 'ThoiGianDanhGia'],
    cursorField: 'NgayCapNhat',
  },
  read: (config, state, ctx) => readWindowed(list, config, state, ctx),
  readWindow: (config, window, state, ctx) => readWindowed(list, config, state, ctx, window),
  spec: RatingSpec,
  map: mapChecked(RatingSpec, (r) => ({ kind: 'rating', value: toRating(r) })),
};
