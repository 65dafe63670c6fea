import { Migration } from '@mikro-orm/migrations';

/**
 * API keys and the record of personal-data reads (append-only); search text without
 * the applicant's name.
 */
export class Migration20261127151336 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ops"."api_key" ("id" text not null, "name" text not null, "role" text not null, "grants" text[] not null default '{}', "hash" text not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "ops"."api_key" add constraint "api_key_role_check" check ("role" in ('viewer', 'operator', 'auditor', 'admin'));`);

    this.addSql(`create table "ops"."pii_read" ("id" bigserial primary key, "read_at" timestamptz not null default now(), "key_id" text null, "viewer" text not null, "role" text not null, "operation_name" text null, "records" text[] not null, "fields" text[] not null);`);
    this.addSql(`create index "pii_read_records_gin" on "ops"."pii_read" using gin ("records");`);
    this.addSql(`create index "pii_read_read_at_index" on "ops"."pii_read" ("read_at");`);
    // Append-only: what was read stays recorded.
    this.addSql(`create function ops.refuse_change() returns trigger language plpgsql as $$
      begin raise exception '%.% is append-only', tg_table_schema, tg_table_name using errcode = 'insufficient_privilege'; end $$;`);
    this.addSql(`create trigger pii_read_append_only before update or delete or truncate on "ops"."pii_read" for each statement execute function ops.refuse_change();`);

    // Search must not find a person's dossiers by name: the summary is searched without the applicant's name.
    this.addSql(`update "hub"."dossier" set "search_text" = hub.vn_fold(concat_ws(' ', nullif(code, ''), nullif(other_code, ''), nullif(replace(summary, applicant_name, ''), ''), nullif(procedure_name, ''), nullif(field_name, ''), nullif(agency_name, '')))
      where source_system = 'mcdt' and applicant_name <> '' and strpos(summary, applicant_name) > 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ops"."api_key" cascade;`);
    this.addSql(`drop table if exists "ops"."pii_read" cascade;`);
    this.addSql(`drop function if exists ops.refuse_change();`);
  }

}
