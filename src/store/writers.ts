import type { PoolClient } from 'pg';
import type { RecordOf, UnifiedKind } from '../model/records';
import { agencySpec } from './writers/agency.writer';
import { bulkUpsert, type UpsertResult, type WriteMeta } from './writers/bulk-upsert';
import { applyEdxmlEffects, documentSpec, edxmlPackageSpec } from './writers/document.writers';
import { dossierSpec, writeDossierEvents } from './writers/dossier.writer';
import { linkPortalDossiers, portalCopiesOf } from './linking';
import { procedureSpec } from './writers/procedure.writer';
import { paymentSpec, portalDossierSpec, ratingSpec } from './writers/source.writers';

export type { UpsertResult, WriteMeta };

type Writer<K extends UnifiedKind> = (client: PoolClient, records: RecordOf<K>[], meta: WriteMeta) => Promise<UpsertResult>;

/** How each unified kind reaches the store: one batch, a few statements. */
export const WRITERS: { [K in UnifiedKind]: Writer<K> } = {
  agency: (client, records, meta) => bulkUpsert(client, agencySpec, records, meta),
  procedure: (client, records, meta) => bulkUpsert(client, procedureSpec, records, meta),
  dossier: async (client, records, meta) => {
    const result = await bulkUpsert(client, dossierSpec, records, meta);
    await writeDossierEvents(client, records, result);
    await linkPortalDossiers(client, await portalCopiesOf(client, result.changed.map((c) => c.key)), meta.runId);
    return result;
  },
  portalDossier: async (client, records, meta) => {
    const result = await bulkUpsert(client, portalDossierSpec, records, meta);
    await linkPortalDossiers(client, result.changed.map((c) => c.key), meta.runId);
    return result;
  },
  payment: (client, records, meta) => bulkUpsert(client, paymentSpec, records, meta),
  rating: (client, records, meta) => bulkUpsert(client, ratingSpec, records, meta),
  document: (client, records, meta) => bulkUpsert(client, documentSpec, records, meta),
  edxmlPackage: async (client, records, meta) => {
    const result = await bulkUpsert(client, edxmlPackageSpec, records, meta);
    await applyEdxmlEffects(client, records);
    return result;
  },
};
