import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { getConnector } from '../../connectors/registry';
import type { AnyConnector } from '../../connectors/types';
import { ConnectorInstance } from '../entities';
import { isSealed, type Keyring, open, seal, sealedKeyId } from './cipher';
import { secretsKeyring } from './keyring';
import { registerSecret } from './redact';

/**
 * A connector's `secretFields` are sealed in ops.connector.config and opened only
 * in memory, when a run or a check needs them. Opened values are registered with the
 * log redactor, so they never reach a log line.
 */
export function sealConfig(connector: AnyConnector, config: Record<string, unknown>, keyring: Keyring = secretsKeyring()): Record<string, unknown> {
  const out = { ...config };
  for (const field of connector.secretFields) {
    const value = out[field];
    if (typeof value === 'string' && !isSealed(value)) {
      registerSecret(value);
      out[field] = seal(keyring, value);
    }
  }
  return out;
}

export function openConfig<C>(connector: AnyConnector, config: C, keyring: Keyring = secretsKeyring()): C {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return config;
  const out = { ...config } as Record<string, unknown>;
  for (const field of connector.secretFields) {
    const value = out[field];
    if (isSealed(value)) out[field] = open(keyring, value);
    registerSecret(out[field]);
  }
  return out as C;
}

/** Secret values that are in clear or sealed with a key other than the current one. */
function needsSealing(connector: AnyConnector, config: Record<string, unknown>, keyring: Keyring): number {
  return connector.secretFields.filter((f) => {
    const v = config[f];
    return typeof v === 'string' && (!isSealed(v) || sealedKeyId(v) !== keyring.current.id);
  }).length;
}

/**
 * Re-seals every connector secret with the current key: values sealed with a
 * previous key (still listed in SECRETS_PREVIOUS_KEYS) and values stored in clear
 * before sealing existed. Returns how many connectors and values it changed.
 */
export async function rotateConnectorSecrets(em: EntityManager, keyring: Keyring = secretsKeyring()): Promise<{ connectors: number; values: number }> {
  let connectors = 0;
  let values = 0;
  await em.transactional(async (tx) => {
    for (const instance of await tx.find(ConnectorInstance, {}, { lockMode: LockMode.PESSIMISTIC_WRITE })) {
      const plugin = getConnector(instance.kind);
      const stale = needsSealing(plugin, instance.config, keyring);
      if (!stale) continue;
      instance.config = sealConfig(plugin, openConfig(plugin, instance.config, keyring), keyring);
      instance.updatedAt = new Date();
      connectors++;
      values += stale;
    }
  });
  return { connectors, values };
}
