import type { PoolClient } from 'pg';
import { foldVietnamese } from '../../model/fold';
import type { DocumentRecord, EdxmlPackageRecord } from '../../model/records';
import type { UpsertSpec } from './bulk-upsert';

export const documentSpec: UpsertSpec<DocumentRecord> = {
  table: 'hub.document',
  key: { name: 'source_id', type: 'text', value: (r) => r.sourceId },
  conflict: ['source_system', 'source_id'],
  columns: [
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
};

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
 * Revoke (1) and replace (3) packages change the earlier document's state; the
 * package itself stays in hub.edxml_package as the history, and the document's
 * earlier versions stay in raw.source_record_version.
 */
export async function applyEdxmlEffects(client: PoolClient, packages: readonly EdxmlPackageRecord[]): Promise<void> {
  const revoked = packages.filter((p) => p.type === 'DOCUMENT' && p.businessDocType === 1 && p.targetDocumentId).map((p) => p.targetDocumentId!);
  const replaced = packages.filter((p) => p.type === 'DOCUMENT' && p.businessDocType === 3 && p.targetDocumentId).map((p) => p.targetDocumentId!);
  if (revoked.length) await client.query(`update hub.document set state = 'REVOKED', updated_at = now() where edxml_document_id = any($1::text[]) and state <> 'REVOKED'`, [revoked]);
  if (replaced.length) await client.query(`update hub.document set state = 'REPLACED', updated_at = now() where edxml_document_id = any($1::text[]) and state not in ('REVOKED', 'REPLACED')`, [replaced]);
}
