import type { EntityManager } from '@mikro-orm/postgresql';
import { CONNECTORS } from '../../connectors/registry';
import type { AnyConnector } from '../../connectors/types';
import { ConnectorInstance } from '../entities';
import { ControlError } from './errors';

/** The plug-in of `kind`, or a ControlError naming the known kinds. */
export function pluginOf(kind: string, field = 'kind'): AnyConnector {
  const plugin = Object.hasOwn(CONNECTORS, kind) ? CONNECTORS[kind] : undefined;
  if (!plugin) {
    const known = Object.keys(CONNECTORS);
    throw new ControlError('UNKNOWN_KIND', field, `"${kind}" is not a connector kind; known kinds: ${known.join(', ')}`, { kind, known });
  }
  return plugin;
}

/** A connector not removed, by name; `lock` takes its row for the transaction. */
export async function findConnector(em: EntityManager, name: string, opts: { lock?: boolean; field?: string } = {}): Promise<ConnectorInstance> {
  const found = await em.findOne(ConnectorInstance, { name, deletedAt: null }, opts.lock ? { lockMode: 4 /* PESSIMISTIC_WRITE */ } : {});
  if (!found) throw new ControlError('CONNECTOR_NOT_FOUND', opts.field ?? 'connector', `no connector named "${name}"`, { connector: name });
  return found;
}

export const streamNames = (plugin: AnyConnector): string[] => plugin.streams.map((s) => s.definition.name);

/**
 * The streams asked for, checked against the plug-in (the first unknown one is named,
 * with the known ones), in the plug-in's order; all of them when none is given.
 */
export function resolveStreams(plugin: AnyConnector, asked: readonly string[] | null | undefined, field = 'streams'): string[] {
  const known = streamNames(plugin);
  if (!asked || asked.length === 0) return known;
  for (const s of asked) {
    if (!known.includes(s)) {
      throw new ControlError('UNKNOWN_STREAM', field, `"${s}" is not a stream of a ${plugin.kind} connector; its streams: ${known.join(', ')}`, { stream: s, kind: plugin.kind, known });
    }
  }
  return known.filter((s) => asked.includes(s));
}
