import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from './node.type';
import { Sensitivity } from '../../auth/policy';
import { connectionTypes } from '../connection-types';

@ObjectType('Organ', { description: 'An organisation as a document names it' })
export class OrganType {
  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  code!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  name!: string | null;
}

@ObjectType('EdxmlPackage', { description: 'A package received over the edXML exchange axis (QCVN 102:2016)' })
export class EdxmlPackageType {
  @Field(() => String)
  @Sensitivity('internal')
  packageId!: string;

  @Field(() => String, { description: 'DOCUMENT or STATUS' })
  @Sensitivity('internal')
  type!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  documentId!: string | null;

  @Field(() => Int, { nullable: true, description: '0 new, 1 revoke, 2 update, 3 replace' })
  @Sensitivity('internal')
  businessDocType!: number | null;

  @Field(() => String, { nullable: true, description: 'The earlier document this package revokes, updates, replaces or reports on' })
  @Sensitivity('internal')
  targetDocumentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Status packages: 01 arrived … 16 revocation refused' })
  @Sensitivity('internal')
  statusCode!: string | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  statusAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  fromOrganId!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'text')
  subject!: string | null;

  @Field(() => Date, { description: 'When the hub stored it' })
  @Sensitivity('internal')
  createdAt!: Date;
}

@ObjectType('Document', { implements: NodeInterface, description: 'An official document (văn bản) from a document system register' })
export class DocumentType extends NodeInterface {

  @Field(() => String)
  @Sensitivity('internal')
  sourceSystem!: string;

  @Field(() => String, { description: 'Vendor id in its source system' })
  @Sensitivity('internal')
  sourceId!: string;

  @Field(() => String, { description: 'INCOMING or OUTGOING' })
  @Sensitivity('internal')
  register!: string;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  arrivalNumber!: number | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  arrivalDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Number/symbol exactly as received' })
  @Sensitivity('internal')
  numberSymbolRaw!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  number!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  symbol!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  issuedDate!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  documentType!: string | null;

  @Field(() => String, { nullable: true, description: '(Văn bản mật) for confidential documents' })
  @Sensitivity('personal', 'text')
  subject!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  issuerCode!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  issuerName!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('personal', 'initials')
  signer!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  signerTitle!: string | null;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  urgency!: number | null;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  securityLevel!: number | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  deadline!: string | null;

  @Field(() => String, { description: 'WAITING_ASSIGNMENT, IN_PROGRESS, DONE, REVOKED or REPLACED' })
  @Sensitivity('internal')
  state!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  edxmlDocumentId!: string | null;

  @Field(() => Date)
  @Sensitivity('internal')
  sourceUpdatedAt!: Date;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  lastRunId!: number | null;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  @Sensitivity('internal')
  goneAt!: Date | null;
}

export const DocumentConnection = connectionTypes('Document', DocumentType, { sensitivity: 'internal', totalCount: 'Documents matching the filter (all pages); counted only when asked for' }).Connection;
export type DocumentConnection = InstanceType<typeof DocumentConnection>;

@InputType()
export class DocumentFilter {
  @Field(() => String, { nullable: true, description: 'INCOMING or OUTGOING' })
  register?: string | null;

  @Field(() => String, { nullable: true })
  state?: string | null;

  @Field(() => String, { nullable: true })
  issuerCode?: string | null;

  @Field(() => String, { nullable: true })
  edxmlDocumentId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Tìm theo số ký hiệu, trích yếu, cơ quan ban hành, loại văn bản, không phân biệt dấu; ít nhất 2 ký tự / Vietnamese text search over number/symbol, subject, issuer and type, ignoring accents, case and Unicode form; at least 2 characters',
  })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Từ ngày vào sổ (yyyy-MM-dd): ngày đến, hoặc ngày ban hành với văn bản đi / From this register day on: arrival day, or issue day for outgoing documents' })
  dateFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Trước ngày vào sổ này (không gồm) / Before this register day (exclusive)' })
  dateTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Mã cơ quan ban hành (gửi); như issuerCode / Sending (issuing) agency code; same as issuerCode' })
  sendingAgencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Mã đơn vị xử lý (nhận) / Receiving (handling) unit code' })
  receivingAgencyCode?: string | null;
}
