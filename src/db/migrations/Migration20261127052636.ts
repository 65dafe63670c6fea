import { Migration } from '@mikro-orm/migrations';

/** Initial store: hub (agencies, procedures, dossiers, process log) and ops (connectors, state, runs, quarantine). */
export class Migration20261127052636 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "hub";`);
    this.addSql(`create schema if not exists "ops";`);
    this.addSql(`create table "hub"."agency" ("id" serial primary key, "code" text not null, "name" text not null, "parent_code" text null, "level" smallint null, "valid_from" date null, "valid_to" date null, "successor_code" text null, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "hub"."agency" add constraint "agency_code_unique" unique ("code");`);
    this.addSql(`create index "agency_parent_code_index" on "hub"."agency" ("parent_code");`);

    this.addSql(`create table "ops"."connector" ("id" serial primary key, "name" text not null, "kind" text not null, "config" jsonb not null, "schedule" text null, "enabled" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "ops"."connector" add constraint "connector_name_unique" unique ("name");`);

    this.addSql(`create table "hub"."dossier" ("id" serial primary key, "code" text not null, "other_code" text null, "source_system" text not null, "agency_code" text not null, "agency_name" text null, "procedure_code" text not null, "national_procedure_code" text null, "procedure_name" text null, "field_code" text null, "field_name" text null, "channel" text not null, "service_level" smallint null, "applicant_type" text null, "applicant_name" text null, "applicant_id_type" text null, "applicant_id_number" text null, "applicant_phone" text null, "applicant_email" text null, "applicant_address" text null, "summary" text null, "submitted_at" timestamptz null, "received_at" timestamptz null, "due_at" timestamptz null, "finished_at" timestamptz null, "returned_at" timestamptz null, "refused_at" timestamptz null, "refusal_reason" text null, "status" smallint not null, "supplements" jsonb null, "has_digitised_components" boolean null, "result_digitised" boolean null, "result_document_number" text null, "result_signed_at" timestamptz null, "source_updated_at" timestamptz not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "hub"."dossier" add constraint "dossier_code_unique" unique ("code");`);
    this.addSql(`create index "dossier_status_index" on "hub"."dossier" ("status");`);
    this.addSql(`create index "dossier_procedure_code_index" on "hub"."dossier" ("procedure_code");`);
    this.addSql(`create index "dossier_received_at_id_index" on "hub"."dossier" ("received_at", "id");`);
    this.addSql(`create index "dossier_agency_code_received_at_id_index" on "hub"."dossier" ("agency_code", "received_at", "id");`);

    this.addSql(`create table "hub"."dossier_event" ("id" serial primary key, "dossier_id" int not null, "seq" smallint not null, "occurred_at" timestamptz null, "status" smallint null, "actor" text null, "actor_title" text null, "department" text null, "content" text null, "step_due_at" timestamptz null);`);
    this.addSql(`alter table "hub"."dossier_event" add constraint "dossier_event_dossier_id_seq_unique" unique ("dossier_id", "seq");`);

    this.addSql(`create table "hub"."procedure" ("id" serial primary key, "code" text not null, "national_code" text null, "name" text not null, "field_code" text null, "field_name" text null, "service_level" smallint null, "processing_time" double precision null, "processing_time_unit" text null, "has_fee" boolean null, "source_system" text not null, "content_hash" text not null, "first_run_id" int null, "last_run_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "hub"."procedure" add constraint "procedure_code_unique" unique ("code");`);
    this.addSql(`create index "procedure_national_code_index" on "hub"."procedure" ("national_code");`);

    this.addSql(`create table "ops"."quarantine" ("id" serial primary key, "run_id" int not null, "connector_id" int not null, "stream" text not null, "source_key" text null, "reason" text not null, "payload" jsonb not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "quarantine_connector_id_stream_index" on "ops"."quarantine" ("connector_id", "stream");`);

    this.addSql(`create table "ops"."stream_state" ("connector_id" int not null, "stream" text not null, "state" jsonb not null, "run_id" int null, "updated_at" timestamptz not null default now(), constraint "stream_state_pkey" primary key ("connector_id", "stream"));`);

    this.addSql(`create table "ops"."sync_run" ("id" serial primary key, "connector_id" int not null, "connector_name" text not null, "stream" text not null, "job_id" text null, "attempt" smallint not null default 1, "status" text not null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null, "read_count" int not null default 0, "inserted_count" int not null default 0, "updated_count" int not null default 0, "unchanged_count" int not null default 0, "failed_count" int not null default 0, "cursor_before" jsonb null, "cursor_after" jsonb null, "error_class" text null, "error_message" text null);`);
    this.addSql(`create index "sync_run_connector_id_stream_started_at_index" on "ops"."sync_run" ("connector_id", "stream", "started_at");`);

    this.addSql(`alter table "hub"."dossier_event" add constraint "dossier_event_dossier_id_foreign" foreign key ("dossier_id") references "hub"."dossier" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "hub"."dossier_event" drop constraint "dossier_event_dossier_id_foreign";`);

    this.addSql(`drop table if exists "hub"."agency" cascade;`);

    this.addSql(`drop table if exists "ops"."connector" cascade;`);

    this.addSql(`drop table if exists "hub"."dossier" cascade;`);

    this.addSql(`drop table if exists "hub"."dossier_event" cascade;`);

    this.addSql(`drop table if exists "hub"."procedure" cascade;`);

    this.addSql(`drop table if exists "ops"."quarantine" cascade;`);

    this.addSql(`drop table if exists "ops"."stream_state" cascade;`);

    this.addSql(`drop table if exists "ops"."sync_run" cascade;`);

    this.addSql(`drop schema if exists "hub";`);
    this.addSql(`drop schema if exists "ops";`);
  }

}
