import type { PoolClient } from 'pg';
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
 * Replaces the process log of every dossier the upsert changed, in two set-based
 * statements. Unchanged dossiers keep their rows untouched.
 */
export async function writeDossierEvents(client: PoolClient, records: readonly DossierRecord[], result: UpsertResult): Promise<void> {
  if (!result.changed.length) return;
  const idByCode = new Map(result.changed.map((c) => [c.key, c.id]));
  await client.query('delete from hub.dossier_event where dossier_id = any($1::int4[])', [result.changed.filter((c) => !c.inserted).map((c) => c.id)]);
  const ids: number[] = [], seqs: number[] = [], times: (string | null)[] = [], statuses: (number | null)[] = [];
  const actors: (string | null)[] = [], titles: (string | null)[] = [], departments: (string | null)[] = [], contents: (string | null)[] = [], dues: (string | null)[] = [];
  const seen = new Set<number>();
  // Walk newest first so a code listed twice in a batch contributes its last version only.
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const id = idByCode.get(r.code);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    r.events.forEach((e, seq) => {
      ids.push(id); seqs.push(seq); times.push(e.occurredAt?.toISOString() ?? null); statuses.push(e.status);
      actors.push(e.actor); titles.push(e.actorTitle); departments.push(e.department); contents.push(e.content); dues.push(e.stepDueAt?.toISOString() ?? null);
    });
  }
  if (!ids.length) return;
  await client.query(
    `insert into hub.dossier_event (dossier_id, seq, occurred_at, status, actor, actor_title, department, content, step_due_at)
     select * from unnest($1::int4[], $2::int2[], $3::timestamptz[], $4::int2[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])`,
    [ids, seqs, times, statuses, actors, titles, departments, contents, dues],
  );
}
