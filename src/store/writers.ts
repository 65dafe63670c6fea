import type { PoolClient } from 'pg';
import type { RecordOf, UnifiedKind } from '../model/records';
import { agencySpec } from './writers/agency.writer';
import { bulkUpsert, type UpsertResult, type WriteMeta } from './writers/bulk-upsert';
import { refreshDocuments } from './documents';
import { documentEntrySpec, documentKeyOf, documentsConcerned, edxmlPackageSpec } from './writers/document.writers';
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
  document: async (client, records, meta) => {
    // A row whose DocumentId changed leaves its old document: rebuild both.
    const { rows: before } = await client.query<{ document_key: string }>(
      'select document_key from hub.document_entry where source_system = $1 and source_id = any($2::text[])',
      [meta.sourceSystem, records.map((r) => r.sourceId)],
    );
    const result = await bulkUpsert(client, documentEntrySpec(meta.sourceSystem), records, meta);
    await refreshDocuments(client, [...before.map((b) => b.document_key), ...records.map((r) => documentKeyOf(r, meta.sourceSystem))], meta.runId);
    return result;
  },
  edxmlPackage: async (client, records, meta) => {
    const result = await bulkUpsert(client, edxmlPackageSpec, records, meta);
    await refreshDocuments(client, documentsConcerned(records), meta.runId);
    return result;
  },
};
