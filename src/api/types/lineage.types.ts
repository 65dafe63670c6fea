import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';
import { connectionTypes } from '../connection-types';

/** What a version's field resolvers need and the schema does not show. */
export const VERSION_SOURCE = Symbol('versionSource');
export interface VersionSource {
  recordId: string;
  payload: unknown;
  previous: unknown;
  /** Field names the stream's spec marks personal. */
  personal: ReadonlySet<string>;
}

@ObjectType('FieldChange', { description: 'One source field whose value changed from the previous version; values in clear only with pii:read (each such read is recorded)' })
export class FieldChangeType {
  @Field(() => String, { description: 'Top-level field of the payload' })
  @Sensitivity('internal')
  field!: string;

  @Field(() => String, { nullable: true, description: 'Value in the previous version, as JSON' })
  @Sensitivity('personal', 'withhold')
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'Value in this version, as JSON' })
  @Sensitivity('personal', 'withhold')
  after!: string | null;
}

@ObjectType('SourceVersion', { description: 'One payload of a source record as received, and the run that brought it' })
export class SourceVersionType {
  @Field(() => Int, { description: 'From 1' })
  @Sensitivity('internal')
  version!: number;

  @Field(() => String, { description: 'SHA-256 of the payload (base64url)' })
  @Sensitivity('internal')
  hash!: string;

  @Field(() => Int, { description: 'Sync run that brought this version' })
  @Sensitivity('internal')
  runId!: number;

  @Field(() => Date)
  @Sensitivity('internal')
  receivedAt!: Date;

  @Field(() => [String], { description: 'Quirks seen in the payload: nfd, tcvn3' })
  @Sensitivity('internal')
  flags!: string[];

  @Field(() => [String], { description: 'Source fields whose value differs from the previous version (names only: values may be personal data)' })
  @Sensitivity('internal')
  changedFields!: string[];

  [VERSION_SOURCE]?: VersionSource;
}

@ObjectType('SourceRecord', { description: 'What one source system said about a record: every version, which run brought it' })
export class SourceRecordType {
  @Field(() => ID)
  @Sensitivity('internal')
  id!: string;

  @Field(() => String, { description: 'Source system kind: mcdt, dvc, qlvb' })
  @Sensitivity('internal')
  sourceSystem!: string;

  @Field(() => Int)
  @Sensitivity('internal')
  connectorId!: number;

  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => String, { description: 'The key the source identifies it by' })
  @Sensitivity('internal')
  sourceKey!: string;

  @Field(() => Int, { description: 'Number of distinct versions seen' })
  @Sensitivity('internal')
  version!: number;

  @Field(() => [String])
  @Sensitivity('internal')
  flags!: string[];

  @Field(() => Int, { description: 'Sync run that first brought it' })
  @Sensitivity('internal')
  firstRunId!: number;

  @Field(() => Int, { description: 'Sync run that brought the latest version' })
  @Sensitivity('internal')
  changedRunId!: number;

  @Field(() => Date)
  @Sensitivity('internal')
  firstSeenAt!: Date;

  @Field(() => Date)
  @Sensitivity('internal')
  changedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a complete listing of the source no longer contained it' })
  @Sensitivity('internal')
  goneAt!: Date | null;
}

@ObjectType('QuarantinedRecord', { description: 'A source record that could not be mapped, kept with its reason for repair' })
export class QuarantinedRecordType {
  @Field(() => ID)
  @Sensitivity('internal')
  id!: number;

  @Field(() => Int, { description: 'The last run that read the record malformed (same as lastRunId)' })
  @Sensitivity('internal')
  runId!: number;

  @Field(() => Int, { description: 'The first run that read the record malformed' })
  @Sensitivity('internal')
  firstRunId!: number;

  @Field(() => Int, { description: 'The last run that read the record malformed' })
  @Sensitivity('internal')
  lastRunId!: number;

  @Field(() => Int, { description: 'Runs that read the record malformed: one entry per record, not per run' })
  @Sensitivity('internal')
  timesSeen!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  connectorId!: number;

  @Field(() => String)
  @Sensitivity('internal')
  stream!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  sourceKey!: string | null;

  @Field(() => String, { description: 'Every problem found, field by field' })
  @Sensitivity('personal', 'text')
  reason!: string;

  @Field(() => [String], { description: 'Top-level fields of the payload as received (values withheld: they may be personal data)' })
  @Sensitivity('internal')
  payloadFields!: string[];

  @Field(() => Date, { description: 'First seen malformed' })
  @Sensitivity('internal')
  createdAt!: Date;

  @Field(() => Date, { description: 'Last seen malformed' })
  @Sensitivity('internal')
  lastSeenAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the record later arrived valid (the entry is closed); null while open' })
  @Sensitivity('internal')
  resolvedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'The run that brought the record valid' })
  @Sensitivity('internal')
  resolvedRunId!: number | null;
}

export const QuarantinedRecordConnection = connectionTypes('QuarantinedRecord', QuarantinedRecordType, { sensitivity: 'internal', totalCount: 'Quarantined records matching the filter (all pages)' }).Connection;
export type QuarantinedRecordConnection = InstanceType<typeof QuarantinedRecordConnection>;

@InputType()
export class QuarantineFilter {
  @Field(() => Int, { nullable: true })
  connectorId?: number | null;

  @Field(() => String, { nullable: true })
  stream?: string | null;

  @Field(() => Int, { nullable: true, description: 'Entries whose last malformed read was in this run' })
  runId?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: entries still open; false: entries closed by a valid arrival; null: both' })
  open?: boolean | null;
}
