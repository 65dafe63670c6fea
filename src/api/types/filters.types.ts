import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Conditions on a text field; all given must hold' })
export class StringFilter {
  @Field(() => String, { nullable: true })
  eq?: string | null;

  @Field(() => [String], { nullable: true })
  in?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: the field has no value; false: it has one' })
  isNull?: boolean | null;
}

@InputType({ description: 'Conditions on a time; all given must hold' })
export class DateTimeFilter {
  @Field(() => Date, { nullable: true })
  gte?: Date | null;

  @Field(() => Date, { nullable: true })
  gt?: Date | null;

  @Field(() => Date, { nullable: true })
  lte?: Date | null;

  @Field(() => Date, { nullable: true })
  lt?: Date | null;

  @Field(() => Boolean, { nullable: true })
  isNull?: boolean | null;
}
