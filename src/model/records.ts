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

/** What a stream's mapping yields: one unified record of a known kind. */
export type UnifiedRecord =
  | { kind: 'agency'; value: AgencyRecord }
  | { kind: 'procedure'; value: ProcedureRecord }
  | { kind: 'dossier'; value: DossierRecord };

export type UnifiedKind = UnifiedRecord['kind'];
export type RecordOf<K extends UnifiedKind> = Extract<UnifiedRecord, { kind: K }>['value'];
