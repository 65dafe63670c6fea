import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { SyncRunStatus } from './enums';
import { NodeInterface } from './node.type';
import { RequiresType, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { connectionTypes } from '../connection-types';

@ObjectType('SyncRun', { implements: NodeInterface, description: 'One execution of one connector stream' })
@RequiresType(Permission.RUNS)
export class SyncRunType extends NodeInterface {
  @Field(() => Int, { description: 'Run number, as other records cite it (lastRunId, runId)' })
  @Sensitivity('internal')
  runId!: number;

  @Field(() => String, { description: 'Configured connector name' })
  @Sensitivity('internal')
  connectorName!: string;

  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => SyncRunStatus)
  @Sensitivity('internal')
  status!: SyncRunStatus;

  @Field(() => Int, { description: 'Job attempt this run belongs to, from 1' })
  @Sensitivity('internal')
  attempt!: number;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  jobId!: string | null;

  @Field(() => Date)
  @Sensitivity('internal')
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Source records read' })
  @Sensitivity('internal')
  readCount!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  insertedCount!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  updatedCount!: number;

  @Field(() => Int, { description: 'Records read whose content had not changed (no write)' })
  @Sensitivity('internal')
  unchangedCount!: number;

  @Field(() => Int, { description: 'Malformed records sent to quarantine' })
  @Sensitivity('internal')
  failedCount!: number;

  @Field(() => Int, { description: 'Records a complete listing no longer contained (flagged as gone at source)' })
  @Sensitivity('internal')
  goneCount!: number;

  @Field(() => String, { nullable: true, description: 'Stream checkpoint (JSON) the run started from' })
  @Sensitivity('internal')
  cursorBefore!: string | null;

  @Field(() => String, { nullable: true, description: 'Last checkpoint (JSON) the run committed' })
  @Sensitivity('internal')
  cursorAfter!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  errorClass!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  errorMessage!: string | null;
}

export const SyncRunConnection = connectionTypes('SyncRun', SyncRunType, { sensitivity: 'internal', totalCount: 'Runs matching the filter (all pages)' }).Connection;
export type SyncRunConnection = InstanceType<typeof SyncRunConnection>;

@InputType()
export class SyncRunFilter {
  @Field(() => String, { nullable: true })
  connectorName?: string | null;

  @Field(() => String, { nullable: true })
  stream?: string | null;

  @Field(() => SyncRunStatus, { nullable: true })
  status?: SyncRunStatus | null;
}
