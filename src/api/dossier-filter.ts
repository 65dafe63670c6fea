import type { Knex } from '@mikro-orm/postgresql';
import { foldVietnamese } from '../model/fold';
import { userInputError } from './errors';
import type { DossierFilter } from './types/dossier.types';
import type { DateTimeFilter, StringFilter } from './types/filters.types';

/**
 * The LIKE pattern of a text search over a folded `search_text` column (dossiers, documents):
 * accents, case and Unicode form ignored; LIKE's wildcards escaped. The trigram index serves it.
 */
export function searchPattern(search: string): string {
  const text = search.trim();
  if (text.length < 2) throw userInputError('"search" needs at least 2 characters', 'filter.search');
  return `%${foldVietnamese(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type Q = Knex.QueryBuilder;

function stringFilter(q: Q, column: string, f: StringFilter | null | undefined): void {
  if (!f) return;
  if (f.eq != null) q.where(column, f.eq.normalize('NFC'));
  if (f.in != null) q.whereIn(column, f.in.map((v) => v.normalize('NFC')));
  if (f.isNull === true) q.whereNull(column);
  if (f.isNull === false) q.whereNotNull(column);
}

function timeFilter(q: Q, column: string, f: DateTimeFilter | null | undefined): void {
  if (!f) return;
  if (f.gte != null) q.where(column, '>=', f.gte);
  if (f.gt != null) q.where(column, '>', f.gt);
  if (f.lte != null) q.where(column, '<=', f.lte);
  if (f.lt != null) q.where(column, '<', f.lt);
  if (f.isNull === true) q.whereNull(column);
  if (f.isNull === false) q.whereNotNull(column);
}

/** Adds a dossier filter's conditions to a query on hub.dossier (recursively for and / or / not). */
export function applyDossierFilter(q: Q, f: DossierFilter | null | undefined, depth = 0): Q {
  if (!f) return q;
  if (depth > 8) throw userInputError('filters may nest at most 8 levels deep', 'filter');
  if (f.agencyCode != null) q.where('agency_code', f.agencyCode.normalize('NFC'));
  if (f.procedureCode != null) q.where((w) => void w.where('procedure_code', f.procedureCode).orWhere('national_procedure_code', f.procedureCode));
  if (f.status != null) q.where('status', f.status);
  if (f.statusIn != null) q.whereIn('status', f.statusIn);
  if (f.channel != null) q.where('channel', f.channel);
  if (f.channelIn != null) q.whereIn('channel', f.channelIn);
  if (f.receivedFrom != null) q.where('received_at', '>=', f.receivedFrom);
  if (f.receivedTo != null) q.where('received_at', '<', f.receivedTo);
  if (f.code) {
    const c = f.code;
    q.where((w) => {
      stringFilter(w, 'code', c);
      if (c.eq != null || c.in != null) w.orWhere((o) => stringFilter(o, 'other_code', { eq: c.eq, in: c.in }));
    });
  }
  stringFilter(q, 'agency_code', f.agency);
  stringFilter(q, 'national_procedure_code', f.nationalProcedureCode);
  stringFilter(q, 'field_code', f.field);
  stringFilter(q, 'origin', f.origin);
  timeFilter(q, 'submitted_at', f.submittedAt);
  timeFilter(q, 'received_at', f.receivedAt);
  timeFilter(q, 'due_at', f.dueAt);
  timeFilter(q, 'finished_at', f.finishedAt);
  if (f.search != null) q.where('search_text', 'like', searchPattern(f.search));
  for (const sub of f.and ?? []) q.where((w) => void applyDossierFilter(w, sub, depth + 1));
  if (f.or?.length) q.where((w) => { for (const sub of f.or!) w.orWhere((o) => void applyDossierFilter(o, sub, depth + 1)); });
  if (f.not) q.whereNot((w) => void applyDossierFilter(w, f.not, depth + 1));
  return q;
}
