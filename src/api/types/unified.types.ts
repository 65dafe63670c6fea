import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('DossierLink', { description: 'How a source system\'s copy was joined to this dossier' })
export class DossierLinkType {
  @Field(() => String)
  sourceSystem!: string;

  @Field(() => String, { description: 'The copy\'s own key (the portal\'s MaHoSoQG)' })
  sourceKey!: string;

  @Field(() => String, { description: 'SAME_CODE, OTHER_CODE, FALLBACK_TUPLE (agency + national procedure + accepted minute + applicant id) or PORTAL_ONLY' })
  rule!: string;

  @Field(() => Int, { nullable: true })
  runId!: number | null;

  @Field(() => Date)
  linkedAt!: Date;
}

@ObjectType('FieldSource', { description: 'Which source record and run supplied a field\'s value' })
export class FieldSourceType {
  @Field(() => String)
  field!: string;

  @Field(() => String)
  sourceSystem!: string;

  @Field(() => String)
  sourceKey!: string;

  @Field(() => Int, { nullable: true })
  runId!: number | null;
}

@ObjectType('Payment', { description: 'A fee payment: counter or transfer from the one-stop-shop, online from the portal' })
export class PaymentType {
  @Field(() => String)
  sourceSystem!: string;

  @Field(() => String)
  sourceCode!: string;

  @Field(() => Float, { nullable: true })
  amount!: number | null;

  @Field(() => String, { description: 'CASH, TRANSFER or ONLINE' })
  method!: string;

  @Field(() => String, { description: 'Status as the source gives it' })
  status!: string;

  @Field(() => Boolean)
  succeeded!: boolean;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => Boolean, { description: 'False when the source clock is ambiguous (portal ThoiGianGD: 12-hour, no AM/PM): trust the date, not the time' })
  paidAtReliable!: boolean;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  goneAt!: Date | null;
}

@ObjectType('Rating', { description: 'A satisfaction rating' })
export class RatingType {
  @Field(() => Date)
  ratedAt!: Date;

  @Field(() => Int, { description: '1 very satisfied … 5 very dissatisfied' })
  satisfaction!: number;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  goneAt!: Date | null;
}
