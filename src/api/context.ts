import type { EntityManager } from '@mikro-orm/postgresql';
import { createLoaders, type Loaders } from './loaders';

/** Per-request state: a fresh identity map and fresh DataLoaders, never shared between users. */
export interface ApiContext {
  em: EntityManager;
  loaders: Loaders;
}

export function createContext(root: EntityManager): ApiContext {
  const em = root.fork();
  return { em, loaders: createLoaders(em) };
}
