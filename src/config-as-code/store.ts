import type { EntityManager } from '@mikro-orm/postgresql';
import { CONNECTORS } from '../../connectors/registry';
import { clearSchedule, type ControlDeps, createConnector, pauseConnector, resumeConnector, setSchedule, updateConnector } from '../control';
import { ConnectorInstance } from '../entities';
import { openConfig } from '../secrets/connector-secrets';
import type { CurrentConnector, Plan, PlanEntry } from './plan';

/** The connectors not removed, as the plan compares them: secrets opened in memory (never printed). */
export async function loadCurrent(em: EntityManager, opts: { openSecrets: boolean }): Promise<CurrentConnector[]> {
  const rows = await em.find(ConnectorInstance, { deletedAt: null }, { orderBy: { name: 'asc' } });
  return rows.map((c) => {
    const plugin = CONNECTORS[c.kind];
    const config = plugin && opts.openSecrets ? openConfig(plugin, c.config) : { ...c.config };
    return {
      name: c.name,
      kind: c.kind,
      paused: !c.enabled,
      config,
      schedule: c.schedule ? { cron: c.schedule, timeZone: c.scheduleTimeZone, streams: c.scheduleStreams ?? null } : null,
    };
  });
}


/**
 * Carries out a plan through the control services (so every change is validated,
 * checked and audited as if typed by hand), connector by connector, in file order.
 * `onStep` hears each connector before its changes are made, for messages.
 */
export async function applyPlan(deps: ControlDeps, plan: Plan, opts: { skipCheck?: boolean; onStep?: (entry: PlanEntry) => void } = {}): Promise<void> {
  for (const entry of plan.entries) {
    if (entry.action === 'unchanged') continue;
    opts.onStep?.(entry);
    if (entry.action === 'create') {
      await createConnector(deps, {
        name: entry.connector,
        kind: entry.kind,
        config: entry.desiredConfig,
        schedule: entry.desiredSchedule,
        paused: entry.desiredPaused,
        skipCheck: opts.skipCheck,
      });
      continue;
    }
    if (entry.config.length) {
      // A field the file no longer has returns to its default (null); secrets are only ever replaced.
      const patch = Object.fromEntries(entry.config.map((c) => [c.field, c.after === undefined ? null : c.after]));
      await updateConnector(deps, entry.connector, { config: patch, skipCheck: opts.skipCheck });
    }
    if (entry.schedule) {
      const s = entry.schedule.after;
      if (s) await setSchedule(deps, entry.connector, s.cron, s.timeZone, s.streams);
      else await clearSchedule(deps, entry.connector);
    }
    if (entry.paused) await (entry.paused.after ? pauseConnector : resumeConnector)(deps, entry.connector);
  }
}
