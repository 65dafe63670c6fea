import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for dashboard counts and document filters (documentCounts, documents by register
 * day, sending and receiving agency), and for the last-success-age metric, read at every
 * Prometheus scrape.
 */
export class Migration20261127193000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "document_register_day_index" on "hub"."document" ((coalesce("arrival_date", "issued_date"))) where "gone_at" is null;`);
    this.addSql(`create index "document_issuer_code_index" on "hub"."document" ("issuer_code");`);
    this.addSql(`create index "document_handling_units_gin" on "hub"."document" using gin ("handling_units" jsonb_path_ops);`);
    this.addSql(`create index "sync_run_last_success_index" on "ops"."sync_run" ("connector_id", "stream", "finished_at") where status in ('succeeded', 'partial');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "hub"."document_register_day_index";`);
    this.addSql(`drop index "hub"."document_issuer_code_index";`);
    this.addSql(`drop index "hub"."document_handling_units_gin";`);
    this.addSql(`drop index "ops"."sync_run_last_success_index";`);
  }
}
