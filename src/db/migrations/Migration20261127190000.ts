import { Migration } from '@mikro-orm/migrations';

/**
 * Connector control: soft-deleted connectors (their name free again, their history kept),
 * a time zone and a stream list per schedule, connector runs grouping stream runs, and
 * backfill windows with a checkpoint each. A run's lease is now per (connector, stream,
 * lease key): '' for the stream's incremental run, one key per backfill window.
 */
export class Migration20261127190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ops"."connector" add column "deleted_at" timestamptz null, add column "schedule_time_zone" text not null default 'Asia/Ho_Chi_Minh', add column "schedule_streams" text[] null;`);
    this.addSql(`alter table "ops"."connector" drop constraint "connector_name_unique";`);
    this.addSql(`create unique index "connector_name_live" on "ops"."connector" ("name") where "deleted_at" is null;`);

    this.addSql(`create table "ops"."connector_run" (
      "id" serial primary key, "connector_id" int not null, "connector_name" text not null,
      "trigger" text not null, "actor" jsonb null, "streams" text[] not null, "full" boolean not null default false,
      "window_from" date null, "window_to" date null, "status" text not null default 'queued',
      "requested_at" timestamptz not null default now(), "finished_at" timestamptz null,
      "cancel_requested_at" timestamptz null, "cancel_actor" jsonb null);`);
    this.addSql(`create index "connector_run_connector_id_id_index" on "ops"."connector_run" ("connector_id", "id");`);
    this.addSql(`create table "ops"."connector_run_stream" (
      "connector_run_id" int not null, "stream" text not null, "position" smallint not null default 0,
      "status" text not null default 'queued', "job_id" text null, "attempts" smallint not null default 0,
      "next_retry_at" timestamptz null, "error_class" text null, "error_message" text null, "finished_at" timestamptz null,
      constraint "connector_run_stream_pkey" primary key ("connector_run_id", "stream"));`);
    this.addSql(`create table "ops"."backfill_window" (
      "connector_run_id" int not null, "stream" text not null, "window_from" date not null, "window_to" date not null,
      "status" text not null default 'queued', "state" jsonb null, "sync_run_id" int null,
      "read_count" int not null default 0, "inserted_count" int not null default 0, "updated_count" int not null default 0,
      "unchanged_count" int not null default 0, "failed_count" int not null default 0, "fraction" real null,
      "updated_at" timestamptz not null default now(),
      constraint "backfill_window_pkey" primary key ("connector_run_id", "stream", "window_from"));`);

    this.addSql(`alter table "ops"."sync_run" add column "connector_run_id" int null, add column "lease_key" text not null default '', add column "progress_fraction" real null, add column "progress_message" text null;`);
    this.addSql(`create index "sync_run_connector_run_id_index" on "ops"."sync_run" ("connector_run_id");`);
    this.addSql(`drop index "ops"."sync_run_one_running_per_stream";`);
    this.addSql(`create unique index "sync_run_one_running_per_stream" on "ops"."sync_run" ("connector_id", "stream", "lease_key") where status = 'running';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ops"."sync_run_one_running_per_stream";`);
    this.addSql(`create unique index "sync_run_one_running_per_stream" on "ops"."sync_run" ("connector_id", "stream") where status = 'running';`);
    this.addSql(`alter table "ops"."sync_run" drop column "connector_run_id", drop column "lease_key", drop column "progress_fraction", drop column "progress_message";`);
    this.addSql(`drop table if exists "ops"."backfill_window";`);
    this.addSql(`drop table if exists "ops"."connector_run_stream";`);
    this.addSql(`drop table if exists "ops"."connector_run";`);
    this.addSql(`drop index "ops"."connector_name_live";`);
    this.addSql(`alter table "ops"."connector" add constraint "connector_name_unique" unique ("name");`);
    this.addSql(`alter table "ops"."connector" drop column "deleted_at", drop column "schedule_time_zone", drop column "schedule_streams";`);
  }
}
