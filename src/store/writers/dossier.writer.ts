import type { PoolClient } from 'pg';
import { copyLines, copyValue } from '../copy';
import { foldVietnamese, withoutName } from '../../model/fold';
import type { DossierRecord } from '../../model/records';
import type { UpsertResult, UpsertSpec } from './bulk-upsert';

export const dossierSpec: UpsertSpec<DossierRecord> = {
  table: 'hub.dossier',
  key: { name: 'code', type: 'text', value: (r) => r.code },
  columns: [
    { name: 'other_code', type: 'text', value: (r) => r.otherCode },
    { name: 'agency_code', type: 'text', value: (r) => r.agencyCode },
    { name: 'agency_name', type: 'text', value: (r) => r.agencyName },
    { name: 'procedure_code', type: 'text', value: (r) => r.procedureCode },
    { name: 'national_procedure_code', type: 'text', value: (r) => r.nationalProcedureCode },
    { name: 'procedure_name', type: 'text', value: (r) => r.procedureName },
    { name: 'field_code', type: 'text', value: (r) => r.fieldCode },
    { name: 'field_name', type: 'text', value: (r) => r.fieldName },
    { name: 'channel', type: 'text', value: (r) => r.channel },
    { name: 'service_level', type: 'int2', value: (r) => r.serviceLevel },
    { name: 'applicant_type', type: 'text', value: (r) => r.applicantType },
    { name: 'applicant_name', type: 'text', value: (r) => r.applicantName },
    { name: 'applicant_id_type', type: 'text', value: (r) => r.applicantIdType },
    { name: 'applicant_id_number', type: 'text', value: (r) => r.applicantIdNumber },
    { name: 'applicant_phone', type: 'text', value: (r) => r.applicantPhone },
    { name: 'applicant_email', type: 'text', value: (r) => r.applicantEmail },
    { name: 'applicant_address', type: 'text', value: (r) => r.applicantAddress },
    { name: 'summary', type: 'text', value: (r) => r.summary },
    { name: 'submitted_at', type: 'timestamptz', value: (r) => r.submittedAt },
    { name: 'received_at', type: 'timestamptz', value: (r) => r.receivedAt },
    { name: 'due_at', type: 'timestamptz', value: (r) => r.dueAt },
    { name: 'finished_at', type: 'timestamptz', value: (r) => r.finishedAt },
    { name: 'returned_at', type: 'timestamptz', value: (r) => r.returnedAt },
    { name: 'refused_at', type: 'timestamptz', value: (r) => r.refusedAt },
    { name: 'refusal_reason', type: 'text', value: (r) => r.refusalReason },
    { name: 'status', type: 'int2', value: (r) => r.status },
    { name: 'supplements', type: 'jsonb', value: (r) => r.supplements },
    { name: 'has_digitised_components', type: 'bool', value: (r) => r.hasDigitisedComponents },
    { name: 'result_digitised', type: 'bool', value: (r) => r.resultDigitised },
    { name: 'result_document_number', type: 'text', value: (r) => r.resultDocumentNumber },
    { name: 'result_signed_at', type: 'timestamptz', value: (r) => r.resultSignedAt },
    { name: 'source_updated_at', type: 'timestamptz', value: (r) => r.sourceUpdatedAt },
    {
      name: 'search_text',
      type: 'text',
      // The applicant's name is taken out of the summary: search must not find a person's dossiers by name.
      value: (r) => foldVietnamese([r.code, r.otherCode, withoutName(r.summary, r.applicantName), r.procedureName, r.fieldName, r.agencyName].filter(Boolean).join(' ')),
    },
  ],
};

/**
 * Replaces the process log of every dossier the upsert changed: one delete, then the new
 * rows by one COPY straight into hub.dossier_event. Unchanged dossiers keep their rows untouched.
 */
export async function writeDossierEvents(client: PoolClient, records: readonly DossierRecord[], result: UpsertResult): Promise<void> {
  if (!result.changed.length) return;
  const idByCode = new Map(result.changed.map((c) => [c.key, c.id]));
  const updated = result.changed.filter((c) => !c.inserted).map((c) => c.id);
  if (updated.length) await client.query('delete from hub.dossier_event where dossier_id = any($1::int4[])', [updated]);
  let lines = '';
  const seen = new Set<number>();
  // Walk newest first so a code listed twice in a batch contributes its last version only.
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const id = idByCode.get(r.code);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    r.events.forEach((e, seq) => {
      lines += `${id}\t${seq}\t${copyValue('timestamptz', e.occurredAt)}\t${copyValue('int2', e.status)}\t${copyValue('text', e.actor)}\t${copyValue('text', e.actorTitle)}\t${copyValue('text', e.department)}\t${copyValue('text', e.content)}\t${copyValue('timestamptz', e.stepDueAt)}\n`;
    });
  }
  if (lines) await copyLines(client, 'hub.dossier_event (dossier_id, seq, occurred_at, status, actor, actor_title, department, content, step_due_at)', lines);
}
