import type { EntityManager } from '@mikro-orm/postgresql';
import { ConnectorConfigError } from '../../connectors/errors';
import { getConnector } from '../../connectors/registry';
import { validateConnectorConfig } from '../engine/connector-config';
import { ConnectorInstance } from '../entities';
import { sealConfig } from '../secrets/connector-secrets';

/**
 * Creates or updates a configured connector after validating its config against the
 * plug-in's schema (the error names each bad field).
 */
/** A 5- or 6-field cron pattern (BullMQ's job schedulers parse the details). */
const CRON = /^\s*(\S+\s+){4,5}\S+\s*$/;

export async function upsertConnector(em: EntityManager, input: { name: string; kind: string; config: unknown; schedule?: string | null }): Promise<ConnectorInstance> {
  const plugin = getConnector(input.kind);
  // Secrets are sealed before the config is stored (src/secrets).
  const config = sealConfig(plugin, validateConnectorConfig<Record<string, unknown>>(plugin, input.config));
  if (input.schedule && !CRON.test(input.schedule)) {
    throw new ConnectorConfigError([`schedule: "${input.schedule}" is not a cron pattern; write 5 fields (minute hour day month weekday), e.g. "*/15 * * * *"`]);
  }
  let instance = await em.findOne(ConnectorInstance, { name: input.name });
  if (!instance) {
    instance = em.create(ConnectorInstance, { name: input.name, kind: input.kind, config, schedule: input.schedule ?? null, enabled: true, createdAt: new Date(), updatedAt: new Date() });
  } else {
    instance.kind = input.kind;
    instance.config = config;
    // undefined keeps the schedule, null removes it.
    instance.schedule = input.schedule === undefined ? instance.schedule : input.schedule;
    instance.updatedAt = new Date();
  }
  await em.persistAndFlush(instance);
  return instance;
}
