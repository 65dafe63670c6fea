import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Agency, DossierEvent, Procedure } from '../entities';

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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
