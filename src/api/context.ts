import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { SyncJobData } from '../../jobs/types';
import { PiiReads } from '../auth/field-policy';
import { ANONYMOUS, type Viewer } from '../auth/roles';
import type { IndicatorAnswers } from './indicator-answers';
import { createLoaders, type Loaders } from './loaders';

/** Per-request state: who asks, a fresh identity map and fresh DataLoaders, never shared between users. */
export interface ApiContext {
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  /** Personal fields served in clear in this request (recorded when it ends). */
  piiReads: PiiReads;
  /** The sync queue, for mutations that start or cancel work (null: the API runs without one). */
  queue: Queue<SyncJobData> | null;
  /** Indicator answers kept between roll-up changes (null: every answer is computed). */
  indicatorAnswers: IndicatorAnswers | null;
}

export function createContext(root: EntityManager, viewer: Viewer = ANONYMOUS, queue: Queue<SyncJobData> | null = null, indicatorAnswers: IndicatorAnswers | null = null): ApiContext {
  const em = root.fork();
  return { em, loaders: createLoaders(em), viewer, piiReads: new PiiReads(), queue, indicatorAnswers };
}
