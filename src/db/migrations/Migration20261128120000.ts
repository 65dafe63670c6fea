import { Migration } from '@mikro-orm/migrations';
import { dropRollupNotifySql, rollupNotifySql } from '../../indicators/rollup-notify';

/**
 * A transactional NOTIFY on channel `hub_rollups` from every statement that changes the
 * indicator roll-ups or the agency tree: the API's cached indicator answers are dropped
 * when it arrives (src/api/indicator-answers.ts).
 */
export class Migration20261128120000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of rollupNotifySql()) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropRollupNotifySql()) this.addSql(sql);
  }
}
