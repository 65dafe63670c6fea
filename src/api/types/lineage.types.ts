import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

@ObjectType('SourceVersion', { description: 'One payload of a source record as received, and the run that brought it' })
export class SourceVersionType {
  @Field(() => Int, { description: 'From 1' })
  version!: number;

  @Field(() => String, { description: 'SHA-256 of the payload (base64url)' })
  hash!: string;

  @Field(() => Int, { description: 'Sync run that brought this version' })
  runId!: number;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => [String], { description: 'Quirks seen in the payload: nfd, tcvn3' })
  flags!: string[];

  @Field(() => [String], { description: 'Source fields whose value differs from the previous version (names only: values may be personal data)' })
  changedFields!: string[];
}

@ObjectType('SourceRecord', { description: 'What one source system said about a record: every version, which run brought it' })
export class SourceRecordType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Source system kind: mcdt, dvc, qlvb' })
  sourceSystem!: string;

  @Field(() => Int)
  connectorId!: number;

  @Field(() => String)
  stream!: string;

  @Field(() => String, { description: 'The key the source identifies it by' })
  sourceKey!: string;

  @Field(() => Int, { description: 'Number of distinct versions seen' })
  version!: number;

  @Field(() => [String])
  flags!: string[];

  @Field(() => Int, { description: 'Sync run that first brought it' })
  firstRunId!: number;

  @Field(() => Int, { description: 'Sync run that brought the latest version' })
  changedRunId!: number;

  @Field(() => Date)
  firstSeenAt!: Date;

  @Field(() => Date)
  changedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a complete listing of the source no longer contained it' })
  goneAt!: Date | null;
}

@ObjectType('QuarantinedRecord', { description: 'A source record that could not be mapped, kept with its reason for repair' })
export class QuarantinedRecordType {
  @Field(() => ID)
  id!: number;

  @Field(() => Int, { description: 'The last run that read the record malformed (same as lastRunId)' })
  runId!: number;

  @Field(() => Int, { description: 'The first run that read the record malformed' })
  firstRunId!: number;

  @Field(() => Int, { description: 'The last run that read the record malformed' })
  lastRunId!: number;

  @Field(() => Int, { description: 'Runs that read the record malformed: one entry per record, not per run' })
  timesSeen!: number;

  @Field(() => Int)
  connectorId!: number;

  @Field(() => String)
  stream!: string;

  @Field(() => String, { nullable: true })
  sourceKey!: string | null;

  @Field(() => String, { description: 'Every problem found, field by field' })
  reason!: string;

  @Field(() => [String], { description: 'Top-level fields of the payload as received (values withheld: they may be personal data)' })
  payloadFields!: string[];

  @Field(() => Date, { description: 'First seen malformed' })
  createdAt!: Date;

  @Field(() => Date, { description: 'Last seen malformed' })
  lastSeenAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the record later arrived valid (the entry is closed); null while open' })
  resolvedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'The run that brought the record valid' })
  resolvedRunId!: number | null;
}

@ObjectType()
export class QuarantinedRecordEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => QuarantinedRecordType)
  node!: QuarantinedRecordType;
}

@ObjectType()
export class QuarantinedRecordConnection {
  @Field(() => [QuarantinedRecordEdge])
  edges!: QuarantinedRecordEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Quarantined records matching the filter (all pages)' })
  totalCount!: Promise<number>;
}

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
