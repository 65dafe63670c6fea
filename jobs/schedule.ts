import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { getConnector } from '../connectors/registry';
import { ConnectorInstance } from '../src/entities';
import { SCHEDULE_TICK, type SyncJobData } from './types';

const schedulerId = (connector: string, stream: string) => `schedule.${connector}.${stream}`;

/**
 * Makes the queue's job schedulers match the connectors' cron schedules: one
 * scheduler per (connector, stream). A scheduler only emits a small "tick" job,
 * which queues the real sync under its deterministic id, so a scheduled run and a
 * manual one can never overlap. Idempotent; run at worker start and after a config change.
 */
export async function syncSchedules(queue: Queue<SyncJobData>, em: EntityManager): Promise<{ scheduled: string[] }> {
  const wanted = new Map<string, { pattern: string; data: SyncJobData }>();
  for (const c of await em.find(ConnectorInstance, {})) {
    if (!c.enabled || !c.schedule) continue;
    for (const s of getConnector(c.kind).streams) {
      wanted.set(schedulerId(c.name, s.definition.name), { pattern: c.schedule, data: { connector: c.name, stream: s.definition.name, trigger: 'schedule' } });
    }
  }
  for (const existing of await queue.getJobSchedulers()) {
    if (!wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
  }
  for (const [id, { pattern, data }] of wanted) {
    await queue.upsertJobScheduler(id, { pattern }, { name: SCHEDULE_TICK, data, opts: { removeOnComplete: true, removeOnFail: true } });
  }
  return { scheduled: [...wanted.keys()] };
}
