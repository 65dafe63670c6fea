import { Migration } from '@mikro-orm/migrations';

/**
 * Portal payments are keyed by the portal's reference `MaThamChieu` (the bank's
 * `MaGiaoDich` may be empty). Rows stored under the bank's id take their reference as
 * key, in the store and in the raw layer, so the next read updates them instead of
 * adding a second copy of each payment.
 */
export const REKEY_PORTAL_PAYMENTS = [
  `create temporary table portal_payment_rekey on commit drop as
     select r.id, r.source_key as old_key, v.payload->>'MaThamChieu' as new_key
       from raw.source_record r
       join raw.source_record_version v on v.record_id = r.id and v.version = r.version
      where r.source_system = 'dvc' and r.stream = 'payments'
        and coalesce(v.payload->>'MaThamChieu', '') <> '' and r.source_key <> v.payload->>'MaThamChieu'`,
  `update hub.payment p set source_code = k.new_key from portal_payment_rekey k where p.source_system = 'dvc' and p.source_code = k.old_key`,
  `update raw.source_record r set source_key = k.new_key from portal_payment_rekey k where r.id = k.id`,
];

export class Migration20261127154656 extends Migration {

  override async up(): Promise<void> {
    for (const sql of REKEY_PORTAL_PAYMENTS) this.addSql(sql);
  }

  override async down(): Promise<void> {
    // The bank's id is still in every payload: keying back is possible but never needed.
  }

}
