import type { PoolClient } from 'pg';

/**
 * Unified documents (hub.document): one per edXML DocumentId across the incoming
 * register, the outgoing register and the exchange; a register row without a
 * DocumentId is a document of its own (key `{source system}:{vendor id}`).
 *
 * A document is rebuilt from what the store holds for its key, so the result does not
 * depend on which system brought what first:
 * - fields from its register row (a live row first, the outgoing register's first: it is
 *   the issuer's own), else from the edXML package that brought it (new, update, replace);
 * - the newest update package (2) naming it changes subject, type and signer;
 * - a revoke (1) or replace (3) package naming it sets REVOKED / REPLACED, whether the
 *   package came before the document or after;
 * - gone when every register row behind it is gone and no package brought it.
 */
export async function refreshDocuments(client: PoolClient, keys: readonly string[], runId: number): Promise<void> {
  const unique = [...new Set(keys)];
  if (!unique.length) return;
  await client.query(
    `with k(key) as (select distinct unnest($1::text[])),
     ${documentRowsFrom('hub.document_entry', 'hub.edxml_package')}
     insert into hub.document as t (document_key, source_system, source_id, register, arrival_number, arrival_date, number_symbol_raw, number, symbol, issued_date,
                                    document_type, subject, issuer_code, issuer_name, signer, signer_title, urgency, security_level, deadline, state, handling_units,
                                    edxml_document_id, source_updated_at, gone_at, search_text, content_hash, first_run_id, last_run_id)
     select document_key, source_system, source_id, register, arrival_number, arrival_date, number_symbol_raw, number, symbol, issued_date,
            document_type, subject, issuer_code, issuer_name, signer, signer_title, urgency, security_level, deadline, state, handling_units,
            edxml_document_id, source_updated_at, gone_at,
            case when entry_search_text is not null and not amended then entry_search_text
                 else hub.vn_fold(concat_ws(' ', number_symbol_raw, subject, issuer_name, document_type)) end,
            md5(doc::text), $2, $2
       from doc
     on conflict (document_key) do update set
       source_system = excluded.source_system, source_id = excluded.source_id, register = excluded.register, arrival_number = excluded.arrival_number,
       arrival_date = excluded.arrival_date, number_symbol_raw = excluded.number_symbol_raw, number = excluded.number, symbol = excluded.symbol,
       issued_date = excluded.issued_date, document_type = excluded.document_type, subject = excluded.subject, issuer_code = excluded.issuer_code,
       issuer_name = excluded.issuer_name, signer = excluded.signer, signer_title = excluded.signer_title, urgency = excluded.urgency,
       security_level = excluded.security_level, deadline = excluded.deadline, state = excluded.state, handling_units = excluded.handling_units,
       edxml_document_id = excluded.edxml_document_id, source_updated_at = excluded.source_updated_at, gone_at = excluded.gone_at,
       search_text = excluded.search_text, content_hash = excluded.content_hash, last_run_id = excluded.last_run_id, updated_at = now()
     where t.content_hash is distinct from excluded.content_hash`,
    [unique, runId],
  );
  // A key nothing brings any more (a register row whose DocumentId changed) has no document.
  await client.query(
    `delete from hub.document d where d.document_key = any($1::text[])
        and not exists (select 1 from hub.document_entry e where e.document_key = d.document_key)
        and not exists (select 1 from hub.edxml_package p where p.document_id = d.document_key and p.type = 'DOCUMENT' and p.business_doc_type in (0, 2, 3))`,
    [unique],
  );
}

/**
 * The CTEs `entry … doc` that rebuild the documents of the keys in a CTE `k(key)` from
 * register rows and edXML packages: the store's tables, or rows as received in the past
 * (src/audit/as-of.ts), given as relations shaped like them.
 */
export function documentRowsFrom(entries: string, packages: string): string {
  return `entry as (
       select distinct on (e.document_key) e.* from ${entries} e join k on e.document_key = k.key
        order by e.document_key, (e.gone_at is null) desc, (e.register = 'OUTGOING') desc, e.source_updated_at desc, e.id
     ),
     brought as (
       select distinct on (p.document_id) p.* from ${packages} p join k on p.document_id = k.key
        where p.type = 'DOCUMENT' and p.business_doc_type in (0, 2, 3)
        order by p.document_id, p.id desc
     ),
     amended as (
       select distinct on (p.target_document_id) p.* from ${packages} p join k on p.target_document_id = k.key
        where p.type = 'DOCUMENT' and p.business_doc_type = 2
        order by p.target_document_id, p.id desc
     ),
     effect as (
       select p.target_document_id as key, bool_or(p.business_doc_type = 1) as revoked, bool_or(p.business_doc_type = 3) as replaced
         from ${packages} p join k on p.target_document_id = k.key
        where p.type = 'DOCUMENT' and p.business_doc_type in (1, 3) group by 1
     ),
     doc as (
       select k.key as document_key, coalesce(e.source_system, b.source_system) as source_system, coalesce(e.source_id, b.package_id) as source_id,
              coalesce(e.register, 'EXCHANGE') as register, e.arrival_number, e.arrival_date,
              coalesce(e.number_symbol_raw, nullif(concat_ws('/', b.code_number, b.code_notation), '')) as number_symbol_raw,
              coalesce(e.number, b.code_number) as number, coalesce(e.symbol, b.code_notation) as symbol,
              coalesce(e.issued_date, b.promulgation_date) as issued_date,
              coalesce(a.document_type, e.document_type, b.document_type) as document_type,
              coalesce(a.subject, e.subject, b.subject) as subject,
              coalesce(e.issuer_code, b.from_organ_id) as issuer_code, coalesce(e.issuer_name, b.from_organ_name) as issuer_name,
              coalesce(a.signer, e.signer, b.signer) as signer, e.signer_title, coalesce(e.urgency, b.priority) as urgency,
              e.security_level, e.deadline,
              case when x.revoked then 'REVOKED' when x.replaced then 'REPLACED' else coalesce(e.state, 'WAITING_ASSIGNMENT') end as state,
              coalesce(e.handling_units, '[]'::jsonb) as handling_units,
              case when e.edxml_document_id is not null or b.id is not null then k.key end as edxml_document_id,
              coalesce(e.source_updated_at, b.status_at, b.created_at) as source_updated_at,
              case when b.id is null then e.gone_at end as gone_at,
              e.search_text as entry_search_text, a.id is not null as amended
         from k left join entry e on e.document_key = k.key left join brought b on b.document_id = k.key
         left join amended a on a.target_document_id = k.key left join effect x on x.key = k.key
        where e.id is not null or b.id is not null
     )`;
}
