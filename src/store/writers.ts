import type { PoolClient } from 'pg';
import type { RecordOf, UnifiedKind } from '../model/records';
import { agencySpec } from './writers/agency.writer';
import { bulkUpsert, type UpsertResult } from './writers/bulk-upsert';
import { dossierSpec, writeDossierEvents } from './writers/dossier.writer';
import { procedureSpec } from './writers/procedure.writer';

export type { UpsertResult };

type Writer<K extends UnifiedKind> = (client: PoolClient, records: RecordOf<K>[], meta: { sourceSystem: string; runId: number }) => Promise<UpsertResult>;

/** How each unified kind reaches the store: one batch, a few statements. */
export const WRITERS: { [K in UnifiedKind]: Writer<K> } = {
  agency: (client, records, meta) => bulkUpsert(client, agencySpec, records, meta),
  procedure: (client, records, meta) => bulkUpsert(client, procedureSpec, records, meta),
  dossier: async (client, records, meta) => {
    const result = await bulkUpsert(client, dossierSpec, records, meta);
    await writeDossierEvents(client, records, result);
    return result;
  },
};
