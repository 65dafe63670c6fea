import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { RequiresType, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';

@ObjectType('ConnectorSecret', { description: 'A secret field of the connector kind: write-only, only whether it is set is served' })
export class ConnectorSecretType {
  @Field(() => String)
  @Sensitivity('internal')
  field!: string;

  @Field(() => Boolean)
  @Sensitivity('internal')
  set!: boolean;
}

@ObjectType('ConnectorSchedule', { description: 'A cron schedule, read in its time zone' })
export class ConnectorScheduleType {
  @Field(() => String, { description: 'Cron pattern (minute hour day month weekday), as BullMQ runs it' })
  @Sensitivity('internal')
  cron!: string;

  @Field(() => String, { description: 'IANA time zone the pattern is read in (default Asia/Ho_Chi_Minh)' })
  @Sensitivity('internal')
  timeZone!: string;

  @Field(() => [String], { nullable: true, description: 'Streams it syncs; null: all' })
  @Sensitivity('internal')
  streams!: string[] | null;

  @Field(() => [Date], { description: 'The next five fire times (while paused: when it would fire)' })
  @Sensitivity('internal')
  nextFireTimes!: Date[];
}

@ObjectType('StreamHealth', { description: 'How current one stream of a connector is' })
export class StreamHealthType {
  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => String, { nullable: true, description: 'Status of its latest run' })
  @Sensitivity('internal')
  lastRunStatus!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  lastRunAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When its last run that read to the end (succeeded or partial) finished' })
  @Sensitivity('internal')
  lastSuccessAt!: Date | null;

  @Field(() => Float, { nullable: true, description: 'Hours since lastSuccessAt' })
  @Sensitivity('internal')
  freshnessHours!: number | null;

  @Field(() => Int, { description: 'Open quarantine entries of the stream' })
  @Sensitivity('internal')
  openQuarantine!: number;
}

@ObjectType('Connector', { description: 'A configured connection to one source system' })
@RequiresType(Permission.RUNS)
export class ConnectorType {
  @Field(() => Int)
  @Sensitivity('internal')
  connectorId!: number;

  @Field(() => String)
  @Sensitivity('internal')
  name!: string;

  @Field(() => String, { description: 'Connector plug-in: mcdt, dvc, qlvb' })
  @Sensitivity('internal')
  kind!: string;

  @Field(() => String)
  @Sensitivity('internal')
  title!: string;

  @Field(() => GraphQLJSONObject, { description: 'The config, each secret field that is set shown as "***"' })
  @Sensitivity('internal')
  config!: Record<string, unknown>;

  @Field(() => [ConnectorSecretType])
  @Sensitivity('internal')
  secrets!: ConnectorSecretType[];

  @Field(() => ConnectorScheduleType, { nullable: true })
  @Sensitivity('internal')
  schedule!: ConnectorScheduleType | null;

  @Field(() => Boolean, { description: 'Paused: the schedule does not fire and triggers are refused' })
  @Sensitivity('internal')
  paused!: boolean;

  @Field(() => Date)
  @Sensitivity('internal')
  createdAt!: Date;

  @Field(() => Date)
  @Sensitivity('internal')
  updatedAt!: Date;
}

@ObjectType('ConnectionCheck', { description: 'The outcome of a connection check; nothing is saved by a test' })
export class ConnectionCheckType {
  @Field(() => Boolean)
  @Sensitivity('internal')
  ok!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it failed, readable' })
  @Sensitivity('internal')
  reason!: string | null;

  @Field(() => Int)
  @Sensitivity('internal')
  durationMs!: number;
}

@ObjectType('ConnectorChange', { description: 'A connector as saved, and the connection check run before saving it' })
export class ConnectorChangeType {
  @Field(() => ConnectorType)
  @Sensitivity('internal')
  connector!: ConnectorType;

  @Field(() => ConnectionCheckType, { nullable: true, description: 'null when nothing needed checking' })
  @Sensitivity('internal')
  check!: ConnectionCheckType | null;
}

@ObjectType('StreamField', { description: 'One field of a stream\'s raw record' })
export class StreamFieldType {
  @Field(() => String)
  @Sensitivity('internal')
  name!: string;

  @Field(() => String, { description: 'required, optional' })
  @Sensitivity('internal')
  presence!: string;

  @Field(() => String)
  @Sensitivity('internal')
  description!: string;

  @Field(() => Boolean, { description: 'Carries personal data' })
  @Sensitivity('internal')
  personal!: boolean;
}

@ObjectType('ConnectorStream', { description: 'A stream a connector reads: its key, cursor and fields, and for a saved connector its checkpoint' })
export class ConnectorStreamType {
  @Field(() => String)
  @Sensitivity('internal')
  name!: string;

  @Field(() => String, { description: 'The unified kind its records become' })
  @Sensitivity('internal')
  kind!: string;

  @Field(() => String)
  @Sensitivity('internal')
  description!: string;

  @Field(() => [String])
  @Sensitivity('internal')
  primaryKey!: string[];

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  cursorField!: string | null;

  @Field(() => Boolean, { description: 'Every run reads the whole listing' })
  @Sensitivity('internal')
  fullListing!: boolean;

  @Field(() => Boolean, { description: 'Can be backfilled by date windows (triggerSync from/to)' })
  @Sensitivity('internal')
  windowed!: boolean;

  @Field(() => [StreamFieldType])
  @Sensitivity('internal')
  fields!: StreamFieldType[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Its committed checkpoint' })
  @Sensitivity('internal')
  checkpoint!: Record<string, unknown> | null;
}

@ObjectType('ScheduleChange')
export class ScheduleChangeType {
  @Field(() => String)
  @Sensitivity('internal')
  connector!: string;

  @Field(() => ConnectorScheduleType, { nullable: true, description: 'null once cleared' })
  @Sensitivity('internal')
  schedule!: ConnectorScheduleType | null;

  @Field(() => Boolean, { description: 'False while the connector is paused' })
  @Sensitivity('internal')
  active!: boolean;
}

@ObjectType('StreamReset')
export class StreamResetType {
  @Field(() => String)
  @Sensitivity('internal')
  connector!: string;

  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The checkpoint it replaced (also in the audit log)' })
  @Sensitivity('internal')
  previousCheckpoint!: Record<string, unknown> | null;
}

@InputType()
export class ScheduleInput {
  @Field(() => String)
  cron!: string;

  @Field(() => String, { nullable: true, description: 'Default Asia/Ho_Chi_Minh' })
  timeZone?: string | null;

  @Field(() => [String], { nullable: true })
  streams?: string[] | null;
}

@InputType()
export class CreateConnectorInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => GraphQLJSONObject, { description: 'The kind\'s config, secrets included (sealed when stored, never served again)' })
  config!: Record<string, unknown>;

  @Field(() => ScheduleInput, { nullable: true })
  schedule?: ScheduleInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Start paused' })
  paused?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Save even when the connection check fails' })
  skipCheck?: boolean | null;
}

@InputType()
export class UpdateConnectorInput {
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Fields to change; null resets one to its default; a secret omitted, null or "***" is kept' })
  config?: Record<string, unknown> | null;

  @Field(() => Boolean, { nullable: true })
  skipCheck?: boolean | null;
}

@InputType()
export class QuarantineReplayFilter {
  @Field(() => String, { nullable: true })
  connector?: string | null;

  @Field(() => String, { nullable: true })
  stream?: string | null;

  @Field(() => String, { nullable: true, description: 'Entries whose reason contains this text' })
  reasonContains?: string | null;
}

@ObjectType('ReplaySkip')
export class ReplaySkipType {
  @Field(() => Int)
  @Sensitivity('internal')
  id!: number;

  @Field(() => String)
  @Sensitivity('personal', 'text')
  reason!: string;
}

@ObjectType('QuarantineReplay', { description: 'What a replay of quarantined records did' })
export class QuarantineReplayType {
  @Field(() => Int)
  @Sensitivity('internal')
  considered!: number;

  @Field(() => [Int], { description: 'Entries that now map: stored and closed' })
  @Sensitivity('internal')
  resolved!: number[];

  @Field(() => [ReplaySkipType], { description: 'Entries that still do not map, with today\'s reason' })
  @Sensitivity('internal')
  stillFailing!: ReplaySkipType[];

  @Field(() => [ReplaySkipType], { description: 'Entries not replayed, and why' })
  @Sensitivity('internal')
  skipped!: ReplaySkipType[];

  @Field(() => [Int], { description: 'The replay\'s sync runs' })
  @Sensitivity('internal')
  runIds!: number[];
}
