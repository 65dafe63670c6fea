import { Migration } from '@mikro-orm/migrations';

/** Lineage (raw source records and versions) and the tables of the document system and the portal. */
export class Migration20261127053321 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "raw";`);
    this.addSql(`create table "hub"."document" ("id" serial primary key, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "source_id" text not null, "register" text not null, "arrival_number" int null, "arrival_date" date null, "number_symbol_raw" text null, "number" text null, "symbol" text null, "issued_date" date null, "document_type" text null, "subject" text null, "issuer_code" text null, "issuer_name" text null, "signer" text null, "signer_title" text null, "urgency" smallint null, "security_level" smallint null, "deadline" date null, "state" text not null, "handling_units" jsonb not null, "edxml_document_id" text null, "source_updated_at" timestamptz not null);`);
    this.addSql(`create index "document_number_symbol_raw_index" on "hub"."document" ("number_symbol_raw");`);
    this.addSql(`create index "document_edxml_document_id_index" on "hub"."document" ("edxml_document_id");`);
    this.addSql(`alter table "hub"."document" add constraint "document_source_system_source_id_unique" unique ("source_system", "source_id");`);

    this.addSql(`create table "hub"."edxml_package" ("id" serial primary key, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "package_id" text not null, "type" text not null, "document_id" text null, "business_doc_type" smallint null, "target_document_id" text null, "from_organ_id" text null, "from_organ_name" text null, "code_number" text null, "code_notation" text null, "promulgation_date" date null, "document_type" text null, "subject" text null, "signer" text null, "priority" smallint null, "status_code" text null, "status_at" timestamptz null, "attachments" jsonb not null);`);
    this.addSql(`create index "edxml_package_target_document_id_index" on "hub"."edxml_package" ("target_document_id");`);
    this.addSql(`create index "edxml_package_document_id_index" on "hub"."edxml_package" ("document_id");`);
    this.addSql(`alter table "hub"."edxml_package" add constraint "edxml_package_source_system_package_id_unique" unique ("source_system", "package_id");`);

    this.addSql(`create table "hub"."payment" ("id" serial primary key, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "source_code" text not null, "dossier_code" text null, "amount" double precision null, "method" text not null, "status" text not null, "succeeded" boolean not null, "paid_at" timestamptz null, "paid_at_reliable" boolean not null, "fees" jsonb not null, "source_updated_at" timestamptz not null);`);
    this.addSql(`create index "payment_dossier_code_index" on "hub"."payment" ("dossier_code");`);
    this.addSql(`alter table "hub"."payment" add constraint "payment_source_system_source_code_unique" unique ("source_system", "source_code");`);

    this.addSql(`create table "hub"."portal_dossier" ("id" serial primary key, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "portal_code" text not null, "code" text null, "national_procedure_code" text null, "service_code" text null, "agency_code" text null, "channel" text not null, "applicant_name" text null, "applicant_ids" jsonb not null, "submitted_at" timestamptz null, "received_at" timestamptz null, "due_at" timestamptz null, "returned_at" timestamptz null, "status" smallint not null, "online_payment" smallint null, "vneid_verified" boolean null, "source_updated_at" timestamptz not null);`);
    this.addSql(`alter table "hub"."portal_dossier" add constraint "portal_dossier_portal_code_unique" unique ("portal_code");`);
    this.addSql(`create index "portal_dossier_code_index" on "hub"."portal_dossier" ("code");`);

    this.addSql(`create table "hub"."rating" ("id" serial primary key, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "rating_key" text not null, "dossier_code" text not null, "rated_at" timestamptz not null, "satisfaction" smallint not null, "comment" text null, "source_updated_at" timestamptz not null);`);
    this.addSql(`create index "rating_dossier_code_index" on "hub"."rating" ("dossier_code");`);
    this.addSql(`alter table "hub"."rating" add constraint "rating_source_system_rating_key_unique" unique ("source_system", "rating_key");`);

    this.addSql(`create table "raw"."source_record" ("id" bigserial primary key, "connector_id" int not null, "source_system" text not null, "stream" text not null, "source_key" text not null, "hash" text not null, "version" int not null, "flags" text[] not null default '{}', "first_run_id" int not null, "changed_run_id" int not null, "first_seen_at" timestamptz not null default now(), "changed_at" timestamptz not null default now(), "gone_at" timestamptz null, "gone_run_id" int null);`);
    this.addSql(`create index "source_record_source_key_index" on "raw"."source_record" ("source_key");`);
    this.addSql(`alter table "raw"."source_record" add constraint "source_record_connector_id_stream_source_key_unique" unique ("connector_id", "stream", "source_key");`);

    this.addSql(`create table "raw"."source_record_version" ("id" bigserial primary key, "record_id" bigint not null, "version" int not null, "hash" text not null, "payload" jsonb not null, "flags" text[] not null default '{}', "run_id" int not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "raw"."source_record_version" add constraint "source_record_version_record_id_version_unique" unique ("record_id", "version");`);

    this.addSql(`alter table "ops"."sync_run" add column "gone_count" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hub"."document" cascade;`);

    this.addSql(`drop table if exists "hub"."edxml_package" cascade;`);

    this.addSql(`drop table if exists "hub"."payment" cascade;`);

    this.addSql(`drop table if exists "hub"."portal_dossier" cascade;`);

    this.addSql(`drop table if exists "hub"."rating" cascade;`);

    this.addSql(`drop table if exists "raw"."source_record" cascade;`);

    this.addSql(`drop table if exists "raw"."source_record_version" cascade;`);

    this.addSql(`alter table "ops"."sync_run" drop column "gone_count";`);

    this.addSql(`drop schema if exists "raw";`);
  }

}
