import type { UnifiedKind } from '../model/records';

/**
 * Where the unified rows of each kind live and which column holds the key of the source
 * record behind a row. `perSource`: the row belongs to one source system (its
 * `source_system` column); catalogues are shared, one row per code whoever listed it.
 */
export const UNIFIED_ROWS: Record<UnifiedKind, { table: string; key: string; perSource: boolean }> = {
  agency: { table: 'hub.agency', key: 'code', perSource: false },
  procedure: { table: 'hub.procedure', key: 'code', perSource: false },
  dossier: { table: 'hub.dossier', key: 'code', perSource: true },
  portalDossier: { table: 'hub.portal_dossier', key: 'portal_code', perSource: true },
  payment: { table: 'hub.payment', key: 'source_code', perSource: true },
  rating: { table: 'hub.rating', key: 'source_key', perSource: true },
  document: { table: 'hub.document_entry', key: 'source_id', perSource: true },
  edxmlPackage: { table: 'hub.edxml_package', key: 'package_id', perSource: true },
};
