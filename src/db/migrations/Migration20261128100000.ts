import { Migration } from '@mikro-orm/migrations';
import { factTriggersSql } from '../../indicators/facts';

/**
 * The roll-up triggers of hub.dossier's inserts and updates read the statement's
 * transition table instead of reading the dossiers again by id, and an insert adds its
 * contributions without looking up old ones (src/indicators/facts.ts). Same formulas,
 * same sums: the stored roll-ups stay as they are.
 */
export class Migration20261128100000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of factTriggersSql()) this.addSql(sql);
  }

  override async down(): Promise<void> {
    // `hub indicators rebuild` on older code re-installs its own triggers.
  }
}
