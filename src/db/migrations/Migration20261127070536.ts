import { Migration } from '@mikro-orm/migrations';

/** An index for dashboard counts per agency and status. */
export class Migration20261127070536 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "dossier_agency_code_status_index" on "hub"."dossier" ("agency_code", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "hub"."dossier_agency_code_status_index";`);
  }

}
