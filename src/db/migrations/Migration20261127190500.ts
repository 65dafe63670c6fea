import { Migration } from '@mikro-orm/migrations';
import { FACT_TABLES_SQL, factTriggersSql, rebuildFactsSql } from '../../indicators/facts';
import { fillWorkingDaysSql } from '../../indicators/working-days';

/**
 * Indicator roll-ups kept at sync time (src/indicators/facts.ts): the tables, the
 * triggers that keep them, and a first build from the dossiers already stored. The
 * formulas built here read the working-day calendar (src/indicators/working-days.ts,
 * Migration20261128030000), so it is created first on a database migrated from scratch.
 */
export class Migration20261127190500 extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...fillWorkingDaysSql(), ...FACT_TABLES_SQL, ...factTriggersSql(), ...rebuildFactsSql()]) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const t of ['dossier', 'rating', 'procedure']) {
      for (const e of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists indicator_${t}_${e} on hub.${t}; drop function if exists hub.indicator_${t}_${e}();`);
    }
    this.addSql('drop function if exists hub.indicator_refresh(int4[]); drop table if exists hub.indicator_dossier, hub.indicator_day, hub.indicator_month, hub.indicator_month_agency, hub.working_day;');
  }
}
