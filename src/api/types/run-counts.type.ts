import { Field, Int, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';

/**
 * The record counters a connector run's progress and each of its stream runs report
 * (control/run-counts.ts). Their types inherit these fields; no field returns this type,
 * so the schema holds no type of its own for it.
 */
@ObjectType()
export abstract class RunCountsType {
  @Field(() => Int)
  @Sensitivity('internal')
  read!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  inserted!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  updated!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  unchanged!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  failed!: number;
}
