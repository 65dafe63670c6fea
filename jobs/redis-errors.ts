import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Errors of a lost connection: ioredis reports one on every reconnect attempt. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Socket closed unexpectedly|LOADING/i;

function isConnectionError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.test(error.message);
}

/**
 * Logs a BullMQ component's errors, one line each and without a stack, the same error
 * once in a row. A Redis outage is one line when it starts and one when `client` is
 * ready again, however many reconnect attempts fail in between (ioredis retries on its
 * own; the queue and the worker carry on once it is back).
 */
export function logRedisErrors(component: string, emitter: { on(event: 'error', listener: (error: Error) => void): unknown }, client: Redis, log: Logger): void {
  let down = false;
  let last: string | null = null;
  emitter.on('error', (error) => {
    if (!isConnectionError(error)) {
      // e.g. "could not renew lock for job …" after an outage, repeated until the job ends.
      if (error.message === last) return;
      last = error.message;
      log.warn({ component, error: error.message }, `${component}: ${error.message}`);
      return;
    }
    if (down) return;
    down = true;
    last = null;
    log.warn({ component, error: error.message }, `${component}: Redis unreachable; reconnecting until it is back`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ component }, `${component}: Redis reachable again`);
  });
}
