import type { SourceRecord, Stream } from '../../types';
import { McdtClient } from '../client';
import type { McdtConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toAgency, toProcedure } from '../map';
import { AgencySpec, ProcedureSpec } from '../spec';

const keyOf = (payload: unknown, field: string): string | null => {
  const v: unknown = (payload as Record<string, unknown> | null)?.[field];
  return typeof v === 'string' && v ? v : null;
};

const toRecords = (rows: unknown, field: string): SourceRecord[] => {
  if (!Array.isArray(rows)) throw new Error(`the catalogue answer is not a JSON list`);
  return (rows as unknown[]).map((payload) => ({ key: keyOf(payload, field), payload }));
};

/** B2 `/api/donvi`: the whole agency catalogue, read in one request each run. */
export const agenciesStream: Stream<McdtConfig> = {
  definition: { name: 'agencies', kind: 'agency', description: 'Agency catalogue (GET /api/donvi)', primaryKey: ['MaDinhDanh'], cursorField: null },
  async *read(config, _state, ctx) {
    yield { type: 'progress', fraction: null, message: 'reading the agency catalogue' };
    yield { type: 'records', records: toRecords(await new McdtClient(config, ctx).agencies(), 'MaDinhDanh') };
    yield { type: 'checkpoint', state: { readAt: ctx.now().toISOString() } };
  },
  spec: AgencySpec,
  map: mapChecked(AgencySpec, (r) => ({ kind: 'agency', value: toAgency(r) })),
  fullListing: true,
};

/** B2 `/api/thutuc`: the whole local procedure catalogue. */
export const proceduresStream: Stream<McdtConfig> = {
  definition: { name: 'procedures', kind: 'procedure', description: 'Local procedure catalogue (GET /api/thutuc)', primaryKey: ['MaTTHC'], cursorField: null },
  async *read(config, _state, ctx) {
    yield { type: 'progress', fraction: null, message: 'reading the procedure catalogue' };
    yield { type: 'records', records: toRecords(await new McdtClient(config, ctx).procedures(), 'MaTTHC') };
    yield { type: 'checkpoint', state: { readAt: ctx.now().toISOString() } };
  },
  spec: ProcedureSpec,
  map: mapChecked(ProcedureSpec, (r) => ({ kind: 'procedure', value: toProcedure(r) })),
  fullListing: true,
};
