import type { EntityManager } from '@mikro-orm/postgresql';
import { PiiReads } from '../auth/field-policy';
import { ANONYMOUS, type Viewer } from '../auth/roles';
import { createLoaders, type Loaders } from './loaders';

/** Per-request state: who asks, a fresh identity map and fresh DataLoaders, never shared between users. */
export interface ApiContext {
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  /** Personal fields served in clear in this request (recorded when it ends). */
  piiReads: PiiReads;
}

export function createContext(root: EntityManager, viewer: Viewer = ANONYMOUS): ApiContext {
  const em = root.fork();
  return { em, loaders: createLoaders(em), viewer, piiReads: new PiiReads() };
}
