import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log's table (src/audit/record.ts). (`migration:create` also proposes to drop
 * the API key role check, reading it as an enum: those lines are left out on purpose.)
 */
export class Migration20261127171609 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ops"."audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "action" text not null, "actor_type" text not null, "actor_id" text null, "actor_name" text null, "actor_role" text null, "target_type" text null, "target_id" text null, "before" jsonb null, "after" jsonb null, "details" jsonb not null default '{}');`);
    this.addSql(`create index "audit_event_target_type_target_id_index" on "ops"."audit_event" ("target_type", "target_id");`);
    this.addSql(`create index "audit_event_action_at_index" on "ops"."audit_event" ("action", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ops"."audit_event" cascade;`);
  }
}
