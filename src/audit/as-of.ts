import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { getConnector } from '../../connectors/registry';
import { Document, Dossier, DocumentEntry, DossierLink, EdxmlPackage } from '../entities';
import type { DossierRecord, PortalDossierRecord, UnifiedRecord } from '../model/records';
import { contentHash, type UpsertSpec } from '../store/writers/bulk-upsert';
import { documentRowsFrom } from '../store/documents';
import { FROM_PORTAL_COLUMNS } from '../store/linking';
import { withPgClient } from '../store/pg';
import { documentEntrySpec, edxmlPackageSpec } from '../store/writers/document.writers';
import { portalDossierSpec } from '../store/writers/source.writers';

/** Events of a dossier rebuilt as of a past moment, in the shape the API serves. */
export const AS_OF_EVENTS = Symbol('asOfEvents');

/** A source record's latest version received by a moment, mapped again by its stream. */
export interface VersionAsOf {
  /** raw.source_record id: the order the hub first received the records in. */
  recordId: string;
  sourceSystem: string;
  sourceKey: string;
  runId: number;
  receivedAt: Date;
  /** When its first version arrived (when the hub's row for it was created). */
  firstReceivedAt: Date;
  record: UnifiedRecord;
}

/**
 * The latest version received by `asOf` of each source record named (source system and
 * key, any stream), mapped by its stream as the hub maps it now. A version that no
 * longer maps is left out; so is a record the hub had no version of yet. Newest first.
 */
export async function versionsAsOf(client: PoolClient, wanted: readonly { sourceSystem: string; sourceKey: string }[], asOf: Date): Promise<VersionAsOf[]> {
  if (!wanted.length) return [];
  const { rows } = await client.query<{ record_id: string; source_system: string; source_key: string; kind: string; stream: string; payload: unknown; run_id: number; created_at: Date; first_at: Date }>(
    `select s.id::text as record_id, s.source_system, s.source_key, c.kind, s.stream, v.payload, v.run_id, v.created_at,
            (select f.created_at from raw.source_record_version f where f.record_id = s.id and f.version = 1) as first_at
       from (select distinct system, key from jsonb_to_recordset($1::jsonb) as k(system text, key text)) k
       join raw.source_record s on s.source_key = k.key and s.source_system = k.system
       join ops.connector c on c.id = s.connector_id
       join lateral (select payload, run_id, created_at from raw.source_record_version w
                      where w.record_id = s.id and w.created_at <= $2 order by w.version desc limit 1) v on true
      order by v.created_at desc, s.id`,
    [JSON.stringify(wanted.map((w) => ({ system: w.sourceSystem, key: w.sourceKey }))), asOf],
  );
  const out: VersionAsOf[] = [];
  for (const row of rows) {
    const stream = getConnector(row.kind).streams.find((s) => s.definition.name === row.stream);
    if (!stream) continue;
    let record: UnifiedRecord;
    try {
      record = stream.map(row.payload);
    } catch {
      continue;
    }
    out.push({ recordId: row.record_id, sourceSystem: row.source_system, sourceKey: row.source_key, runId: row.run_id, receivedAt: new Date(row.created_at), firstReceivedAt: new Date(row.first_at ?? row.created_at), record });
  }
  return out;
}

/** A mapped record as the row its writer would store (for `jsonb_populate_record(set)` over the table's type). */
function rowOf<R>(spec: UpsertSpec<R>, record: R, extra: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = { [spec.key.name]: spec.key.value(record) ?? null, ...extra };
  for (const c of spec.columns) row[c.name] = c.value(record) ?? null;
  return row;
}

/** Rebuilt columns (snake_case, as SQL returns them) onto a copy of today's entity, converted by the ORM. */
function withColumns<T extends object>(em: EntityManager, entity: EntityName<T>, current: T, row: Record<string, unknown>, extra: Record<string, unknown>): T {
  const meta = em.getMetadata().find(entity)!;
  const mapped = em.fork().map(entity, { ...row, id: (current as { id?: unknown }).id } as never) as Record<string, unknown>;
  const out = Object.assign(Object.create(Object.getPrototypeOf(current) as object) as T, current);
  for (const prop of meta.props) {
    if (prop.fieldNames?.length === 1 && prop.fieldNames[0]! in row && prop.name !== 'id') (out as Record<string, unknown>)[prop.name] = mapped[prop.name];
  }
  return Object.assign(out, extra);
}

/**
 * A dossier as the hub had it at `asOf`, rebuilt from the raw versions received by then:
 * the one-stop-shop's record mapped again by its stream, with the fields its linked
 * portal copy supplies (online payment, VNeID verification) from that copy's version of
 * then; a dossier only the portal knew then is served from its copy, as the linking
 * does (src/store/linking.ts). Identity (id, links) is today's; provenance points at the
 * versions' runs. Null when the hub had no version of it yet.
 */
export async function dossierAsOf(em: EntityManager, current: Dossier, asOf: Date): Promise<Dossier | null> {
  const links = await em.find(DossierLink, { dossierId: current.id, sourceSystem: 'dvc' }, { orderBy: { sourceKey: 'asc' } });
  return withPgClient(em, async (client) => {
    const versions = await versionsAsOf(client, [{ sourceSystem: 'mcdt', sourceKey: current.code }, ...links.map((l) => ({ sourceSystem: 'dvc', sourceKey: l.sourceKey }))], asOf);
    const own = versions.find((v) => v.record.kind === 'dossier' && v.sourceKey === current.code);
    // Several copies on one row: the first by portal code, as the linking serves them.
    const copy = versions.filter((v) => v.record.kind === 'portalDossier').sort((a, b) => (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0))[0];
    const base = Object.assign(Object.create(Object.getPrototypeOf(current) as object) as Dossier, current, { goneAt: null });
    if (own) {
      const { events, supplements, ...fields }: DossierRecord = own.record.value as DossierRecord;
      const portal = copy?.record.value as PortalDossierRecord | undefined;
      const supplied = copy && portal
        ? {
            onlinePayment: portal.onlinePayment,
            vneidVerified: portal.vneidVerified,
            origin: 'mcdt+dvc',
            fieldSources: Object.fromEntries(['onlinePayment', 'vneidVerified'].map((f) => [f, { source: 'dvc', key: copy.sourceKey, runId: copy.runId }])),
          }
        : { origin: 'mcdt', fieldSources: {} };
      return Object.assign(base, fields, supplied, {
        sourceSystem: 'mcdt',
        supplements: JSON.parse(JSON.stringify(supplements)) as Dossier['supplements'],
        lastRunId: own.runId,
        updatedAt: new Date(Math.max(own.receivedAt.getTime(), copy?.receivedAt.getTime() ?? 0)),
        [AS_OF_EVENTS]: events.map((e, i) => ({ seq: i + 1, ...e })),
      });
    }
    if (!copy) return null;
    // Served from the portal: the linking's own expressions, over the copy as received then.
    const portal = copy.record.value as PortalDossierRecord;
    const columns = FROM_PORTAL_COLUMNS.filter(([, value]) => value !== 'null' && value !== "'{}'");
    const { rows } = await client.query<Record<string, unknown>>(
      `select ${columns.map(([column, value]) => `${value} as ${column}`).join(', ')}
         from jsonb_populate_record(null::hub.portal_dossier, $2::jsonb) p, (select $3::text as code) d`,
      [copy.runId, JSON.stringify(rowOf(portalDossierSpec, portal, { content_hash: contentHash(portal) })), current.code],
    );
    const nulls = Object.fromEntries(FROM_PORTAL_COLUMNS.filter(([, value]) => value === 'null').map(([column]) => [column, null]));
    return withColumns(em, Dossier, base, { ...nulls, ...rows[0]! }, { fieldSources: {}, updatedAt: copy.receivedAt, [AS_OF_EVENTS]: [] });
  });
}

/**
 * An official document as the hub had it at `asOf`: the register rows and edXML packages
 * behind it today, each as its latest version received by then, combined by the rules
 * the store uses (src/store/documents.ts). A register row that named another document
 * then and this one only later is not counted back in. Null when the hub had none of
 * them yet.
 */
export async function documentAsOf(em: EntityManager, current: Document, asOf: Date): Promise<Document | null> {
  const entries = await em.find(DocumentEntry, { documentKey: current.documentKey }, { fields: ['sourceSystem', 'sourceId'] });
  const packages = await em.find(EdxmlPackage, { $or: [{ documentId: current.documentKey }, { targetDocumentId: current.documentKey }] }, { fields: ['sourceSystem', 'packageId'] });
  return withPgClient(em, async (client) => {
    const wanted = [
      ...entries.map((e) => ({ sourceSystem: e.sourceSystem, sourceKey: e.sourceId })),
      ...packages.map((p) => ({ sourceSystem: p.sourceSystem, sourceKey: p.packageId })),
    ];
    const versions = await versionsAsOf(client, wanted, asOf);
    if (!versions.length) return null;
    const common = (v: VersionAsOf) => ({ id: Number(v.recordId), source_system: v.sourceSystem, gone_at: null, created_at: v.firstReceivedAt });
    const entryRows = versions.flatMap((v) => (v.record.kind === 'document' ? [rowOf(documentEntrySpec(v.sourceSystem), v.record.value, common(v))] : []));
    const packageRows = versions.flatMap((v) => (v.record.kind === 'edxmlPackage' ? [rowOf(edxmlPackageSpec, v.record.value, common(v))] : []));
    const { rows } = await client.query<Record<string, unknown>>(
      `with k(key) as (select $1::text),
       ${documentRowsFrom('(select * from jsonb_populate_recordset(null::hub.document_entry, $2::jsonb))', '(select * from jsonb_populate_recordset(null::hub.edxml_package, $3::jsonb))')}
       select * from doc`,
      [current.documentKey, JSON.stringify(entryRows), JSON.stringify(packageRows)],
    );
    const row = rows[0];
    if (!row) return null;
    const { entry_search_text: _search, amended: _amended, ...columns } = row;
    const latest = versions[0]!;
    return withColumns(em, Document, current, columns, { lastRunId: latest.runId, updatedAt: latest.receivedAt });
  });
}
