import { Migration } from '@mikro-orm/migrations';

/**
 * Source payloads as `json` (kept verbatim, no jsonb parse on every write) compressed
 * with lz4: the lineage table is the largest write of a first load.
 */
export class Migration20261127064800 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "raw"."source_record_version" alter column "payload" type json using "payload"::json;`);
    this.addSql(`alter table "raw"."source_record_version" alter column "payload" set compression lz4;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "raw"."source_record_version" alter column "payload" set compression default;`);
    this.addSql(`alter table "raw"."source_record_version" alter column "payload" type jsonb using "payload"::jsonb;`);
  }
}
