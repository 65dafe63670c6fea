import type { EntityManager } from '@mikro-orm/postgresql';
import { getConnector } from '../../connectors/registry';
import { ConnectorInstance } from '../entities';
import type { UnifiedKind } from '../model/records';
import { withPgClient } from '../store/pg';

export interface Freshness {
  connectorName: string;
  sourceSystem: string;
  stream: string;
  lastSuccessAt: Date | null;
  lastRunStatus: string | null;
  newestRecordAt: Date | null;
}

/** Where each kind keeps the source's change time. */
const NEWEST: Partial<Record<UnifiedKind, { table: string; column: string }>> = {
  dossier: { table: 'hub.dossier', column: 'source_updated_at' },
  portalDossier: { table: 'hub.portal_dossier', column: 'source_updated_at' },
  payment: { table: 'hub.payment', column: 'source_updated_at' },
  rating: { table: 'hub.rating', column: 'source_updated_at' },
  document: { table: 'hub.document', column: 'source_updated_at' },
  edxmlPackage: { table: 'hub.edxml_package', column: 'created_at' },
};

/** "Data current to …": per connector stream, the last successful run and the newest record it brought. */
export async function readFreshness(em: EntityManager): Promise<Freshness[]> {
  const connectors = await em.find(ConnectorInstance, {}, { orderBy: { name: 'asc' } });
  return withPgClient(em, async (client) => {
    const { rows: runs } = await client.query<{ connector_id: number; stream: string; last_success: string | null; last_status: string | null }>(
      `select connector_id, stream,
              max(finished_at) filter (where status in ('succeeded', 'partial')) as last_success,
              (array_agg(status order by id desc))[1] as last_status
         from ops.sync_run group by connector_id, stream`,
    );
    // MikroORM's pool hands back timestamps as text; the API speaks Date.
    const date = (v: Date | string | null | undefined) => (v ? new Date(v) : null);
    const out: Freshness[] = [];
    for (const c of connectors) {
      for (const s of getConnector(c.kind).streams) {
        const run = runs.find((r) => r.connector_id === c.id && r.stream === s.definition.name);
        const newest = NEWEST[s.definition.kind];
        const newestRecordAt = newest
          ? date((await client.query<{ t: string | null }>(`select max(${newest.column}) as t from ${newest.table} where source_system = $1`, [c.kind])).rows[0]?.t)
          : null;
        out.push({ connectorName: c.name, sourceSystem: c.kind, stream: s.definition.name, lastSuccessAt: date(run?.last_success), lastRunStatus: run?.last_status ?? null, newestRecordAt });
      }
    }
    return out;
  });
}
