import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Agency, DossierEvent, Procedure, SourceRecord, SourceRecordVersion } from '../entities';

/** Batches each relation into one `WHERE key = ANY(…)` per request tick. */
export function createLoaders(em: EntityManager) {
  return {
    agencyByCode: new DataLoader<string, Agency | null>(async (codes) => {
      const rows = await em.find(Agency, { code: { $in: [...codes] } });
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    procedureByCode: new DataLoader<string, Procedure | null>(async (codes) => {
      const rows = await em.find(Procedure, { code: { $in: [...codes] } });
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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
