import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { rowMapper } from './row-mapper';
import { Agency, Document, DocumentEntry, DossierEvent, DossierLink, EdxmlPackage, Payment, Procedure, Rating, SourceRecord, SourceRecordVersion } from '../entities';

/** Batches each relation into one `WHERE key = ANY(…)` per request tick. */
export function createLoaders(em: EntityManager) {
  return {
    agencyByCode: new DataLoader<string, Agency | null>(async (codes) => {
      const rows = ((await em.getKnex()('hub.agency').whereIn('code', [...codes])) as Record<string, unknown>[]).map(rowMapper(em, Agency));
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    procedureByCode: new DataLoader<string, Procedure | null>(async (codes) => {
      const rows = ((await em.getKnex()('hub.procedure').whereIn('code', [...codes])) as Record<string, unknown>[]).map(rowMapper(em, Procedure));
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    eventsByDossierId: new DataLoader<number, DossierEvent[]>(async (ids) => {
      const rows = await em.find(DossierEvent, { dossier: { $in: [...ids] } }, { orderBy: { dossier: 'asc', seq: 'asc' } });
      const byDossier = new Map<number, DossierEvent[]>();
      for (const r of rows) {
        const id = r.dossier.id;
        byDossier.set(id, [...(byDossier.get(id) ?? []), r]);
      }
      return ids.map((id) => byDossier.get(id) ?? []);
    }),
    /** Source records by the key sources identify them by (a dossier code, a vendor id, …). */
    sourcesByKey: new DataLoader<string, SourceRecord[]>(async (keys) => {
      const rows = await em.find(SourceRecord, { sourceKey: { $in: [...keys] } }, { orderBy: { id: 'asc' } });
      return keys.map((k) => rows.filter((r) => r.sourceKey === k));
    }),
    versionsByRecordId: new DataLoader<string, SourceRecordVersion[]>(async (ids) => {
      const rows = await em.find(SourceRecordVersion, { recordId: { $in: [...ids] } }, { orderBy: { recordId: 'asc', version: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.recordId === id));
    }),
    linksByDossierId: new DataLoader<number, DossierLink[]>(async (ids) => {
      const rows = await em.find(DossierLink, { dossierId: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.dossierId === id));
    }),
    /** Register rows behind each unified document. */
    entriesByDocumentKey: new DataLoader<string, DocumentEntry[]>(async (keys) => {
      const rows = await em.find(DocumentEntry, { documentKey: { $in: [...keys] } }, { orderBy: { id: 'asc' } });
      return keys.map((k) => rows.filter((r) => r.documentKey === k));
    }),
    /** edXML packages that brought or name each exchanged document (by its edXML document id), oldest first. */
    packagesByEdxmlDocumentId: new DataLoader<string, EdxmlPackage[]>(async (ids) => {
      const rows = await em.find(EdxmlPackage, { $or: [{ documentId: { $in: [...ids] } }, { targetDocumentId: { $in: [...ids] } }] }, { orderBy: { id: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.documentId === id || r.targetDocumentId === id));
    }),
    /** Payments of any source by dossier code (a dossier is asked for under each of its codes); not those gone at source. */
    paymentsByCode: new DataLoader<string, Payment[]>(async (codes) => {
      const rows = await em.find(Payment, { dossierCode: { $in: [...codes] }, goneAt: null }, { orderBy: { id: 'asc' } });
      return codes.map((c) => rows.filter((r) => r.dossierCode === c));
    }),
    ratingsByCode: new DataLoader<string, Rating[]>(async (codes) => {
      const rows = await em.find(Rating, { dossierCode: { $in: [...codes] }, goneAt: null }, { orderBy: { ratedAt: 'asc' } });
      return codes.map((c) => rows.filter((r) => r.dossierCode === c));
    }),
    /**
     * A dossier's result documents: the outgoing document with the dossier's result
     * number/symbol issued on its signing day, or any document whose subject names the
     * dossier code. Key: `code|number|yyyy-MM-dd`.
     */
    resultDocuments: new DataLoader<string, Document[]>(async (keys) => {
      const parts = keys.map((k) => k.split('|') as [string, string, string]);
      const knex = em.getKnex();
      const rows = await knex.raw<{ rows: { id: number; key: string }[] }>(
        `select d.id, k.key from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as k(key, code, num, day)
           join hub.document d on (k.num <> '' and (d.number_symbol_raw = k.num or (d.number = split_part(k.num, '/', 1) and d.symbol = split_part(k.num, '/', 2)))
                                   and (k.day = '' or d.issued_date = k.day::date))
                               or d.search_text like '%' || lower(k.code) || '%'
          where d.gone_at is null`,
        [keys as string[], parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2])],
      );
      const docs = await em.find(Document, { id: { $in: [...new Set(rows.rows.map((r) => r.id))] } }, { orderBy: { id: 'asc' } });
      const byId = new Map(docs.map((d) => [d.id, d]));
      return keys.map((k) => rows.rows.filter((r) => r.key === k).map((r) => byId.get(r.id)!).filter(Boolean));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
