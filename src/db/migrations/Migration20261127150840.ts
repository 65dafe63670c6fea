import { Migration } from '@mikro-orm/migrations';

/**
 * Gone-at-source on unified rows; one quarantine entry per malformed record (seen many
 * times, closed when the record arrives valid); the raw key of ratings; indexes for the
 * set-based link rules.
 */
export class Migration20261127150840 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "hub"."agency" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "hub"."document" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "hub"."dossier" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "hub"."edxml_package" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "hub"."payment" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "hub"."portal_dossier" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "hub"."procedure" add column "gone_at" timestamptz null;`);

    this.addSql(`alter table "ops"."quarantine" add column "first_run_id" int null, add column "record_key" text null, add column "times_seen" int not null default 1, add column "last_seen_at" timestamptz not null default now(), add column "resolved_at" timestamptz null, add column "resolved_run_id" int null;`);
    // Existing entries: one per record, keeping the newest with the count of runs that saw it.
    this.addSql(`update "ops"."quarantine" set "record_key" = coalesce("source_key", '#' || md5("payload"::text)), "first_run_id" = "run_id", "last_seen_at" = "created_at";`);
    this.addSql(`with g as (select connector_id, stream, record_key, max(id) as keep, min(run_id) as first_run, count(distinct run_id)::int as runs, min(created_at) as first_at
                  from "ops"."quarantine" group by 1, 2, 3)
                 update "ops"."quarantine" q set "first_run_id" = g.first_run, "times_seen" = g.runs, "created_at" = g.first_at from g where q.id = g.keep;`);
    this.addSql(`delete from "ops"."quarantine" q where exists (select 1 from "ops"."quarantine" o where o.connector_id = q.connector_id and o.stream = q.stream and o.record_key = q.record_key and o.id > q.id);`);
    this.addSql(`alter table "ops"."quarantine" alter column "first_run_id" set not null, alter column "record_key" set not null;`);
    this.addSql(`alter table "ops"."quarantine" add constraint "quarantine_connector_id_stream_record_key_unique" unique ("connector_id", "stream", "record_key");`);

    this.addSql(`alter table "hub"."rating" add column "gone_at" timestamptz null, add column "source_key" text null;`);

    // The link rules, each an equality or range lookup (src/store/linking.ts).
    this.addSql(`create index "dossier_link_tuple_index" on "hub"."dossier" ("agency_code", "national_procedure_code", "received_at") where source_system = 'mcdt';`);
    this.addSql(`create index "rating_source_key_index" on "hub"."rating" ("source_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "hub"."dossier_link_tuple_index";`);
    this.addSql(`drop index "hub"."rating_source_key_index";`);
    this.addSql(`alter table "hub"."agency" drop column "gone_at";`);

    this.addSql(`alter table "hub"."document" drop column "gone_at";`);

    this.addSql(`alter table "hub"."dossier" drop column "gone_at";`);

    this.addSql(`alter table "hub"."edxml_package" drop column "gone_at";`);

    this.addSql(`alter table "hub"."payment" drop column "gone_at";`);

    this.addSql(`alter table "hub"."portal_dossier" drop column "gone_at";`);

    this.addSql(`alter table "hub"."procedure" drop column "gone_at";`);

    this.addSql(`alter table "ops"."quarantine" drop constraint "quarantine_connector_id_stream_record_key_unique";`);
    this.addSql(`alter table "ops"."quarantine" drop column "first_run_id", drop column "record_key", drop column "times_seen", drop column "last_seen_at", drop column "resolved_at", drop column "resolved_run_id";`);

    this.addSql(`alter table "hub"."rating" drop column "gone_at", drop column "source_key";`);
  }

}
