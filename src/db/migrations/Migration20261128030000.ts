import { Migration } from '@mikro-orm/migrations';
import { factTriggersSql } from '../../indicators/facts';
import { fillWorkingDaysSql } from '../../indicators/working-days';

/**
 * The on-time rule counts working days from a calendar (src/indicators/working-days.ts)
 * instead of a day-by-day series: the calendar, then the roll-up triggers re-installed
 * with the lookup. The counts are the same, so the stored roll-ups stay as they are.
 */
export class Migration20261128030000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...fillWorkingDaysSql(), ...factTriggersSql()]) this.addSql(sql);
  }

  override async down(): Promise<void> {
    // The calendar stays: the formulas of this code read it, and the roll-ups' own
    // migration drops it with them. `hub indicators rebuild` on older code re-installs
    // the day-by-day triggers.
  }
}
