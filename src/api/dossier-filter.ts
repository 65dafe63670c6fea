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

/** SQL with `$n` parameters, the values appended to `params` in the order their placeholders appear. */
class Conditions {
  readonly parts: string[] = [];

  constructor(readonly params: unknown[]) {}

  /** `$n` of a new parameter. */
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string | null): void {
    if (sql) this.parts.push(sql);
  }

  /** The conditions joined by `and` (or `or`); null when there are none. */
  join(op: 'and' | 'or' = 'and'): string | null {
    return this.parts.length ? this.parts.join(` ${op} `) : null;
  }
}

const list = (c: Conditions, values: readonly unknown[]) => (values.length ? values.map((v) => c.p(v)).join(', ') : null);
const inList = (c: Conditions, column: string, values: readonly unknown[]) => {
  const l = list(c, values);
  return l ? `${column} in (${l})` : '1 = 0';
};

function stringFilter(c: Conditions, column: string, f: StringFilter | null | undefined): void {
  if (!f) return;
  if (f.eq != null) c.add(`${column} = ${c.p(f.eq.normalize('NFC'))}`);
  if (f.in != null) c.add(inList(c, column, f.in.map((v) => v.normalize('NFC'))));
  if (f.isNull === true) c.add(`${column} is null`);
  if (f.isNull === false) c.add(`${column} is not null`);
}

function timeFilter(c: Conditions, column: string, f: DateTimeFilter | null | undefined): void {
  if (!f) return;
  if (f.gte != null) c.add(`${column} >= ${c.p(f.gte)}`);
  if (f.gt != null) c.add(`${column} > ${c.p(f.gt)}`);
  if (f.lte != null) c.add(`${column} <= ${c.p(f.lte)}`);
  if (f.lt != null) c.add(`${column} < ${c.p(f.lt)}`);
  if (f.isNull === true) c.add(`${column} is null`);
  if (f.isNull === false) c.add(`${column} is not null`);
}

const group = (sql: string | null) => (sql ? `(${sql})` : null);

/**
 * A dossier filter as one SQL condition on hub.dossier's columns (recursively for and /
 * or / not), with `$n` placeholders whose values are appended to `params`; null when it
 * asks for nothing. Built as text: knex's builder was a visible share of a list request.
 */
export function dossierFilterSql(f: DossierFilter | null | undefined, params: unknown[], depth = 0): string | null {
  if (!f) return null;
  if (depth > 8) throw userInputError('filters may nest at most 8 levels deep', 'filter');
  const c = new Conditions(params);
  if (f.agencyCode != null) c.add(`agency_code = ${c.p(f.agencyCode.normalize('NFC'))}`);
  if (f.procedureCode != null) c.add(`(procedure_code = ${c.p(f.procedureCode)} or national_procedure_code = ${c.p(f.procedureCode)})`);
  if (f.status != null) c.add(`status = ${c.p(f.status)}`);
  if (f.statusIn != null) c.add(inList(c, 'status', f.statusIn));
  if (f.channel != null) c.add(`channel = ${c.p(f.channel)}`);
  if (f.channelIn != null) c.add(inList(c, 'channel', f.channelIn));
  if (f.receivedFrom != null) c.add(`received_at >= ${c.p(f.receivedFrom)}`);
  if (f.receivedTo != null) c.add(`received_at < ${c.p(f.receivedTo)}`);
  if (f.code) {
    const code = f.code;
    const either = new Conditions(params);
    const own = new Conditions(params);
    stringFilter(own, 'code', code);
    either.add(own.join());
    if (code.eq != null || code.in != null) {
      const other = new Conditions(params);
      stringFilter(other, 'other_code', { eq: code.eq, in: code.in });
      either.add(group(other.join()));
    }
    c.add(group(either.join('or')));
  }
  stringFilter(c, 'agency_code', f.agency);
  stringFilter(c, 'national_procedure_code', f.nationalProcedureCode);
  stringFilter(c, 'field_code', f.field);
  stringFilter(c, 'origin', f.origin);
  timeFilter(c, 'submitted_at', f.submittedAt);
  timeFilter(c, 'received_at', f.receivedAt);
  timeFilter(c, 'due_at', f.dueAt);
  timeFilter(c, 'finished_at', f.finishedAt);
  if (f.search != null) c.add(`search_text like ${c.p(searchPattern(f.search))}`);
  for (const sub of f.and ?? []) c.add(group(dossierFilterSql(sub, params, depth + 1)));
  if (f.or?.length) {
    const any = new Conditions(params);
    for (const sub of f.or) any.add(group(dossierFilterSql(sub, params, depth + 1)));
    c.add(group(any.join('or')));
  }
  if (f.not) {
    const not = dossierFilterSql(f.not, params, depth + 1);
    if (not) c.add(`not (${not})`);
  }
  return c.join();
}

/** Adds a dossier filter's conditions to a knex query on hub.dossier. */
export function applyDossierFilter(q: Knex.QueryBuilder, f: DossierFilter | null | undefined): Knex.QueryBuilder {
  const params: unknown[] = [];
  const sql = dossierFilterSql(f, params);
  return sql ? q.whereRaw(sql.replace(/\$\d+/g, '?'), params as Knex.ValueDict[]) : q;
}
