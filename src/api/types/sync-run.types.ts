import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { SyncRunStatus } from './enums';
import { NodeInterface } from './node.type';
import { PageInfo } from './page-info.type';

@ObjectType('SyncRun', { implements: NodeInterface, description: 'One execution of one connector stream' })
export class SyncRunType extends NodeInterface {
  @Field(() => Int, { description: 'Run number, as other records cite it (lastRunId, runId)' })
  runId!: number;

  @Field(() => String, { description: 'Configured connector name' })
  connectorName!: string;

  @Field(() => String)
  stream!: string;

  @Field(() => SyncRunStatus)
  status!: SyncRunStatus;

  @Field(() => Int, { description: 'Job attempt this run belongs to, from 1' })
  attempt!: number;

  @Field(() => String, { nullable: true })
  jobId!: string | null;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Source records read' })
  readCount!: number;

  @Field(() => Int)
  insertedCount!: number;

  @Field(() => Int)
  updatedCount!: number;

  @Field(() => Int, { description: 'Records read whose content had not changed (no write)' })
  unchangedCount!: number;

  @Field(() => Int, { description: 'Malformed records sent to quarantine' })
  failedCount!: number;

  @Field(() => Int, { description: 'Records a complete listing no longer contained (flagged as gone at source)' })
  goneCount!: number;

  @Field(() => String, { nullable: true, description: 'Stream checkpoint (JSON) the run started from' })
  cursorBefore!: string | null;

  @Field(() => String, { nullable: true, description: 'Last checkpoint (JSON) the run committed' })
  cursorAfter!: string | null;

  @Field(() => String, { nullable: true })
  errorClass!: string | null;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;
}

@ObjectType()
export class SyncRunEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => SyncRunType)
  node!: SyncRunType;
}

@ObjectType()
export class SyncRunConnection {
  @Field(() => [SyncRunEdge])
  edges!: SyncRunEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Runs matching the filter (all pages)' })
  totalCount!: Promise<number>;
}

@InputType()
export class SyncRunFilter {
  @Field(() => String, { nullable: true })
  connectorName?: string | null;

  @Field(() => String, { nullable: true })
  stream?: string | null;

  @Field(() => SyncRunStatus, { nullable: true })
  status?: SyncRunStatus | null;
}
