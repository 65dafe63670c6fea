import { Migration } from '@mikro-orm/migrations';

/**
 * Search text is folded in the writer (src/model/fold.ts) instead of by a generated
 * column: the SQL fold cost the first load more than the rest of the dossier write.
 * DROP EXPRESSION keeps the values already computed and the trigram indexes.
 */
export class Migration20261127065817 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "hub"."document" alter column "search_text" drop expression;`);
    this.addSql(`alter table "hub"."dossier" alter column "search_text" drop expression;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "hub"."document" drop column "search_text";`);
    this.addSql(`alter table "hub"."document" add column "search_text" text generated always as (hub.vn_fold(coalesce(number_symbol_raw, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(issuer_name, '') || ' ' || coalesce(document_type, ''))) stored;`);
    this.addSql(`create index "document_search_text_trgm" on "hub"."document" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`alter table "hub"."dossier" drop column "search_text";`);
    this.addSql(`alter table "hub"."dossier" add column "search_text" text generated always as (hub.vn_fold(code || ' ' || coalesce(other_code, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(procedure_name, '') || ' ' || coalesce(field_name, '') || ' ' || coalesce(agency_name, ''))) stored;`);
    this.addSql(`create index "dossier_search_text_trgm" on "hub"."dossier" using gin ("search_text" gin_trgm_ops);`);
  }
}
