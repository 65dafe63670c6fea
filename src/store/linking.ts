import type { PoolClient } from 'pg';

/**
 * Unifies dossiers across systems. The one-stop-shop's dossier (hub.dossier, source
 * `mcdt`) is the unified row; the portal's copy (hub.portal_dossier) is linked to it by
 * the first rule that matches (domain.md B7), recorded in hub.dossier_link:
 *   1. SAME_CODE       the copy's MaHoSo is the dossier's code;
 *   2. OTHER_CODE      the dossier's MaHoSoKhac is the copy's MaHoSoQG (or its MaHoSo);
 *   3. FALLBACK_TUPLE  same agency, national procedure code, accepted minute and applicant
 *                      id — never a dummy id, and only when exactly one dossier matches.
 * A copy nothing matches becomes a unified dossier of its own (PORTAL_ONLY); when its
 * one-stop-shop twin arrives later, the link moves and the portal-only row is removed.
 *
 * Survivorship (which source supplies a field when both have it): processing state,
 * dates, applicant and everything else from the one-stop-shop; online payment and VNeID
 * verification from the portal, recorded per field in hub.dossier.field_sources.
 */

/** Portal codes whose links may change because these one-stop-shop dossiers changed. */
export async function portalCopiesOf(client: PoolClient, dossierCodes: readonly string[]): Promise<string[]> {
  if (!dossierCodes.length) return [];
  const { rows } = await client.query<{ portal_code: string }>(
    `select distinct p.portal_code from hub.dossier d
       join hub.portal_dossier p on p.code = d.code
         or p.portal_code = d.other_code or p.code = d.other_code
         or (p.agency_code = d.agency_code and p.national_procedure_code = d.national_procedure_code and p.received_at >= date_trunc('minute', d.received_at) and p.received_at < date_trunc('minute', d.received_at) + interval '1 minute')
     where d.code = any($1::text[]) and d.source_system = 'mcdt'`,
    [dossierCodes],
  );
  return rows.map((r) => r.portal_code);
}

/** (Re)links the given portal copies and applies the survivorship rules. */
export async function linkPortalDossiers(client: PoolClient, portalCodes: readonly string[], runId: number): Promise<void> {
  if (!portalCodes.length) return;
  // 1. The best one-stop-shop match of each copy.
  await client.query(
    `create temporary table if not exists link_match (portal_code text primary key, dossier_id int, rule text) on commit drop;
     truncate link_match;`,
  );
  await client.query(
    `insert into link_match (portal_code, dossier_id, rule)
     select distinct on (portal_code) portal_code, id, rule from (
       select p.portal_code, d.id, 'SAME_CODE' as rule, 1 as prio
         from hub.portal_dossier p join hub.dossier d on d.code = p.code and d.source_system = 'mcdt'
        where p.portal_code = any($1::text[]) and p.code is not null
       union all
       select p.portal_code, d.id, 'OTHER_CODE', 2
         from hub.portal_dossier p join hub.dossier d on d.source_system = 'mcdt' and d.other_code is not null and (d.other_code = p.portal_code or d.other_code = p.code)
        where p.portal_code = any($1::text[])
       union all
       select portal_code, min(id), 'FALLBACK_TUPLE', 3 from (
         select p.portal_code, d.id
           from hub.portal_dossier p
           join hub.dossier d on d.source_system = 'mcdt' and d.agency_code = p.agency_code and d.national_procedure_code = p.national_procedure_code
                and date_trunc('minute', d.received_at) = date_trunc('minute', p.received_at)
                and d.applicant_id_number is not null and d.applicant_id_number !~ '^0+1?$'
          where p.portal_code = any($1::text[])
            and exists (select 1 from jsonb_array_elements(p.applicant_ids) x where not coalesce((x->>'dummy')::boolean, false) and x->>'number' = d.applicant_id_number)
       ) f group by portal_code having count(*) = 1
     ) m order by portal_code, prio, id`,
    [portalCodes],
  );
  // 2. Copies nothing matches: a unified dossier of their own, from the portal's fields.
  await client.query(
    `insert into hub.dossier as t (code, source_system, origin, agency_code, procedure_code, national_procedure_code, channel, applicant_name,
                                  submitted_at, received_at, due_at, returned_at, status, online_payment, vneid_verified, source_updated_at, content_hash, first_run_id, last_run_id, search_text)
     select coalesce(p.code, p.portal_code), 'dvc', 'dvc', coalesce(p.agency_code, ''), coalesce(p.national_procedure_code, ''), p.national_procedure_code, p.channel, p.applicant_name,
            p.submitted_at, p.received_at, p.due_at, p.returned_at, case when p.status = 11 then 3 else p.status end, p.online_payment, p.vneid_verified, p.source_updated_at,
            'dvc:' || p.content_hash, $2, $2, lower(concat_ws(' ', p.code, p.portal_code))
       from hub.portal_dossier p
      where p.portal_code = any($1::text[]) and not exists (select 1 from link_match m where m.portal_code = p.portal_code)
     on conflict (code) do update set
       agency_code = excluded.agency_code, procedure_code = excluded.procedure_code, national_procedure_code = excluded.national_procedure_code,
       channel = excluded.channel, applicant_name = excluded.applicant_name, submitted_at = excluded.submitted_at, received_at = excluded.received_at,
       due_at = excluded.due_at, returned_at = excluded.returned_at, status = excluded.status, online_payment = excluded.online_payment,
       vneid_verified = excluded.vneid_verified, source_updated_at = excluded.source_updated_at, content_hash = excluded.content_hash,
       last_run_id = excluded.last_run_id, updated_at = now()
     where t.source_system = 'dvc' and t.content_hash is distinct from excluded.content_hash`,
    [portalCodes, runId],
  );
  await client.query(
    `insert into link_match (portal_code, dossier_id, rule)
     select p.portal_code, d.id, 'PORTAL_ONLY' from hub.portal_dossier p join hub.dossier d on d.code = coalesce(p.code, p.portal_code) and d.source_system = 'dvc'
      where p.portal_code = any($1::text[]) and not exists (select 1 from link_match m where m.portal_code = p.portal_code)`,
    [portalCodes],
  );
  // 3. Record the links; a portal-only row whose copy now links elsewhere goes away.
  await client.query(
    `with moved as (
       select l.dossier_id from hub.dossier_link l join link_match m on m.portal_code = l.source_key
        where l.source_system = 'dvc' and l.dossier_id <> m.dossier_id
     )
     delete from hub.dossier d using moved where d.id = moved.dossier_id and d.source_system = 'dvc'`,
  );
  await client.query(
    `insert into hub.dossier_link (dossier_id, source_system, source_key, rule, run_id)
     select dossier_id, 'dvc', portal_code, rule, $1 from link_match
     on conflict (source_system, source_key) do update set dossier_id = excluded.dossier_id, rule = excluded.rule, run_id = excluded.run_id, linked_at = now()
     where hub.dossier_link.dossier_id is distinct from excluded.dossier_id or hub.dossier_link.rule is distinct from excluded.rule`,
    [runId],
  );
  // 4. Survivorship: the portal's fields onto one-stop-shop dossiers, with their provenance.
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
