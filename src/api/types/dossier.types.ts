import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Channel, DossierOrderField, DossierStatus, OrderDirection } from './enums';
import { DateTimeFilter, StringFilter } from './filters.types';
import { NodeInterface } from './node.type';
import { Sensitivity } from '../../auth/policy';
import { connectionTypes } from '../connection-types';

@ObjectType({ description: 'The applicant (chủ hồ sơ). Personal data: masked unless the key holds pii:read, and every clear read is recorded' })
export class ApplicantType {
  @Field(() => String, { nullable: true, description: 'Công dân, Doanh nghiệp, Tổ chức, …' })
  @Sensitivity('internal')
  type!: string | null;

  @Field(() => String, { nullable: true, description: 'Without pii:read the initials' })
  @Sensitivity('personal', 'initials')
  name!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  idType!: string | null;

  @Field(() => String, { nullable: true, description: 'Without pii:read only the last 4 characters' })
  @Sensitivity('personal', 'tail4')
  idNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Without pii:read only the last 4 digits' })
  @Sensitivity('personal', 'tail4')
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Without pii:read the first letter and the domain' })
  @Sensitivity('personal', 'email')
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Without pii:read the commune and province only' })
  @Sensitivity('personal', 'address')
  address!: string | null;
}

@ObjectType({ description: 'One step of the process log (quá trình xử lý)' })
export class DossierEventType {
  @Field(() => Int, { description: 'Position in the log, from 0' })
  @Sensitivity('internal')
  seq!: number;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  occurredAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Status code the step moved the dossier to, when given' })
  @Sensitivity('internal')
  status!: number | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'initials')
  actor!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  actorTitle!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  department!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  content!: string | null;

  @Field(() => Date, { nullable: true, description: 'Deadline of this step' })
  @Sensitivity('internal')
  stepDueAt!: Date | null;
}

@ObjectType({ description: 'A supplement round (yêu cầu bổ sung)' })
export class SupplementRoundType {
  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  requestedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  content!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  suppliedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  previousDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  newDueAt!: Date | null;
}

@ObjectType('Dossier', { implements: NodeInterface, description: 'An administrative-procedure dossier (hồ sơ thủ tục hành chính): one per real dossier, whichever systems know it' })
export class DossierType extends NodeInterface {

  @Field(() => String, { description: 'MaHoSo: {agency code}-{yyMMdd}-{NNNN}' })
  @Sensitivity('internal')
  code!: string;

  @Field(() => String, { nullable: true, description: 'MaHoSoKhac: another code for the same dossier' })
  @Sensitivity('internal')
  otherCode!: string | null;

  @Field(() => String, { description: 'System whose copy supplies the row: mcdt, or dvc for a dossier only the portal knows' })
  @Sensitivity('internal')
  sourceSystem!: string;

  @Field(() => String, { description: 'Systems that know it: mcdt, dvc or mcdt+dvc' })
  @Sensitivity('internal')
  origin!: string;

  @Field(() => Int, { nullable: true, description: 'From the portal: 0 not paid online, 1 on the national portal, 2 through the local gateway' })
  @Sensitivity('internal')
  onlinePayment!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'From the portal: the applicant account was verified with VNeID' })
  @Sensitivity('internal')
  vneidVerified!: boolean | null;

  @Field(() => String)
  @Sensitivity('internal')
  agencyCode!: string;

  @Field(() => String, { nullable: true, description: 'Agency name as the dossier carried it' })
  @Sensitivity('internal')
  agencyName!: string | null;

  @Field(() => String)
  @Sensitivity('internal')
  procedureCode!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  nationalProcedureCode!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  procedureName!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  fieldCode!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  fieldName!: string | null;

  @Field(() => Channel)
  @Sensitivity('internal')
  channel!: Channel;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  serviceLevel!: number | null;

  @Field(() => DossierStatus)
  @Sensitivity('internal')
  status!: DossierStatus;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  summary!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Accepted: the processing clock starts' })
  @Sensitivity('internal')
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Due date; null for procedures without a deadline' })
  @Sensitivity('internal')
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  finishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  returnedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  refusedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  refusalReason!: string | null;

  @Field(() => Boolean, { nullable: true })
  @Sensitivity('internal')
  hasDigitisedComponents!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @Sensitivity('internal')
  resultDigitised!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Number/symbol of the result document' })
  @Sensitivity('internal')
  resultDocumentNumber!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  resultSignedAt!: Date | null;

  @Field(() => Date, { description: 'NgayCapNhat: last change at the source' })
  @Sensitivity('internal')
  sourceUpdatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  @Sensitivity('internal')
  goneAt!: Date | null;

  @Field(() => Date, { description: 'Last time the hub changed this row' })
  @Sensitivity('internal')
  updatedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Sync run that last changed this row' })
  @Sensitivity('internal')
  lastRunId!: number | null;
}

export const DossierConnection = connectionTypes('Dossier', DossierType, { sensitivity: 'internal', totalCount: 'Dossiers matching the filter (all pages); counted only when asked for' }).Connection;
export type DossierConnection = InstanceType<typeof DossierConnection>;

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
