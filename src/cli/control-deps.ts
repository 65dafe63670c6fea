import { cliActor } from '../audit/record';
import type { ControlDeps } from '../control';
import type { Store, StoreAndQueue } from './runtime';

/** The control services' dependencies for a command typed at this machine: the audit log names the OS user. */
export function controlDeps(store: Store | StoreAndQueue): ControlDeps {
  return { em: store.em, actor: cliActor(), queue: 'queue' in store ? store.queue : null };
}
