import { Migration } from '@mikro-orm/migrations';

/** Unified dossiers: links between source copies, portal-supplied fields, field provenance; accent-insensitive search. */
export class Migration20261127060259 extends Migration {

  override async up(): Promise<void> {
    // Accent-, case- and normal-form-insensitive search: 'ho tich' finds 'Hộ tịch' (B6: đ has no decomposition, so translate, not unaccent).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create or replace function hub.vn_fold(t text) returns text language sql immutable parallel safe as $$ select lower(translate(normalize(coalesce(t, ''), NFC), 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ', 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD')) $$;`);
    this.addSql(`create table "hub"."dossier_link" ("id" serial primary key, "dossier_id" int not null, "source_system" text not null, "source_key" text not null, "rule" text not null, "run_id" int null, "linked_at" timestamptz not null default now());`);
    this.addSql(`create index "dossier_link_dossier_id_index" on "hub"."dossier_link" ("dossier_id");`);
    this.addSql(`alter table "hub"."dossier_link" add constraint "dossier_link_source_system_source_key_unique" unique ("source_system", "source_key");`);

    this.addSql(`alter table "hub"."dossier" add column "origin" text not null default 'mcdt', add column "online_payment" smallint null, add column "vneid_verified" boolean null, add column "field_sources" jsonb not null default '{}';`);
    this.addSql(`alter table "hub"."dossier" add column "search_text" text generated always as (hub.vn_fold(code || ' ' || coalesce(other_code, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(procedure_name, '') || ' ' || coalesce(field_name, '') || ' ' || coalesce(agency_name, ''))) stored;`);
    // The link rules' lookups (src/store/linking.ts).
    this.addSql(`create index "dossier_other_code_index" on "hub"."dossier" ("other_code") where other_code is not null;`);
    this.addSql(`create index "portal_dossier_fallback_index" on "hub"."portal_dossier" ("agency_code", "national_procedure_code", "received_at");`);
    this.addSql(`create index "dossier_search_text_trgm" on "hub"."dossier" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`alter table "hub"."document" add column "search_text" text generated always as (hub.vn_fold(coalesce(number_symbol_raw, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(issuer_name, '') || ' ' || coalesce(document_type, ''))) stored;`);
    this.addSql(`create index "document_search_text_trgm" on "hub"."document" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hub"."dossier_link" cascade;`);

    this.addSql(`alter table "hub"."dossier" drop column "origin", drop column "online_payment", drop column "vneid_verified", drop column "field_sources";`);
  }

}
