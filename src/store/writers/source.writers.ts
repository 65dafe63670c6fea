import type { PaymentRecord, PortalDossierRecord, RatingRecord } from '../../model/records';
import type { UpsertSpec } from './bulk-upsert';

/** Portal, payment and rating rows: one table each, keyed within their source system. */

export const portalDossierSpec: UpsertSpec<PortalDossierRecord> = {
  table: 'hub.portal_dossier',
  key: { name: 'portal_code', type: 'text', value: (r) => r.portalCode },
  columns: [
    { name: 'code', type: 'text', value: (r) => r.code },
    { name: 'national_procedure_code', type: 'text', value: (r) => r.nationalProcedureCode },
    { name: 'service_code', type: 'text', value: (r) => r.serviceCode },
    { name: 'agency_code', type: 'text', value: (r) => r.agencyCode },
    { name: 'channel', type: 'text', value: (r) => r.channel },
    { name: 'applicant_name', type: 'text', value: (r) => r.applicantName },
    { name: 'applicant_ids', type: 'jsonb', value: (r) => r.applicantIds },
    { name: 'submitted_at', type: 'timestamptz', value: (r) => r.submittedAt },
    { name: 'received_at', type: 'timestamptz', value: (r) => r.receivedAt },
    { name: 'due_at', type: 'timestamptz', value: (r) => r.dueAt },
    { name: 'returned_at', type: 'timestamptz', value: (r) => r.returnedAt },
    { name: 'status', type: 'int2', value: (r) => r.status },
    { name: 'online_payment', type: 'int2', value: (r) => r.onlinePayment },
    { name: 'vneid_verified', type: 'bool', value: (r) => r.vneidVerified },
    { name: 'source_updated_at', type: 'timestamptz', value: (r) => r.sourceUpdatedAt },
  ],
};

export const paymentSpec: UpsertSpec<PaymentRecord> = {
  table: 'hub.payment',
  key: { name: 'source_code', type: 'text', value: (r) => r.sourceCode },
  conflict: ['source_system', 'source_code'],
  columns: [
    { name: 'dossier_code', type: 'text', value: (r) => r.dossierCode },
    { name: 'amount', type: 'float8', value: (r) => r.amount },
    { name: 'method', type: 'text', value: (r) => r.method },
    { name: 'status', type: 'text', value: (r) => r.status },
    { name: 'succeeded', type: 'bool', value: (r) => r.succeeded },
    { name: 'paid_at', type: 'timestamptz', value: (r) => r.paidAt },
    { name: 'paid_at_reliable', type: 'bool', value: (r) => r.paidAtReliable },
    { name: 'fees', type: 'jsonb', value: (r) => r.fees },
    { name: 'source_updated_at', type: 'timestamptz', value: (r) => r.sourceUpdatedAt },
  ],
};

export const ratingSpec: UpsertSpec<RatingRecord> = {
  table: 'hub.rating',
  key: { name: 'rating_key', type: 'text', value: (r) => `${r.dossierCode}|${r.ratedAt.toISOString()}` },
  conflict: ['source_system', 'rating_key'],
  sourceKeyColumn: 'source_key',
  columns: [
    { name: 'dossier_code', type: 'text', value: (r) => r.dossierCode },
    { name: 'rated_at', type: 'timestamptz', value: (r) => r.ratedAt },
    { name: 'satisfaction', type: 'int2', value: (r) => r.satisfaction },
    { name: 'comment', type: 'text', value: (r) => r.comment },
    { name: 'source_updated_at', type: 'timestamptz', value: (r) => r.sourceUpdatedAt },
  ],
};
