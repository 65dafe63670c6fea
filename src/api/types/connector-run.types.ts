import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { RequiresType, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { connectionTypes } from '../connection-types';
import { RunCountsType } from './run-counts.type';

@ObjectType('RunActor', { description: 'Who or what started (or cancelled) a run' })
export class RunActorType {
  @Field(() => String, { description: 'key, token, cli, schedule, system' })
  @Sensitivity('internal')
  type!: string;

  @Field(() => String, { nullable: true, description: 'Key id, token subject, OS user, scheduler id' })
  @Sensitivity('internal')
  id!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  name!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  role!: string | null;
}

@ObjectType('RunProgress', { description: 'How far a run is, and at what pace' })
export class RunProgressType extends RunCountsType {
  @Field(() => Float, { description: '0–1 over its streams (a backfill: over its windows)' })
  @Sensitivity('internal')
  fraction!: number;

  /** Described here: a stream run's `failed` is not. */
  @Field(() => Int, { description: 'Records quarantined' })
  @Sensitivity('internal')
  declare failed: number;

  @Field(() => Float, { nullable: true, description: 'Records read per second since it started' })
  @Sensitivity('internal')
  recordsPerSecond!: number | null;

  @Field(() => Float, { nullable: true, description: 'Seconds left at the pace so far' })
  @Sensitivity('internal')
  etaSeconds!: number | null;

  @Field(() => Float)
  @Sensitivity('internal')
  elapsedSeconds!: number;
}

@ObjectType('BackfillWindows')
export class BackfillWindowsType {
  @Field(() => Int)
  @Sensitivity('internal')
  total!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  done!: number;
}

@ObjectType('StreamRun', { description: 'One stream of a connector run' })
export class StreamRunType extends RunCountsType {
  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => String, { description: 'queued, running, retrying, succeeded, partial, failed, cancelled' })
  @Sensitivity('internal')
  status!: string;

  @Field(() => Int)
  @Sensitivity('internal')
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When a failed attempt is tried again' })
  @Sensitivity('internal')
  nextRetryAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  errorClass!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  errorMessage!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Its latest sync run (syncRuns, runId)' })
  @Sensitivity('internal')
  syncRunId!: number | null;

  @Field(() => Float, { nullable: true })
  @Sensitivity('internal')
  fraction!: number | null;

  @Field(() => String, { nullable: true, description: 'What the connector last said it was reading' })
  @Sensitivity('internal')
  message!: string | null;

  @Field(() => BackfillWindowsType, { nullable: true })
  @Sensitivity('internal')
  windows!: BackfillWindowsType | null;
}

@ObjectType('RunError', { description: 'Why a run failed, and when it is retried' })
export class RunErrorType {
  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  errorClass!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  message!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  nextRetryAt!: Date | null;
}

@ObjectType('ConnectorRun', { description: 'One request to sync a connector (trigger, schedule tick, backfill), grouping its stream runs' })
@RequiresType(Permission.RUNS)
export class ConnectorRunType {
  @Field(() => ID, { description: 'The run number (runId), as a string' })
  @Sensitivity('internal')
  id!: string;

  @Field(() => Int)
  @Sensitivity('internal')
  runId!: number;

  @Field(() => String)
  @Sensitivity('internal')
  connector!: string;

  @Field(() => String, { description: 'api, cli, schedule, demo, …' })
  @Sensitivity('internal')
  trigger!: string;

  @Field(() => RunActorType, { nullable: true })
  @Sensitivity('internal')
  startedBy!: RunActorType | null;

  @Field(() => [String])
  @Sensitivity('internal')
  streams!: string[];

  @Field(() => Boolean)
  @Sensitivity('internal')
  full!: boolean;

  @Field(() => String, { nullable: true, description: 'A backfill\'s first day (yyyy-MM-dd)' })
  @Sensitivity('internal')
  from!: string | null;

  @Field(() => String, { nullable: true, description: 'A backfill\'s end, exclusive (yyyy-MM-dd)' })
  @Sensitivity('internal')
  to!: string | null;

  @Field(() => String, { description: 'queued, running, succeeded, partial, failed, cancelled' })
  @Sensitivity('internal')
  status!: string;

  @Field(() => Date)
  @Sensitivity('internal')
  requestedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  finishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  cancelRequestedAt!: Date | null;

  @Field(() => RunActorType, { nullable: true })
  @Sensitivity('internal')
  cancelledBy!: RunActorType | null;

  @Field(() => RunProgressType)
  @Sensitivity('internal')
  progress!: RunProgressType;

  @Field(() => [StreamRunType])
  @Sensitivity('internal')
  streamRuns!: StreamRunType[];

  @Field(() => RunErrorType, { nullable: true, description: 'For a failed (or retrying) run: the first failing stream\'s error' })
  @Sensitivity('internal')
  error!: RunErrorType | null;
}

export const ConnectorRunConnection = connectionTypes('ConnectorRun', ConnectorRunType, { sensitivity: 'internal' }).Connection;
export type ConnectorRunConnection = InstanceType<typeof ConnectorRunConnection>;
