import type { PoolClient } from 'pg';
import type { UnifiedKind } from '../model/records';
import { refreshDocuments } from './documents';
import { linkPortalDossiers, portalCopiesGone, portalCopiesOf } from './linking';
import { UNIFIED_ROWS } from './unified-rows';

/**
 * Source records gone at source reach the unified model: their rows get `gone_at` (lists,
 * counts and indicators leave them out; the row and its history stay). A one-stop-shop
 * dossier whose portal copy remains is served from the portal instead; a shared
 * catalogue row goes only when no stream of that catalogue lists it any more.
 */
export async function markUnifiedGone(client: PoolClient, kind: UnifiedKind, target: { sourceSystem: string; stream: string; runId: number }, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  switch (kind) {
    case 'dossier': {
      const { rows } = await client.query<{ code: string }>(
        `update hub.dossier set gone_at = now(), updated_at = now() where source_system = $1 and code = any($2::text[]) and gone_at is null returning code`,
        [target.sourceSystem, keys],
      );
      await linkPortalDossiers(client, await portalCopiesOf(client, rows.map((r) => r.code)), target.runId);
      return;
    }
    case 'portalDossier':
      await client.query(`update hub.portal_dossier set gone_at = now(), updated_at = now() where portal_code = any($1::text[]) and gone_at is null`, [keys]);
      await portalCopiesGone(client, keys);
      return;
    case 'agency':
    case 'procedure':
      await client.query(
        `update hub.${kind} c set gone_at = now(), updated_at = now() where c.code = any($1::text[]) and c.gone_at is null
            and not exists (select 1 from raw.source_record s where s.stream = $2 and s.source_key = c.code and s.gone_at is null)`,
        [keys, target.stream],
      );
      return;
    case 'document': {
      const { rows } = await client.query<{ document_key: string }>(
        `update hub.document_entry set gone_at = now(), updated_at = now() where source_system = $1 and source_id = any($2::text[]) and gone_at is null returning document_key`,
        [target.sourceSystem, keys],
      );
      await refreshDocuments(client, rows.map((r) => r.document_key), target.runId);
      return;
    }
    case 'payment':
    case 'rating':
    case 'edxmlPackage': {
      const { table, key } = UNIFIED_ROWS[kind];
      await client.query(`update ${table} set gone_at = now(), updated_at = now() where source_system = $1 and ${key} = any($2::text[]) and gone_at is null`, [target.sourceSystem, keys]);
    }
  }
}
