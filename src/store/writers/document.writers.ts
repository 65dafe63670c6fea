import { foldVietnamese } from '../../model/fold';
import type { DocumentRecord, EdxmlPackageRecord } from '../../model/records';
import type { UpsertSpec } from './bulk-upsert';

/** What identifies a register row's document: its edXML DocumentId, or the row itself. */
export const documentKeyOf = (r: DocumentRecord, sourceSystem: string) => r.edxmlDocumentId ?? `${sourceSystem}:${r.sourceId}`;

/** Register rows (hub.document_entry); the documents they show are rebuilt from them (src/store/documents.ts). */
export const documentEntrySpec = (sourceSystem: string): UpsertSpec<DocumentRecord> => ({
  table: 'hub.document_entry',
  key: { name: 'source_id', type: 'text', value: (r) => r.sourceId },
  conflict: ['source_system', 'source_id'],
  columns: [
    { name: 'document_key', type: 'text', value: (r) => documentKeyOf(r, sourceSystem) },
    { name: 'register', type: 'text', value: (r) => r.register },
    { name: 'arrival_number', type: 'int4', value: (r) => r.arrivalNumber },
    { name: 'arrival_date', type: 'date', value: (r) => r.arrivalDate },
    { name: 'number_symbol_raw', type: 'text', value: (r) => r.numberSymbolRaw },
    { name: 'number', type: 'text', value: (r) => r.number },
    { name: 'symbol', type: 'text', value: (r) => r.symbol },
    { name: 'issued_date', type: 'date', value: (r) => r.issuedDate },
    { name: 'document_type', type: 'text', value: (r) => r.documentType },
    { name: 'subject', type: 'text', value: (r) => r.subject },
    { name: 'issuer_code', type: 'text', value: (r) => r.issuer.code },
    { name: 'issuer_name', type: 'text', value: (r) => r.issuer.name },
    { name: 'signer', type: 'text', value: (r) => r.signer },
    { name: 'signer_title', type: 'text', value: (r) => r.signerTitle },
    { name: 'urgency', type: 'int2', value: (r) => r.urgency },
    { name: 'security_level', type: 'int2', value: (r) => r.securityLevel },
    { name: 'deadline', type: 'date', value: (r) => r.deadline },
    { name: 'state', type: 'text', value: (r) => r.state },
    { name: 'handling_units', type: 'jsonb', value: (r) => r.handlingUnits },
    { name: 'edxml_document_id', type: 'text', value: (r) => r.edxmlDocumentId },
    { name: 'source_updated_at', type: 'timestamptz', value: (r) => r.sourceUpdatedAt },
    { name: 'search_text', type: 'text', value: (r) => foldVietnamese([r.numberSymbolRaw, r.subject, r.issuer.name, r.documentType].filter(Boolean).join(' ')) },
  ],
});

export const edxmlPackageSpec: UpsertSpec<EdxmlPackageRecord> = {
  table: 'hub.edxml_package',
  key: { name: 'package_id', type: 'text', value: (r) => r.packageId },
  conflict: ['source_system', 'package_id'],
  columns: [
    { name: 'type', type: 'text', value: (r) => r.type },
    { name: 'document_id', type: 'text', value: (r) => r.documentId },
    { name: 'business_doc_type', type: 'int2', value: (r) => r.businessDocType },
    { name: 'target_document_id', type: 'text', value: (r) => r.targetDocumentId },
    { name: 'from_organ_id', type: 'text', value: (r) => r.fromOrganId },
    { name: 'from_organ_name', type: 'text', value: (r) => r.fromOrganName },
    { name: 'code_number', type: 'text', value: (r) => r.codeNumber },
    { name: 'code_notation', type: 'text', value: (r) => r.codeNotation },
    { name: 'promulgation_date', type: 'date', value: (r) => r.promulgationDate },
    { name: 'document_type', type: 'text', value: (r) => r.documentType },
    { name: 'subject', type: 'text', value: (r) => r.subject },
    { name: 'signer', type: 'text', value: (r) => r.signer },
    { name: 'priority', type: 'int2', value: (r) => r.priority },
    { name: 'status_code', type: 'text', value: (r) => r.statusCode },
    { name: 'status_at', type: 'timestamptz', value: (r) => r.statusAt },
    { name: 'attachments', type: 'jsonb', value: (r) => r.attachments },
  ],
};

/**
 * The documents an edXML batch concerns: those its document packages bring (new,
 * update, replace) and those they revoke, update or replace. Their state is rebuilt from
 * every package the store holds, so a package that came before its target applies when
 * the target arrives; the package stays in hub.edxml_package as the history.
 */
export function documentsConcerned(packages: readonly EdxmlPackageRecord[]): string[] {
  const keys = new Set<string>();
  for (const p of packages) {
    if (p.type !== 'DOCUMENT') continue;
    if (p.documentId && p.businessDocType !== 1) keys.add(p.documentId);
    if (p.targetDocumentId) keys.add(p.targetDocumentId);
  }
  return [...keys];
}
