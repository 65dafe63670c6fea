import { Migration } from '@mikro-orm/migrations';

/**
 * Per-field digests of each payload (src/audit/field-digests.ts), written with its
 * version, so that verification names the altered field. Kept as `json` text, as the
 * payload is: the Merkle leaf commits to that text. Null for versions written before.
 */
export class Migration20261128010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "raw"."source_record_version" add column "field_digests" json null;`);
    this.addSql(`alter table "raw"."source_record_version" alter column "field_digests" set compression lz4;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "raw"."source_record_version" drop column "field_digests";`);
  }
}
