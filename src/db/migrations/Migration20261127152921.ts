import { Migration } from '@mikro-orm/migrations';

/** The stream lease: a heartbeat on each run, and at most one running run per stream. */
export class Migration20261127152921 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ops"."sync_run" add column "heartbeat_at" timestamptz not null default now();`);
    // Runs left running before the lease existed have no live owner to vouch for them: stale from their start.
    this.addSql(`update "ops"."sync_run" set "heartbeat_at" = coalesce("finished_at", "started_at");`);
    this.addSql(`update "ops"."sync_run" r set status = 'failed', finished_at = now(), error_class = 'WorkerLost',
      error_message = 'closed when the stream lease was introduced: a later run of the stream was also running'
      where status = 'running' and exists (select 1 from "ops"."sync_run" n where n.connector_id = r.connector_id and n.stream = r.stream and n.status = 'running' and n.id > r.id);`);
    this.addSql(`create unique index "sync_run_one_running_per_stream" on "ops"."sync_run" ("connector_id", "stream") where status = 'running';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ops"."sync_run_one_running_per_stream";`);
    this.addSql(`alter table "ops"."sync_run" drop column "heartbeat_at";`);
  }

}
