import type { PoolClient } from 'pg';
import { getConnector } from '../../connectors/registry';
import { factDriftSql } from '../indicators/facts';
import { UNIFIED_ROWS } from '../store/unified-rows';

/** One broken promise of the store, with the keys to find it by. */
export interface Violation {
  check: IntegrityCheck;
  connector: string | null;
  stream: string | null;
  key: string;
  detail: string;
}

export type IntegrityCheck =
  | 'UNREPRESENTED_RECORD'
  | 'STALE_UNIFIED_ROW'
  | 'UNLINKED_PORTAL_COPY'
  | 'ORPHAN_PORTAL_DOSSIER'
  | 'DANGLING_LINK'
  | 'DOCUMENT_NOT_UNIFIED'
  | 'RUN_COUNTERS'
  | 'INDICATOR_FACTS';

export interface IntegrityReport {
  ok: boolean;
  checkedAt: Date;
  /** Every violation found (examples below are capped per check). */
  violationCount: number;
  violations: Violation[];
}

type Row = { connector: string | null; stream: string | null; key: string; detail: string; total: number };

/**
 * The store's invariant, checked against the data:
 * - every live source record of every stream is represented by exactly one live unified row,
 *   and every live unified row by a live source record;
 * - every live portal copy belongs to exactly one live unified dossier, and every dossier
 *   served from the portal has a live copy;
 * - no link points at a missing row;
 * - every live register row and every edXML document package has its live unified document, and
 *   every live document a register row or package behind it;
 * - each run's counters add up (read = inserted + updated + unchanged + quarantined), and
 *   over all runs of a stream, inserted = source records and inserted + updated = versions;
 * - the indicator roll-ups (src/indicators/facts.ts) hold what the formulas give over the
 *   dossiers now: each dossier's contribution, and the day and month sums of them.
 * Read-only; `examples` caps the violations listed per check (all are counted).
 */
export async function verifyIntegrity(client: PoolClient, examples = 100): Promise<IntegrityReport> {
  const violations: Violation[] = [];
  let violationCount = 0;
  const collect = async (check: IntegrityCheck, sql: string, params: unknown[] = []) => {
    const { rows } = await client.query<Row>(`select *, count(*) over ()::int as total from (${sql}) v order by 1, 2, 3 limit ${examples}`, params);
    violationCount += rows[0]?.total ?? 0;
    for (const r of rows) violations.push({ check, connector: r.connector, stream: r.stream, key: r.key, detail: r.detail });
  };

  const { rows: streams } = await client.query<{ id: number; name: string; kind: string; stream: string }>(
    `select distinct c.id, c.name, c.kind, s.stream from raw.source_record s join ops.connector c on c.id = s.connector_id order by 1, 4`,
  );
  for (const s of streams) {
    const definition = getConnector(s.kind).streams.find((d) => d.definition.name === s.stream)?.definition;
    if (!definition) continue;
    const rows = UNIFIED_ROWS[definition.kind];
    const sameSource = rows.perSource ? `and u.source_system = $3` : 'and $3::text is not null';
    await collect(
      'UNREPRESENTED_RECORD',
      `select $4::text as connector, $2::text as stream, s.source_key as key, 'no live ${rows.table} row with ${rows.key} = this key' as detail
         from raw.source_record s
        where s.connector_id = $1 and s.stream = $2 and s.gone_at is null
          and not exists (select 1 from ${rows.table} u where u.${rows.key} = s.source_key and u.gone_at is null ${sameSource})`,
      [s.id, s.stream, s.kind, s.name],
    );
  }

  // Rows of one source with no live record behind them, whichever connector brought it.
  const kinds = new Map<string, { table: string; key: string; streams: { system: string; stream: string }[] }>();
  for (const s of streams) {
    const definition = getConnector(s.kind).streams.find((d) => d.definition.name === s.stream)?.definition;
    if (!definition || !UNIFIED_ROWS[definition.kind].perSource) continue;
    const rows = UNIFIED_ROWS[definition.kind];
    const entry = kinds.get(rows.table) ?? { ...rows, streams: [] };
    entry.streams.push({ system: s.kind, stream: s.stream });
    kinds.set(rows.table, entry);
  }
  for (const [table, k] of kinds) {
    const systems = [...new Set(k.streams.map((s) => s.system))];
    await collect(
      'STALE_UNIFIED_ROW',
      `select u.source_system as connector, null::text as stream, u.${k.key} as key, 'live ${table} row with no live source record behind it' as detail
         from ${table} u
        where u.gone_at is null and u.source_system = any($1::text[])
          and not exists (select 1 from raw.source_record s where s.source_key = u.${k.key} and s.source_system = u.source_system
                           and s.stream = any($2::text[]) and s.gone_at is null)`,
      [systems, k.streams.map((s) => s.stream)],
    );
  }

  await collect(
    'UNLINKED_PORTAL_COPY',
    `select 'dvc' as connector, 'dossiers' as stream, p.portal_code as key,
            case when l.id is null then 'no unified dossier links this portal copy'
                 when d.id is null then 'its link points at dossier ' || l.dossier_id || ', which does not exist'
                 else 'its unified dossier ' || d.code || ' is flagged gone' end as detail
       from hub.portal_dossier p
       left join hub.dossier_link l on l.source_system = 'dvc' and l.source_key = p.portal_code
       left join hub.dossier d on d.id = l.dossier_id
      where p.gone_at is null and (l.id is null or d.id is null or d.gone_at is not null)`,
  );
  await collect(
    'ORPHAN_PORTAL_DOSSIER',
    `select 'dvc' as connector, null::text as stream, d.code as key, 'a dossier served from the portal that no live portal copy links to' as detail
       from hub.dossier d
      where d.source_system = 'dvc' and d.gone_at is null
        and not exists (select 1 from hub.dossier_link l join hub.portal_dossier p on p.portal_code = l.source_key and p.gone_at is null
                         where l.source_system = 'dvc' and l.dossier_id = d.id)`,
  );
  await collect(
    'DANGLING_LINK',
    `select l.source_system as connector, null::text as stream, l.source_key as key,
            case when d.id is null then 'points at dossier ' || l.dossier_id || ', which does not exist' else 'names a portal copy the store does not have' end as detail
       from hub.dossier_link l left join hub.dossier d on d.id = l.dossier_id
      where d.id is null or (l.source_system = 'dvc' and not exists (select 1 from hub.portal_dossier p where p.portal_code = l.source_key))`,
  );
  await collect(
    'DOCUMENT_NOT_UNIFIED',
    `select e.source_system as connector, 'documents' as stream, e.source_id as key, 'register row of document ' || e.document_key || ', which is missing or flagged gone' as detail
       from hub.document_entry e
      where e.gone_at is null and not exists (select 1 from hub.document d where d.document_key = e.document_key and d.gone_at is null)
     union all
     select p.source_system, 'edxml', p.package_id, 'package bringing document ' || p.document_id || ', which is missing or flagged gone'
       from hub.edxml_package p
      where p.type = 'DOCUMENT' and p.business_doc_type in (0, 2, 3) and p.document_id is not null
        and not exists (select 1 from hub.document d where d.document_key = p.document_id and d.gone_at is null)`,
  );
  await collect(
    'STALE_UNIFIED_ROW',
    `select d.source_system as connector, null::text as stream, d.document_key as key, 'live document with no live register row and no edXML package behind it' as detail
       from hub.document d
      where d.gone_at is null
        and not exists (select 1 from hub.document_entry e where e.document_key = d.document_key and e.gone_at is null)
        and not exists (select 1 from hub.edxml_package p where p.document_id = d.document_key and p.type = 'DOCUMENT' and p.business_doc_type in (0, 2, 3))`,
  );
  await collect(
    'RUN_COUNTERS',
    `select r.connector_name as connector, r.stream, 'run ' || r.id as key,
            'read ' || r.read_count || ' ≠ inserted ' || r.inserted_count || ' + updated ' || r.updated_count || ' + unchanged ' || r.unchanged_count || ' + quarantined ' || r.failed_count as detail
       from ops.sync_run r
      where r.read_count <> r.inserted_count + r.updated_count + r.unchanged_count + r.failed_count`,
  );
  await collect(
    'RUN_COUNTERS',
    `select c.name as connector, k.stream, 'all runs' as key,
            'runs inserted ' || coalesce(r.inserted, 0) || ' and updated ' || coalesce(r.updated, 0) || '; the raw layer holds ' || k.records || ' records and ' || k.versions || ' versions' as detail
       from (select s.connector_id, s.stream, count(*)::int as records, sum(s.version)::int as versions from raw.source_record s group by 1, 2) k
       join ops.connector c on c.id = k.connector_id
       left join (select connector_id, stream, sum(inserted_count)::int as inserted, sum(updated_count)::int as updated from ops.sync_run group by 1, 2) r
         on r.connector_id = k.connector_id and r.stream = k.stream
      where coalesce(r.inserted, 0) <> k.records or coalesce(r.inserted, 0) + coalesce(r.updated, 0) <> k.versions`,
  );
  await collect('INDICATOR_FACTS', `select null::text as connector, null::text as stream, key, detail from (${factDriftSql()}) f`);
  return { ok: violationCount === 0, checkedAt: new Date(), violationCount, violations };
}

/** One line per violation, for a terminal. */
export function formatViolation(v: Violation): string {
  const where = [v.connector, v.stream].filter(Boolean).join('/');
  return `${v.check}  ${where ? `${where}  ` : ''}${v.key}: ${v.detail}`;
}
