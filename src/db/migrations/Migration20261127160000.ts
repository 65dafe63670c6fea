import { Migration } from '@mikro-orm/migrations';

/**
 * Room in each hub.dossier page for the portal's fields (online payment, VNeID, origin,
 * provenance) to be written beside the row: none of them is indexed, so the link step's
 * update is a HOT update that touches no index (the trigram index above all).
 */
export class Migration20261127160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "hub"."dossier" set (fillfactor = 85);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "hub"."dossier" reset (fillfactor);`);
  }
}
