/**
 * The unified records a connector's mapping produces and the store writes.
 * Source-neutral: names are the hub's, times are Date (UTC), text is NFC.
 * Adding a source system maps into these; adding a kind adds a writer in src/store.
 */

export interface AgencyRecord {
  code: string;
  name: string;
  parentCode: string | null;
  level: number | null;
  /** ISO dates `yyyy-MM-dd`. */
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
}

export type ProcessingTimeUnit = 'DAYS' | 'WORKING_DAYS';

export interface ProcedureRecord {
  code: string;
  nationalCode: string | null;
  name: string;
  fieldCode: string | null;
  fieldName: string | null;
  serviceLevel: number | null;
  processingTime: number | null;
  processingTimeUnit: ProcessingTimeUnit | null;
  hasFee: boolean | null;
}

export type Channel = 'COUNTER' | 'ONLINE' | 'POSTAL';

export interface DossierEventRecord {
  occurredAt: Date | null;
  status: number | null;
  actor: string | null;
  actorTitle: string | null;
  department: string | null;
  content: string | null;
  stepDueAt: Date | null;
}

export interface SupplementRecord {
  requestedAt: Date | null;
  content: string | null;
  suppliedAt: Date | null;
  previousDueAt: Date | null;
  newDueAt: Date | null;
}

export interface DossierRecord {
  code: string;
  otherCode: string | null;
  agencyCode: string;
  agencyName: string | null;
  procedureCode: string;
  nationalProcedureCode: string | null;
  procedureName: string | null;
  fieldCode: string | null;
  fieldName: string | null;
  channel: Channel;
  serviceLevel: number | null;
  applicantType: string | null;
  applicantName: string | null;
  applicantIdType: string | null;
  applicantIdNumber: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
  applicantAddress: string | null;
  summary: string | null;
  submittedAt: Date | null;
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  refusedAt: Date | null;
  refusalReason: string | null;
  /** National status code 1–10. */
  status: number;
  supplements: SupplementRecord[];
  hasDigitisedComponents: boolean | null;
  resultDigitised: boolean | null;
  resultDocumentNumber: string | null;
  resultSignedAt: Date | null;
  sourceUpdatedAt: Date;
  events: DossierEventRecord[];
}

/** An organisation reference as the document systems give it. */
export interface OrganRef {
  code: string | null;
  name: string | null;
}

export type DocumentRegister = 'INCOMING' | 'OUTGOING';
export type DocumentState = 'WAITING_ASSIGNMENT' | 'IN_PROGRESS' | 'DONE' | 'REVOKED' | 'REPLACED';

/** A QLVB official document (văn bản), from the vendor listing. */
export interface DocumentRecord {
  /** Vendor id (`Id`), stable within one source system. */
  sourceId: string;
  register: DocumentRegister;
  arrivalNumber: number | null;
  /** ISO dates `yyyy-MM-dd`. */
  arrivalDate: string | null;
  /** `SoKyHieu` exactly as received, e.g. `267/UBND-VX`, `267`, `UBND-VX/267`. */
  numberSymbolRaw: string | null;
  /** Parsed number part (`267`), when one can be found. */
  number: string | null;
  /** Parsed symbol part (`UBND-VX`), when one can be found. */
  symbol: string | null;
  issuedDate: string | null;
  documentType: string | null;
  /** `TrichYeu`; `(Văn bản mật)` for confidential documents, never fetched further. */
  subject: string | null;
  issuer: OrganRef;
  signer: string | null;
  signerTitle: string | null;
  /** 0 normal … 4 express with set time. */
  urgency: number | null;
  /** 0 none … 3 top secret. */
  securityLevel: number | null;
  deadline: string | null;
  state: DocumentState;
  handlingUnits: OrganRef[];
  /** edXML `DocumentId` when the document came over the exchange axis. */
  edxmlDocumentId: string | null;
  sourceUpdatedAt: Date;
}

export interface AttachmentRecord {
  name: string;
  contentType: string | null;
  size: number;
  sha256: string;
}

/**
 * One edXML package (QCVN 102:2016) taken from the exchange axis: a document
 * package (new, revoke, update, replace) or a status package for an earlier document.
 */
export interface EdxmlPackageRecord {
  /** The exchange's package id (the pending-queue id). */
  packageId: string;
  type: 'DOCUMENT' | 'STATUS';
  /** Document packages: the document's own `DocumentId`. Status packages: null. */
  documentId: string | null;
  /** 0 new, 1 revoke, 2 update, 3 replace (document packages). */
  businessDocType: number | null;
  /** The earlier document a revoke/update/replace or a status package is about. */
  targetDocumentId: string | null;
  fromOrganId: string | null;
  fromOrganName: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  promulgationDate: string | null;
  documentType: string | null;
  subject: string | null;
  signer: string | null;
  priority: number | null;
  /** Status packages: 01 arrived … 16 revocation refused. */
  statusCode: string | null;
  statusAt: Date | null;
  attachments: AttachmentRecord[];
}

export type PaymentMethod = 'CASH' | 'TRANSFER' | 'ONLINE';

/** A fee payment for a dossier: counter/transfer from the one-stop-shop, online from the portal. */
export interface PaymentRecord {
  /** Source's own code: `Ma` at the one-stop-shop, the portal's reference `MaThamChieu` online. */
  sourceCode: string;
  dossierCode: string | null;
  amount: number | null;
  method: PaymentMethod;
  /** Source status text or code, as received (NFC). */
  status: string;
  succeeded: boolean;
  paidAt: Date | null;
  /** False when the source's clock format is ambiguous (DVC `ThoiGianGD`: 12-hour, no AM/PM). */
  paidAtReliable: boolean;
  fees: { code: string | null; name: string | null; kind: string | null; amount: number | null }[];
  sourceUpdatedAt: Date;
}

/** A citizen's satisfaction rating of a dossier (1 very satisfied … 5 very dissatisfied). */
export interface RatingRecord {
  dossierCode: string;
  ratedAt: Date;
  satisfaction: number;
  comment: string | null;
  sourceUpdatedAt: Date;
}

/** An online dossier as the public-service portal lists it. */
export interface PortalDossierRecord {
  /** `MaHoSoQG`: the portal's own code. */
  portalCode: string;
  /** `MaHoSo`: the one-stop-shop code when known (may be empty or different). */
  code: string | null;
  nationalProcedureCode: string | null;
  serviceCode: string | null;
  agencyCode: string | null;
  channel: Channel;
  applicantName: string | null;
  /** Applicant ids (type 1 CCCD, 2 CMND); dummy ids are kept but flagged. */
  applicantIds: { type: number | null; number: string; dummy: boolean }[];
  submittedAt: Date | null;
  receivedAt: Date | null;
  dueAt: Date | null;
  returnedAt: Date | null;
  /** 1–10, and 11 for portal-born dossiers refused locally. */
  status: number;
  /** 0 no, 1 on the national portal, 2 through the local gateway. */
  onlinePayment: number | null;
  vneidVerified: boolean | null;
  sourceUpdatedAt: Date;
}

/** What a stream's mapping yields: one unified record of a known kind. */
export type UnifiedRecord =
  | { kind: 'agency'; value: AgencyRecord }
  | { kind: 'procedure'; value: ProcedureRecord }
  | { kind: 'dossier'; value: DossierRecord }
  | { kind: 'portalDossier'; value: PortalDossierRecord }
  | { kind: 'payment'; value: PaymentRecord }
  | { kind: 'rating'; value: RatingRecord }
  | { kind: 'document'; value: DocumentRecord }
  | { kind: 'edxmlPackage'; value: EdxmlPackageRecord };

export type UnifiedKind = UnifiedRecord['kind'];
export type RecordOf<K extends UnifiedKind> = Extract<UnifiedRecord, { kind: K }>['value'];
