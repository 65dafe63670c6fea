import type { SourceRecord, Stream } from '../../types';
import { DvcClient } from '../client';
import type { DvcConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toNationalProcedure, toPortalAgency } from '../map';
import { NationalProcedureSpec, PortalAgencySpec } from '../spec';

const toRecords = (rows: readonly unknown[], field: string): SourceRecord[] =>
  rows.map((payload) => {
    const v: unknown = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[field] : undefined;
    return { key: typeof v === 'string' && v ? v : null, payload };
  });

/** LayDanhMucCoQuan: the whole agency catalogue, read in one call each run. */
export const agenciesStream: Stream<DvcConfig> = {
  definition: { name: 'agencies', kind: 'agency', description: 'Agency catalogue of the portal (LayDanhMucCoQuan)', primaryKey: ['MADONVI'], cursorField: null },
  fullListing: true,
  async *read(config, _state, ctx) {
    yield { type: 'progress', fraction: null, message: 'reading the agency catalogue' };
    yield { type: 'records', records: toRecords(await new DvcClient(config, ctx).agencies(), 'MADONVI') };
    yield { type: 'checkpoint', state: { readAt: ctx.now().toISOString() } };
  },
  spec: PortalAgencySpec,
  map: mapChecked(PortalAgencySpec, (r) => ({ kind: 'agency', value: toPortalAgency(r) })),
};

/** LayDanhSachTTHC: the whole national procedure catalogue. */
export const proceduresStream: Stream<DvcConfig> = {
  definition: { name: 'procedures', kind: 'procedure', description: 'National procedure catalogue (LayDanhSachTTHC)', primaryKey: ['MaTTHC'], cursorField: null },
  fullListing: true,
  async *read(config, _state, ctx) {
    yield { type: 'progress', fraction: null, message: 'reading the national procedure catalogue' };
    yield { type: 'records', records: toRecords(await new DvcClient(config, ctx).procedures(), 'MaTTHC') };
    yield { type: 'checkpoint', state: { readAt: ctx.now().toISOString() } };
  },
  spec: NationalProcedureSpec,
  map: mapChecked(NationalProcedureSpec, (r) => ({ kind: 'procedure', value: toNationalProcedure(r) })),
};
