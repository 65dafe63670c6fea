import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlowProducer, Queue } from 'bullmq';
import type { SyncJobData } from '../../jobs/types';
import type { AuditActor } from '../audit/record';

/**
 * What every control service is called with: a store (a fresh fork is fine; each
 * service runs its own transaction), who is acting (written to the audit log), and,
 * for services that queue or (un)schedule work, the sync queue. Without a queue the
 * store is still changed and the schedules are applied by the next worker start.
 */
export interface ControlDeps {
  em: EntityManager;
  actor: AuditActor;
  queue?: Queue<SyncJobData> | null;
  /** For backfills (a parent job and one child per window); made from `queue` when absent. */
  flows?: FlowProducer | null;
  /** The clock (tests). */
  now?: () => Date;
  /** How long a connection check may take; default 20 s. */
  checkTimeoutMs?: number;
}

export const nowOf = (deps: ControlDeps): Date => (deps.now ? deps.now() : new Date());
