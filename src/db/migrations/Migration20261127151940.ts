import { Migration } from '@mikro-orm/migrations';

/**
 * Documents are documents, not register rows: hub.document_entry keeps each register row
 * as the source lists it; hub.document holds one document per edXML DocumentId across
 * both registers and the exchange (src/store/documents.ts).
 */
export class Migration20261127151940 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "hub"."document_entry" ("id" serial primary key, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "gone_at" timestamptz null, "document_key" text not null, "source_id" text not null, "register" text not null, "arrival_number" int null, "arrival_date" date null, "number_symbol_raw" text null, "number" text null, "symbol" text null, "issued_date" date null, "document_type" text null, "subject" text null, "issuer_code" text null, "issuer_name" text null, "signer" text null, "signer_title" text null, "urgency" smallint null, "security_level" smallint null, "deadline" date null, "state" text not null, "handling_units" jsonb not null, "edxml_document_id" text null, "source_updated_at" timestamptz not null, "search_text" text null);`);
    this.addSql(`create index "document_entry_document_key_index" on "hub"."document_entry" ("document_key");`);
    this.addSql(`alter table "hub"."document_entry" add constraint "document_entry_source_system_source_id_unique" unique ("source_system", "source_id");`);

    this.addSql(`alter table "hub"."document" drop constraint "document_source_system_source_id_unique";`);

    this.addSql(`alter table "hub"."document" add column "document_key" text null;`);
    this.addSql(`update "hub"."document" set "document_key" = coalesce("edxml_document_id", "source_system" || ':' || "source_id");`);
    // Every register row becomes an entry; of the rows sharing a DocumentId, one stays as the document.
    this.addSql(`insert into "hub"."document_entry" ("source_system", "content_hash", "first_run_id", "last_run_id", "created_at", "updated_at", "gone_at", "document_key", "source_id", "register", "arrival_number", "arrival_date", "number_symbol_raw", "number", "symbol", "issued_date", "document_type", "subject", "issuer_code", "issuer_name", "signer", "signer_title", "urgency", "security_level", "deadline", "state", "handling_units", "edxml_document_id", "source_updated_at", "search_text")
                 select "source_system", "content_hash", "first_run_id", "last_run_id", "created_at", "updated_at", "gone_at", "document_key", "source_id", "register", "arrival_number", "arrival_date", "number_symbol_raw", "number", "symbol", "issued_date", "document_type", "subject", "issuer_code", "issuer_name", "signer", "signer_title", "urgency", "security_level", "deadline", "state", "handling_units", "edxml_document_id", "source_updated_at", "search_text" from "hub"."document";`);
    this.addSql(`delete from "hub"."document" d using "hub"."document" o where o.document_key = d.document_key and o.id <> d.id and ((o.register = 'OUTGOING')::int, -o.id) > ((d.register = 'OUTGOING')::int, -d.id);`);
    // Documents known only from the exchange.
    this.addSql(`insert into "hub"."document" ("source_system", "content_hash", "first_run_id", "last_run_id", "document_key", "source_id", "register", "number_symbol_raw", "number", "symbol", "issued_date", "document_type", "subject", "issuer_code", "issuer_name", "signer", "urgency", "state", "handling_units", "edxml_document_id", "source_updated_at")
                 select distinct on (p.document_id) p.source_system, '', p.first_run_id, p.last_run_id, p.document_id, p.package_id, 'EXCHANGE',
                        nullif(concat_ws('/', p.code_number, p.code_notation), ''), p.code_number, p.code_notation, p.promulgation_date, p.document_type, p.subject, p.from_organ_id, p.from_organ_name, p.signer, p.priority,
                        'WAITING_ASSIGNMENT', '[]', p.document_id, p.created_at
                   from "hub"."edxml_package" p
                  where p.type = 'DOCUMENT' and p.document_id is not null and p.business_doc_type in (0, 2, 3)
                    and not exists (select 1 from "hub"."document" d where d.document_key = p.document_id)
                  order by p.document_id, p.id;`);
    this.addSql(`alter table "hub"."document" alter column "document_key" set not null;`);
    this.addSql(`alter table "hub"."document" add constraint "document_document_key_unique" unique ("document_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hub"."document_entry" cascade;`);

    this.addSql(`alter table "hub"."document" drop constraint "document_document_key_unique";`);
    this.addSql(`alter table "hub"."document" drop column "document_key";`);

    this.addSql(`alter table "hub"."document" add constraint "document_source_system_source_id_unique" unique ("source_system", "source_id");`);
  }

}
