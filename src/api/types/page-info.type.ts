import { Field, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';

@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field(() => Boolean)
  @Sensitivity('public')
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: pages go forward with first/after' })
  @Sensitivity('public')
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  @Sensitivity('public')
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('public')
  endCursor!: string | null;
}
