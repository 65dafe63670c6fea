import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';

@ObjectType('DossierLink', { description: 'How a source system\'s copy was joined to this dossier' })
export class DossierLinkType {
  @Field(() => String)
  @Sensitivity('internal')
  sourceSystem!: string;

  @Field(() => String, { description: 'The copy\'s own key (the portal\'s MaHoSoQG)' })
  @Sensitivity('internal')
  sourceKey!: string;

  @Field(() => String, { description: 'SAME_CODE, OTHER_CODE, FALLBACK_TUPLE (agency + national procedure + accepted minute + applicant id) or PORTAL_ONLY' })
  @Sensitivity('internal')
  rule!: string;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  runId!: number | null;

  @Field(() => Date)
  @Sensitivity('internal')
  linkedAt!: Date;
}

@ObjectType('FieldSource', { description: 'Which source record and run supplied a field\'s value' })
export class FieldSourceType {
  @Field(() => String)
  @Sensitivity('internal')
  field!: string;

  @Field(() => String)
  @Sensitivity('internal')
  sourceSystem!: string;

  @Field(() => String)
  @Sensitivity('internal')
  sourceKey!: string;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  runId!: number | null;
}

@ObjectType('Payment', { description: 'A fee payment: counter or transfer from the one-stop-shop, online from the portal' })
export class PaymentType {
  @Field(() => String)
  @Sensitivity('internal')
  sourceSystem!: string;

  @Field(() => String)
  @Sensitivity('internal')
  sourceCode!: string;

  @Field(() => Float, { nullable: true })
  @Sensitivity('internal')
  amount!: number | null;

  @Field(() => String, { description: 'CASH, TRANSFER or ONLINE' })
  @Sensitivity('internal')
  method!: string;

  @Field(() => String, { description: 'Status as the source gives it' })
  @Sensitivity('internal')
  status!: string;

  @Field(() => Boolean)
  @Sensitivity('internal')
  succeeded!: boolean;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  paidAt!: Date | null;

  @Field(() => Boolean, { description: 'False when the source clock is ambiguous (portal ThoiGianGD: 12-hour, no AM/PM): trust the date, not the time' })
  @Sensitivity('internal')
  paidAtReliable!: boolean;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  @Sensitivity('internal')
  goneAt!: Date | null;
}

@ObjectType('Rating', { description: 'A satisfaction rating' })
export class RatingType {
  @Field(() => Date)
  @Sensitivity('internal')
  ratedAt!: Date;

  @Field(() => Int, { description: '1 very satisfied … 5 very dissatisfied' })
  @Sensitivity('internal')
  satisfaction!: number;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  comment!: string | null;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  @Sensitivity('internal')
  goneAt!: Date | null;
}
