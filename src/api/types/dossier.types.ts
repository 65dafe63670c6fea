import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Channel, DossierOrderField, DossierStatus, OrderDirection } from './enums';
import { DateTimeFilter, StringFilter } from './filters.types';
import { NodeInterface } from './node.type';
import { PageInfo } from './page-info.type';

@ObjectType({ description: 'The applicant (chủ hồ sơ). Personal data is masked until access control exists.' })
export class ApplicantType {
  @Field(() => String, { nullable: true, description: 'Công dân, Doanh nghiệp, Tổ chức, …' })
  type!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  idType!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked: only the last 4 characters shown' })
  idNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked: only the last 4 digits shown' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked: first letter and domain' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked: commune and province only' })
  address!: string | null;
}

@ObjectType({ description: 'One step of the process log (quá trình xử lý)' })
export class DossierEventType {
  @Field(() => Int, { description: 'Position in the log, from 0' })
  seq!: number;

  @Field(() => Date, { nullable: true })
  occurredAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Status code the step moved the dossier to, when given' })
  status!: number | null;

  @Field(() => String, { nullable: true })
  actor!: string | null;

  @Field(() => String, { nullable: true })
  actorTitle!: string | null;

  @Field(() => String, { nullable: true })
  department!: string | null;

  @Field(() => String, { nullable: true })
  content!: string | null;

  @Field(() => Date, { nullable: true, description: 'Deadline of this step' })
  stepDueAt!: Date | null;
}

@ObjectType({ description: 'A supplement round (yêu cầu bổ sung)' })
export class SupplementRoundType {
  @Field(() => Date, { nullable: true })
  requestedAt!: Date | null;

  @Field(() => String, { nullable: true })
  content!: string | null;

  @Field(() => Date, { nullable: true })
  suppliedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  previousDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  newDueAt!: Date | null;
}

@ObjectType('Dossier', { implements: NodeInterface, description: 'An administrative-procedure dossier (hồ sơ thủ tục hành chính): one per real dossier, whichever systems know it' })
export class DossierType extends NodeInterface {

  @Field(() => String, { description: 'MaHoSo: {agency code}-{yyMMdd}-{NNNN}' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'MaHoSoKhac: another code for the same dossier' })
  otherCode!: string | null;

  @Field(() => String, { description: 'System whose copy supplies the row: mcdt, or dvc for a dossier only the portal knows' })
  sourceSystem!: string;

  @Field(() => String, { description: 'Systems that know it: mcdt, dvc or mcdt+dvc' })
  origin!: string;

  @Field(() => Int, { nullable: true, description: 'From the portal: 0 not paid online, 1 on the national portal, 2 through the local gateway' })
  onlinePayment!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'From the portal: the applicant account was verified with VNeID' })
  vneidVerified!: boolean | null;

  @Field(() => String)
  agencyCode!: string;

  @Field(() => String, { nullable: true, description: 'Agency name as the dossier carried it' })
  agencyName!: string | null;

  @Field(() => String)
  procedureCode!: string;

  @Field(() => String, { nullable: true })
  nationalProcedureCode!: string | null;

  @Field(() => String, { nullable: true })
  procedureName!: string | null;

  @Field(() => String, { nullable: true })
  fieldCode!: string | null;

  @Field(() => String, { nullable: true })
  fieldName!: string | null;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => Int, { nullable: true })
  serviceLevel!: number | null;

  @Field(() => DossierStatus)
  status!: DossierStatus;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Accepted: the processing clock starts' })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Due date; null for procedures without a deadline' })
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  returnedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  refusedAt!: Date | null;

  @Field(() => String, { nullable: true })
  refusalReason!: string | null;

  @Field(() => Boolean, { nullable: true })
  hasDigitisedComponents!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  resultDigitised!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Number/symbol of the result document' })
  resultDocumentNumber!: string | null;

  @Field(() => Date, { nullable: true })
  resultSignedAt!: Date | null;

  @Field(() => Date, { description: 'NgayCapNhat: last change at the source' })
  sourceUpdatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  goneAt!: Date | null;

  @Field(() => Date, { description: 'Last time the hub changed this row' })
  updatedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Sync run that last changed this row' })
  lastRunId!: number | null;
}

@ObjectType()
export class DossierEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DossierType)
  node!: DossierType;
}

@ObjectType()
export class DossierConnection {
  @Field(() => [DossierEdge])
  edges!: DossierEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Dossiers matching the filter (all pages); counted only when asked for' })
  totalCount!: Promise<number>;
}

@InputType({ description: 'Dossier filters: all given conditions must hold; combine with and / or / not' })
export class DossierFilter {
  @Field(() => String, { nullable: true, description: 'Shorthand for agency: { eq }' })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Local or national procedure code' })
  procedureCode?: string | null;

  @Field(() => DossierStatus, { nullable: true })
  status?: DossierStatus | null;

  @Field(() => [DossierStatus], { nullable: true })
  statusIn?: DossierStatus[] | null;

  @Field(() => Channel, { nullable: true })
  channel?: Channel | null;

  @Field(() => [Channel], { nullable: true })
  channelIn?: Channel[] | null;

  @Field(() => Date, { nullable: true, description: 'Shorthand for receivedAt: { gte }' })
  receivedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Shorthand for receivedAt: { lt }' })
  receivedTo?: Date | null;

  @Field(() => StringFilter, { nullable: true, description: 'The dossier code or its other code' })
  code?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: 'Agency code' })
  agency?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: 'National procedure code' })
  nationalProcedureCode?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: 'Procedure field code' })
  field?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: 'mcdt, dvc or mcdt+dvc' })
  origin?: StringFilter | null;

  @Field(() => DateTimeFilter, { nullable: true })
  submittedAt?: DateTimeFilter | null;

  @Field(() => DateTimeFilter, { nullable: true })
  receivedAt?: DateTimeFilter | null;

  @Field(() => DateTimeFilter, { nullable: true })
  dueAt?: DateTimeFilter | null;

  @Field(() => DateTimeFilter, { nullable: true })
  finishedAt?: DateTimeFilter | null;

  @Field(() => String, {
    nullable: true,
    description: 'Vietnamese text search over code, summary, procedure, field and agency names, ignoring accents, case and Unicode form ("ho tich" finds "Hộ tịch"); at least 2 characters',
  })
  search?: string | null;

  @Field(() => [DossierFilter], { nullable: true })
  and?: DossierFilter[] | null;

  @Field(() => [DossierFilter], { nullable: true })
  or?: DossierFilter[] | null;

  @Field(() => DossierFilter, { nullable: true })
  not?: DossierFilter | null;
}

@InputType()
export class DossierOrder {
  @Field(() => DossierOrderField)
  field!: DossierOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}
