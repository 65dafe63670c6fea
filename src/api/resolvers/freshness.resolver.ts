import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { readFreshness } from '../../open-data/freshness';
import type { ApiContext } from '../context';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';

@ObjectType('DataFreshness', { description: '"Data current to …": per connector stream, the last successful run and the newest record it brought' })
export class DataFreshnessType {
  @Field(() => String)
  @Sensitivity('public')
  connectorName!: string;

  @Field(() => String)
  @Sensitivity('public')
  sourceSystem!: string;

  @Field(() => String)
  @Sensitivity('public')
  stream!: string;

  @Field(() => Date, { nullable: true, description: 'When the last run that read to the end (succeeded or partial) finished' })
  @Sensitivity('public')
  lastSuccessAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Status of the most recent run, whatever it was' })
  @Sensitivity('public')
  lastRunStatus!: string | null;

  @Field(() => Date, { nullable: true, description: 'Change time, at the source, of the newest record stored; null for catalogues, which carry none' })
  @Sensitivity('public')
  newestRecordAt!: Date | null;
}

@Resolver()
export class FreshnessResolver {
  @Query(() => [DataFreshnessType])
  @Sensitivity('public')
  @Requires(Permission.OPEN_DATA)
  dataFreshness(@Ctx() { em }: ApiContext): Promise<DataFreshnessType[]> {
    return readFreshness(em);
  }
}
