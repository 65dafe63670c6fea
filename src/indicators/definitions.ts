/**
 * Dashboard indicators of Decision 766/QĐ-TTg (shared/domain.md §C), each as SQL over
 * one row per dossier (`x`, built in query.ts) so that a value, its numerator and
 * denominator, and the dossiers behind it ("explain this number") come from the same
 * predicates. Choices where the formula leaves a case open are stated per indicator
 * and repeated in the GraphQL schema.
 */

export const INDICATOR_CODES = ['ON_TIME_RATE', 'AVG_PROCESSING_DAYS', 'ONLINE_RATE', 'ONLINE_PAYMENT_RATE', 'DIGITISATION_RATE', 'REUSE_RATE', 'SATISFACTION_RATE'] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export interface IndicatorDefinition {
  /** The number in Decision 766, e.g. `2.1`. */
  number: string;
  /** English name (kept as `name` for existing clients). */
  name: string;
  /** Tên tiếng Việt, as dashboards show it. */
  nameVi: string;
  nameEn: string;
  description: string;
  /** SQL timestamp deciding which period a dossier belongs to. */
  periodOf: string;
  /** SQL predicate: the dossier is in the denominator. */
  denominator: string;
  /** SQL numeric: the dossier's contribution to the numerator (usually 0 or 1). */
  numerator: string;
  /** 100 for rates (percent), 1 for averages. */
  scale: 100 | 1;
  unit: 'PERCENT' | 'DAYS';
  /** Threshold of the 766 scoring, in percent, where the formula has one. */
  threshold: number | null;
}

import { workingDaysSql } from './working-days';

const TZ = `'Asia/Ho_Chi_Minh'`;
/** End less the applicant's supplement time. */
const NET_END = `(x.end_at - make_interval(secs => x.supp_seconds))`;
/** Working days (not weekends, not public holidays) after the day of acceptance, up to and including the day of the net end (local days): a calendar lookup (working-days.ts). */
const WORKING_DAYS_TAKEN = workingDaysSql(`(x.received_at at time zone ${TZ})::date`, `(${NET_END} at time zone ${TZ})::date`);
/**
 * On time (domain.md C2), at most one supplement round:
 * - with a due date: the net end is by the due date;
 * - without one: the net end less acceptance is within the procedure's legal time, in
 *   calendar days or in working days (src/indicators/holidays.ts);
 * - only a procedure with no legal time (none, or 0) counts as on time without a due date.
 */
const ON_TIME = `(x.n_supp <= 1 and case
    when x.due_at is not null then ${NET_END} <= x.due_at
    when coalesce(x.legal_time, 0) <= 0 then true
    when x.legal_unit = 'WORKING_DAYS' then ${WORKING_DAYS_TAKEN} <= x.legal_time
    else extract(epoch from (x.end_at - x.received_at)) - x.supp_seconds <= x.legal_time * 86400
  end)`;
const ENDED = `(x.end_at is not null)`;

export const INDICATORS: Record<IndicatorCode, IndicatorDefinition> = {
  ON_TIME_RATE: {
    number: '2.1',
    name: 'On-time rate',
    nameVi: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
    nameEn: 'On-time rate',
    description:
      'Accepted dossiers whose processing ended in the period (processed 9, returned 10, withdrawn 7, stopped 8; a dossier waiting on its only supplement request ends at the request) that ended on time: end minus the applicant\'s supplement time ≤ due date. More than one supplement request counts as late. With no due date, end − acceptance − supplement time is compared with the procedure\'s legal time (ThoiGianGiaiQuyet in calendar days, or in working days without weekends and Vietnam\'s public holidays, Tết included; counted from the day after acceptance); only a procedure with no legal time counts as on time without a due date. Dossiers still open are not counted. No ended dossier: value null (N/A).',
    periodOf: 'x.end_at',
    denominator: ENDED,
    numerator: `(${ON_TIME})::int`,
    scale: 100,
    unit: 'PERCENT',
    threshold: null,
  },
  AVG_PROCESSING_DAYS: {
    number: '2.2',
    name: 'Average processing time',
    nameVi: 'Thời gian giải quyết trung bình',
    nameEn: 'Average processing time',
    description: 'Mean of (finished − accepted − supplement time) in calendar days over dossiers processed or returned (9, 10), by acceptance in the period. Meaningful per procedure. None finished: null.',
    periodOf: 'x.received_at',
    denominator: `(x.status in (9, 10) and x.finished_at is not null)`,
    numerator: `greatest(0, extract(epoch from (x.finished_at - x.received_at)) - x.supp_seconds) / 86400.0`,
    scale: 1,
    unit: 'DAYS',
    threshold: null,
  },
  ONLINE_RATE: {
    number: '3.3',
    name: 'Online submission rate',
    nameVi: 'Tỷ lệ hồ sơ nộp trực tuyến',
    nameEn: 'Online submission rate',
    description: 'Dossiers accepted in the period that were submitted online (channel 2) ÷ dossiers accepted in the period. The national formula also multiplies by the sync rate to the national portal (1.4), which the hub cannot know; this is the local rate. Threshold 50%.',
    periodOf: 'x.received_at',
    denominator: 'true',
    numerator: `(x.channel = 'ONLINE')::int`,
    scale: 100,
    unit: 'PERCENT',
    threshold: 50,
  },
  ONLINE_PAYMENT_RATE: {
    number: '3.6',
    name: 'Online payment rate',
    nameVi: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
    nameEn: 'Online payment rate',
    description: 'Dossiers of fee-bearing procedures accepted in the period that were paid online (portal flag 1 or 2, taken from the portal copy) ÷ dossiers of fee-bearing procedures accepted in the period.',
    periodOf: 'x.received_at',
    denominator: 'coalesce(x.has_fee, false)',
    numerator: `(coalesce(x.online_payment, 0) in (1, 2))::int`,
    scale: 100,
    unit: 'PERCENT',
    threshold: null,
  },
  DIGITISATION_RATE: {
    number: '4.2',
    name: 'Digitised dossiers',
    nameVi: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết',
    nameEn: 'Digitised dossiers',
    description: 'Dossiers accepted in the period with digitised components and, once processed or returned, a digitised result ÷ dossiers accepted in the period. Threshold 80%.',
    periodOf: 'x.received_at',
    denominator: 'true',
    numerator: `(coalesce(x.has_digitised_components, false) and (x.status not in (9, 10) or coalesce(x.result_digitised, false)))::int`,
    scale: 100,
    unit: 'PERCENT',
    threshold: 80,
  },
  REUSE_RATE: {
    number: '4.3',
    name: 'Reuse of digitised data',
    nameVi: 'Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa',
    nameEn: 'Reuse of digitised data',
    description: 'Dossiers accepted in the period with at least one component flagged as reused (HoSoCoThanhPhanSoHoa = 1) ÷ dossiers accepted in the period; dossiers never accepted are excluded. Threshold 80%.',
    periodOf: 'x.received_at',
    denominator: 'true',
    numerator: `(coalesce(x.has_digitised_components, false))::int`,
    scale: 100,
    unit: 'PERCENT',
    threshold: 80,
  },
  SATISFACTION_RATE: {
    number: '5.4',
    name: 'Satisfaction in receiving and handling dossiers',
    nameVi: 'Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ',
    nameEn: 'Satisfaction in receiving and handling dossiers',
    description:
      '100% − (late rate + rate of dossiers rated dissatisfied or very dissatisfied, 4–5), over the dossiers of 2.1 (ended in the period). A late dossier that was also rated badly is subtracted twice, as the formula reads; the value never goes below 0. No ended dossier: null. Threshold 90%.',
    periodOf: 'x.end_at',
    denominator: ENDED,
    numerator: `(1 - (not ${ON_TIME})::int - x.disliked::int)`,
    scale: 100,
    unit: 'PERCENT',
    threshold: 90,
  },
};
