import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { INDICATOR_CODES, INDICATORS } from '../../indicators/definitions';
import { Sensitivity } from '../../auth/policy';

/** The indicator codes as a GraphQL enum, each described by its formula. */
export const IndicatorCodeEnum = Object.fromEntries(INDICATOR_CODES.map((c) => [c, c])) as { [K in (typeof INDICATOR_CODES)[number]]: K };
registerEnumType(IndicatorCodeEnum, {
  name: 'IndicatorCode',
  description: 'Chỉ tiêu theo Quyết định 766/QĐ-TTg mà hub tính / Decision 766/QĐ-TTg indicators the hub computes',
  valuesConfig: Object.fromEntries(INDICATOR_CODES.map((c) => [c, { description: `${INDICATORS[c].number} ${INDICATORS[c].nameVi} / ${INDICATORS[c].nameEn}: ${INDICATORS[c].description}` }])),
});

export enum PeriodUnitEnum {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodUnitEnum, {
  name: 'PeriodUnit',
  description: 'Kỳ theo lịch, giờ Việt Nam / Calendar periods in Vietnam local time',
  valuesConfig: { MONTH: { description: 'Tháng / Month' }, QUARTER: { description: 'Quý / Quarter' }, YEAR: { description: 'Năm / Year' } },
});

export enum IndicatorGroupByEnum {
  NONE = 'NONE',
  AGENCY = 'AGENCY',
  PROCEDURE = 'PROCEDURE',
  FIELD = 'FIELD',
}
registerEnumType(IndicatorGroupByEnum, {
  name: 'IndicatorGroupBy',
  description: 'Nhóm giá trị chỉ tiêu theo / What indicator values are grouped by',
  valuesConfig: {
    NONE: { description: 'Một giá trị mỗi kỳ / One value per period' },
    AGENCY: { description: 'Theo cơ quan, cộng dồn cây đơn vị / Per agency, rolled up the agency tree: an agency includes every agency under it (numerators and denominators summed, never rates averaged)' },
    PROCEDURE: { description: 'Theo mã thủ tục quốc gia / Per national procedure code' },
    FIELD: { description: 'Theo lĩnh vực / Per procedure field' },
  },
});

@ObjectType('Indicator', { description: 'Định nghĩa chỉ tiêu: đếm gì và tính thế nào / An indicator definition: what it counts and how' })
export class IndicatorType {
  @Field(() => IndicatorCodeEnum)
  @Sensitivity('public')
  code!: string;

  @Field(() => String, { description: 'Number in Decision 766, e.g. 2.1' })
  @Sensitivity('public')
  number!: string;

  @Field(() => String, { description: 'Tên tiếng Anh (như nameEn) / English name (same as nameEn)' })
  @Sensitivity('public')
  name!: string;

  @Field(() => String, { description: 'Tên tiếng Việt, ví dụ "Tỷ lệ hồ sơ giải quyết đúng hạn" / Vietnamese name' })
  @Sensitivity('public')
  nameVi!: string;

  @Field(() => String, { description: 'Tên tiếng Anh / English name, e.g. "On-time rate"' })
  @Sensitivity('public')
  nameEn!: string;

  @Field(() => String, { description: 'The formula as the hub computes it, including its choices for open cases' })
  @Sensitivity('public')
  description!: string;

  @Field(() => String, { description: 'PERCENT or DAYS' })
  @Sensitivity('public')
  unit!: string;

  @Field(() => Float, { nullable: true, description: 'Scoring threshold in percent, where the formula has one' })
  @Sensitivity('public')
  threshold!: number | null;
}

@ObjectType('IndicatorValue', { description: 'Một chỉ tiêu cho một kỳ và một nhóm, kèm các số liệu tính ra nó / One indicator for one period and group, with the numbers behind it' })
export class IndicatorValueType {
  @Field(() => IndicatorType)
  @Sensitivity('public')
  indicator!: IndicatorType;

  @Field(() => String, { description: 'First day of the period (yyyy-MM-dd, local)' })
  @Sensitivity('public')
  period!: string;

  @Field(() => String, { description: 'Agency code, national procedure code, field code, or ALL' })
  @Sensitivity('public')
  groupKey!: string;

  @Field(() => Float, { nullable: true, description: 'Null when suppressed' })
  @Sensitivity('public')
  numerator!: number | null;

  @Field(() => Float, { nullable: true, description: 'Dossiers the value is computed from; null when suppressed' })
  @Sensitivity('public')
  denominator!: number | null;

  @Field(() => Float, { nullable: true, description: 'Percent (or days for averages), 2 decimals; null when the denominator is 0 (N/A)' })
  @Sensitivity('public')
  value!: number | null;

  @Field(() => Float, { nullable: true })
  @Sensitivity('public')
  threshold!: number | null;

  @Field(() => Float, { nullable: true, description: 'min(1, value ÷ threshold): the share of the indicator\'s points earned; null without a threshold or value' })
  @Sensitivity('public')
  score!: number | null;

  @Field(() => Boolean, { description: 'True when the value is withheld because fewer than 5 dossiers are behind it (open data without a key)' })
  @Sensitivity('public')
  suppressed!: boolean;
}
