import { Migration } from '@mikro-orm/migrations';

/** The count per agency and status also checks `gone_at is null`: carry it in the index, so the count stays an index-only scan. */
export class Migration20261127191000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists "hub"."dossier_agency_code_status_index";`);
    this.addSql(`create index "dossier_agency_code_status_index" on "hub"."dossier" ("agency_code", "status") include ("gone_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "hub"."dossier_agency_code_status_index";`);
    this.addSql(`create index "dossier_agency_code_status_index" on "hub"."dossier" ("agency_code", "status");`);
  }
}
