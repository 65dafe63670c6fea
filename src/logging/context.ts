import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a sync run carries: its job, connector and stream, and the run once opened. */
export interface LogContext {
  jobId?: string;
  connector?: string;
  stream?: string;
  runId?: number;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with these fields on every log line written inside it (the logger's mixin adds them). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** Adds fields to the current context (the run id, once the run is opened); no-op outside one. */
export function annotateLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export const currentLogContext = (): LogContext => storage.getStore() ?? {};
