import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from './node.type';
import { PageInfo } from './page-info.type';

@ObjectType('Organ', { description: 'An organisation as a document names it' })
export class OrganType {
  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType('EdxmlPackage', { description: 'A package received over the edXML exchange axis (QCVN 102:2016)' })
export class EdxmlPackageType {
  @Field(() => String)
  packageId!: string;

  @Field(() => String, { description: 'DOCUMENT or STATUS' })
  type!: string;

  @Field(() => String, { nullable: true })
  documentId!: string | null;

  @Field(() => Int, { nullable: true, description: '0 new, 1 revoke, 2 update, 3 replace' })
  businessDocType!: number | null;

  @Field(() => String, { nullable: true, description: 'The earlier document this package revokes, updates, replaces or reports on' })
  targetDocumentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Status packages: 01 arrived … 16 revocation refused' })
  statusCode!: string | null;

  @Field(() => Date, { nullable: true })
  statusAt!: Date | null;

  @Field(() => String, { nullable: true })
  fromOrganId!: string | null;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => Date, { description: 'When the hub stored it' })
  createdAt!: Date;
}

@ObjectType('Document', { implements: NodeInterface, description: 'An official document (văn bản) from a document system register' })
export class DocumentType extends NodeInterface {

  @Field(() => String)
  sourceSystem!: string;

  @Field(() => String, { description: 'Vendor id in its source system' })
  sourceId!: string;

  @Field(() => String, { description: 'INCOMING or OUTGOING' })
  register!: string;

  @Field(() => Int, { nullable: true })
  arrivalNumber!: number | null;

  @Field(() => String, { nullable: true })
  arrivalDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Number/symbol exactly as received' })
  numberSymbolRaw!: string | null;

  @Field(() => String, { nullable: true })
  number!: string | null;

  @Field(() => String, { nullable: true })
  symbol!: string | null;

  @Field(() => String, { nullable: true })
  issuedDate!: string | null;

  @Field(() => String, { nullable: true })
  documentType!: string | null;

  @Field(() => String, { nullable: true, description: '(Văn bản mật) for confidential documents' })
  subject!: string | null;

  @Field(() => String, { nullable: true })
  issuerCode!: string | null;

  @Field(() => String, { nullable: true })
  issuerName!: string | null;

  @Field(() => String, { nullable: true })
  signer!: string | null;

  @Field(() => String, { nullable: true })
  signerTitle!: string | null;

  @Field(() => Int, { nullable: true })
  urgency!: number | null;

  @Field(() => Int, { nullable: true })
  securityLevel!: number | null;

  @Field(() => String, { nullable: true })
  deadline!: string | null;

  @Field(() => String, { description: 'WAITING_ASSIGNMENT, IN_PROGRESS, DONE, REVOKED or REPLACED' })
  state!: string;

  @Field(() => String, { nullable: true })
  edxmlDocumentId!: string | null;

  @Field(() => Date)
  sourceUpdatedAt!: Date;

  @Field(() => Int, { nullable: true })
  lastRunId!: number | null;

  @Field(() => Date, { nullable: true, description: 'When every source record behind it was gone at source (no longer listed); null while it is listed' })
  goneAt!: Date | null;
}

@ObjectType()
export class DocumentEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DocumentType)
  node!: DocumentType;
}

@ObjectType()
export class DocumentConnection {
  @Field(() => [DocumentEdge])
  edges!: DocumentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Documents matching the filter (all pages); counted only when asked for' })
  totalCount!: Promise<number>;
}

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
}
