import type { PoolClient } from 'pg';

/**
 * Unifies dossiers across systems. The one-stop-shop's dossier (hub.dossier, source
 * `mcdt`) is the unified row; the portal's copy (hub.portal_dossier) is linked to it by
 * the first rule that matches (domain.md B7, A3.3), recorded in hub.dossier_link:
 *   1. SAME_CODE       the copy's MaHoSo is the dossier's code;
 *   2. OTHER_CODE      the dossier's MaHoSoKhac is the copy's MaHoSoQG (or its MaHoSo);
 *   3. NATIONAL_CODE   the copy's MaHoSoQG is the dossier's code (a dossier born on the
 *                      national portal is kept in the one-stop-shop under that code);
 *   4. FALLBACK_TUPLE  same agency, national procedure code, accepted minute and applicant
 *                      id — never a dummy id, and only when exactly one dossier matches.
 * A copy nothing matches becomes a unified dossier of its own (PORTAL_ONLY), served from
 * the portal; so does a dossier whose one-stop-shop record is gone while its copy
 * remains. When a one-stop-shop twin arrives later, the link moves and a portal-only
 * row no copy links to any more is removed. Every live copy ends linked to exactly one
 * row, whatever the order the systems arrive in.
 *
 * Each rule is its own equality (or minute-range) join on an indexed column, so the cost
 * per copy does not grow with the store.
 *
 * Survivorship (which source supplies a field when both have it): processing state,
 * dates, applicant and everything else from the one-stop-shop; online payment and VNeID
 * verification from the portal, recorded per field in hub.dossier.field_sources.
 */

/** Portal codes whose links may change because these one-stop-shop dossiers changed (or went). */
export async function portalCopiesOf(client: PoolClient, dossierCodes: readonly string[]): Promise<string[]> {
  if (!dossierCodes.length) return [];
  const { rows } = await client.query<{ portal_code: string }>(
    `with d as materialized (select id, code, other_code, agency_code, national_procedure_code, received_at from hub.dossier where code = any($1::text[]))
     select p.portal_code from d join hub.portal_dossier p on p.code = d.code
     union select p.portal_code from d join hub.portal_dossier p on p.portal_code = d.code
     union select p.portal_code from d join hub.portal_dossier p on p.portal_code = d.other_code
     union select p.portal_code from d join hub.portal_dossier p on p.code = d.other_code
     union select p.portal_code from d join hub.portal_dossier p on p.agency_code = d.agency_code and p.national_procedure_code = d.national_procedure_code
                and p.received_at >= date_trunc('minute', d.received_at) and p.received_at < date_trunc('minute', d.received_at) + interval '1 minute'
     union select l.source_key from d join hub.dossier_link l on l.dossier_id = d.id and l.source_system = 'dvc'`,
    [dossierCodes],
  );
  return rows.map((r) => r.portal_code);
}

/**
 * Portal fields of a row served from the portal, as (column, expression over the copy
 * `p`, the row `d` and the run `$1`); everything only the one-stop-shop knows is empty.
 * Also evaluated over a copy as received in the past (src/audit/as-of.ts).
 */
export const FROM_PORTAL_COLUMNS: readonly (readonly [string, string])[] = [
  ['agency_code', "coalesce(p.agency_code, '')"], ['agency_name', 'null'], ['procedure_code', "coalesce(p.national_procedure_code, '')"],
  ['national_procedure_code', 'p.national_procedure_code'], ['procedure_name', 'null'], ['field_code', 'null'], ['field_name', 'null'], ['channel', 'p.channel'],
  ['service_level', 'null'], ['applicant_type', 'null'], ['applicant_name', 'p.applicant_name'], ['applicant_id_type', 'null'], ['applicant_id_number', 'null'],
  ['applicant_phone', 'null'], ['applicant_email', 'null'], ['applicant_address', 'null'], ['summary', 'null'], ['submitted_at', 'p.submitted_at'],
  ['received_at', 'p.received_at'], ['due_at', 'p.due_at'], ['finished_at', 'null'], ['returned_at', 'p.returned_at'], ['refused_at', 'null'], ['refusal_reason', 'null'],
  ['status', 'case when p.status = 11 then 3 else p.status end'], ['supplements', 'null'], ['has_digitised_components', 'null'], ['result_digitised', 'null'],
  ['result_document_number', 'null'], ['result_signed_at', 'null'], ['online_payment', 'p.online_payment'], ['vneid_verified', 'p.vneid_verified'],
  ['source_updated_at', 'p.source_updated_at'], ['content_hash', "'dvc:' || p.content_hash"], ['origin', "'dvc'"], ['field_sources', "'{}'"],
  ['source_system', "'dvc'"], ['gone_at', 'null'], ['last_run_id', '$1'], ['updated_at', 'now()'], ['search_text', "lower(concat_ws(' ', d.code, p.code, p.portal_code))"],
];
const FROM_PORTAL = FROM_PORTAL_COLUMNS.map(([column, value]) => `${column} = ${value}`).join(', ');

/** (Re)links the given portal copies and applies the survivorship rules. */
export async function linkPortalDossiers(client: PoolClient, portalCodes: readonly string[], runId: number): Promise<void> {
  if (!portalCodes.length) return;
  await client.query(
    `create temporary table if not exists link_match (portal_code text primary key, dossier_id int not null, rule text not null) on commit drop;
     truncate link_match;`,
  );
  // 1. The best one-stop-shop match of each live copy, one indexed join per rule.
  await client.query(
    `with p as materialized (select portal_code, code, agency_code, national_procedure_code, received_at, applicant_ids
                               from hub.portal_dossier where portal_code = any($1::text[]) and gone_at is null)
     insert into link_match (portal_code, dossier_id, rule)
     select distinct on (portal_code) portal_code, id, rule from (
       select p.portal_code, d.id, 'SAME_CODE' as rule, 1 as prio from p join hub.dossier d on d.code = p.code and d.source_system = 'mcdt'
       union all
       select p.portal_code, d.id, 'OTHER_CODE', 2 from p join hub.dossier d on d.other_code = p.portal_code and d.source_system = 'mcdt'
       union all
       select p.portal_code, d.id, 'OTHER_CODE', 2 from p join hub.dossier d on d.other_code = p.code and d.source_system = 'mcdt'
       union all
       select p.portal_code, d.id, 'NATIONAL_CODE', 3 from p join hub.dossier d on d.code = p.portal_code and d.source_system = 'mcdt'
       union all
       select portal_code, min(id), 'FALLBACK_TUPLE', 4 from (
         select p.portal_code, d.id
           from p
           join hub.dossier d on d.source_system = 'mcdt' and d.agency_code = p.agency_code and d.national_procedure_code = p.national_procedure_code
                and d.received_at >= date_trunc('minute', p.received_at) and d.received_at < date_trunc('minute', p.received_at) + interval '1 minute'
                and d.applicant_id_number is not null and d.applicant_id_number !~ '^0+1?$'
          where exists (select 1 from jsonb_array_elements(p.applicant_ids) x where not coalesce((x->>'dummy')::boolean, false) and x->>'number' = d.applicant_id_number)
       ) f group by portal_code having count(*) = 1
     ) m order by portal_code, prio, id`,
    [portalCodes],
  );
  // 2. Copies nothing matches: the portal-served row they are linked to already, or a new
  //    one under their code. Its code can clash only with another portal-served row
  //    (a one-stop-shop dossier of that code would have matched rule 1 or 3): share it.
  await client.query(
    `insert into link_match (portal_code, dossier_id, rule)
     select p.portal_code, d.id, 'PORTAL_ONLY'
       from hub.portal_dossier p join hub.dossier_link l on l.source_system = 'dvc' and l.source_key = p.portal_code join hub.dossier d on d.id = l.dossier_id and d.source_system = 'dvc'
      where p.portal_code = any($1::text[]) and p.gone_at is null and not exists (select 1 from link_match m where m.portal_code = p.portal_code)`,
    [portalCodes],
  );
  await client.query(
    `insert into hub.dossier (code, source_system, origin, agency_code, procedure_code, channel, status, source_updated_at, content_hash, first_run_id, last_run_id)
     select distinct on (coalesce(p.code, p.portal_code)) coalesce(p.code, p.portal_code), 'dvc', 'dvc', '', '', p.channel, p.status, p.source_updated_at, '', $2, $2
       from hub.portal_dossier p
      where p.portal_code = any($1::text[]) and p.gone_at is null and not exists (select 1 from link_match m where m.portal_code = p.portal_code)
     on conflict (code) do nothing`,
    [portalCodes, runId],
  );
  await client.query(
    `insert into link_match (portal_code, dossier_id, rule)
     select p.portal_code, d.id, 'PORTAL_ONLY' from hub.portal_dossier p join hub.dossier d on d.code = coalesce(p.code, p.portal_code)
      where p.portal_code = any($1::text[]) and p.gone_at is null and not exists (select 1 from link_match m where m.portal_code = p.portal_code)`,
    [portalCodes],
  );
  // 3. Record the links; a portal-served row no copy links to any more goes away. One probe
  //    of the unique index per match (lateral, limit 1): without statistics on link_match
  //    the planner read every portal link for each batch.
  const { rows: moved } = await client.query<{ dossier_id: number }>(
    `select l.dossier_id from link_match m
      cross join lateral (select l.dossier_id from hub.dossier_link l where l.source_system = 'dvc' and l.source_key = m.portal_code limit 1) l
      where l.dossier_id <> m.dossier_id`,
  );
  await client.query(
    `insert into hub.dossier_link (dossier_id, source_system, source_key, rule, run_id)
     select dossier_id, 'dvc', portal_code, rule, $1 from link_match
     on conflict (source_system, source_key) do update set dossier_id = excluded.dossier_id, rule = excluded.rule, run_id = excluded.run_id, linked_at = now()
     where hub.dossier_link.dossier_id is distinct from excluded.dossier_id or hub.dossier_link.rule is distinct from excluded.rule`,
    [runId],
  );
  if (moved.length) {
    await client.query(
      `delete from hub.dossier d where d.id = any($1::int4[]) and d.source_system = 'dvc'
         and not exists (select 1 from hub.dossier_link l where l.dossier_id = d.id)`,
      [moved.map((m) => m.dossier_id)],
    );
  }
  // 4. A one-stop-shop dossier that is gone at source while a copy remains is served from the portal.
  await client.query(
    `update hub.dossier d set source_system = 'dvc', content_hash = '' from link_match m where d.id = m.dossier_id and d.source_system = 'mcdt' and d.gone_at is not null`,
  );
  // 5. Portal-served rows take every field from their copy (the first by code when several share the row).
  await client.query(
    `update hub.dossier d set ${FROM_PORTAL}
       from (select distinct on (m.dossier_id) m.dossier_id, p.* from link_match m join hub.dossier o on o.id = m.dossier_id and o.source_system = 'dvc'
               join hub.portal_dossier p on p.portal_code = m.portal_code order by m.dossier_id, p.portal_code) p
      where d.id = p.dossier_id and d.source_system = 'dvc' and (d.content_hash is distinct from 'dvc:' || p.content_hash or d.gone_at is not null)`,
    [runId],
  );
  // 6. Survivorship: the portal's fields onto one-stop-shop dossiers, with their provenance.
  await client.query(
    `update hub.dossier d set
       online_payment = p.online_payment, vneid_verified = p.vneid_verified, origin = 'mcdt+dvc', updated_at = now(),
       field_sources = d.field_sources || jsonb_build_object(
         'onlinePayment', jsonb_build_object('source', 'dvc', 'key', p.portal_code, 'runId', p.last_run_id),
         'vneidVerified', jsonb_build_object('source', 'dvc', 'key', p.portal_code, 'runId', p.last_run_id))
     from link_match m join hub.portal_dossier p on p.portal_code = m.portal_code
     where d.id = m.dossier_id and d.source_system = 'mcdt'
       and (d.online_payment is distinct from p.online_payment or d.vneid_verified is distinct from p.vneid_verified or d.origin <> 'mcdt+dvc'
            or d.field_sources->'onlinePayment'->>'key' is distinct from p.portal_code)`,
  );
}

/**
 * Portal copies gone at source: a portal-served dossier none of whose copies remains is
 * gone too. A one-stop-shop dossier keeps its own record and stays.
 */
export async function portalCopiesGone(client: PoolClient, portalCodes: readonly string[]): Promise<void> {
  if (!portalCodes.length) return;
  await client.query(
    `update hub.dossier d set gone_at = now(), updated_at = now()
       from hub.dossier_link l
      where l.source_system = 'dvc' and l.source_key = any($1::text[]) and d.id = l.dossier_id and d.source_system = 'dvc' and d.gone_at is null
        and not exists (select 1 from hub.dossier_link o join hub.portal_dossier p on p.portal_code = o.source_key
                         where o.source_system = 'dvc' and o.dossier_id = d.id and p.gone_at is null)`,
    [portalCodes],
  );
}
