import type { EntityManager } from '@mikro-orm/postgresql';
import { getConnector } from '../../connectors/registry';
import type { Dossier } from '../entities';
import type { DossierRecord } from '../model/records';

/** Events of a dossier rebuilt as of a past moment, in the shape the API serves. */
export const AS_OF_EVENTS = Symbol('asOfEvents');

/**
 * A dossier as the hub had it at `asOf`, rebuilt from the raw versions: the latest
 * version of its source record received by then, mapped again by its stream. Identity
 * (id, links) is today's; provenance points at the version's run. Null when the hub had
 * no version of it yet. Survivorship from the portal copy is not replayed: the
 * one-stop-shop's own values are shown.
 */
export async function dossierAsOf(em: EntityManager, current: Dossier, asOf: Date): Promise<Dossier | null> {
  const rows = await em.getConnection().execute<{ kind: string; stream: string; payload: unknown; run_id: number; created_at: Date }[]>(
    `select c.kind, s.stream, v.payload, v.run_id, v.created_at
       from raw.source_record s join ops.connector c on c.id = s.connector_id
       join lateral (select payload, run_id, created_at from raw.source_record_version w
                      where w.record_id = s.id and w.created_at <= ? order by w.version desc limit 1) v on true
      where s.source_key = ? and s.source_system = ?
      order by v.created_at desc`,
    [asOf, current.code, current.sourceSystem],
  );
  for (const row of rows) {
    const stream = getConnector(row.kind).streams.find((s) => s.definition.name === row.stream);
    if (!stream || stream.definition.kind !== 'dossier') continue;
    let mapped;
    try {
      mapped = stream.map(row.payload);
    } catch {
      continue;
    }
    if (mapped.kind !== 'dossier') continue;
    const { events, supplements, ...fields }: DossierRecord = mapped.value;
    return Object.assign(Object.create(Object.getPrototypeOf(current) as object) as Dossier, current, fields, {
      supplements: JSON.parse(JSON.stringify(supplements)) as Dossier['supplements'],
      fieldSources: {},
      lastRunId: row.run_id,
      updatedAt: new Date(row.created_at),
      goneAt: null,
      [AS_OF_EVENTS]: events.map((e, i) => ({ seq: i + 1, ...e })),
    });
  }
  return null;
}
