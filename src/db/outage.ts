/**
 * Riding out a database that went away (a restart, a failover, a network cut): the
 * caller's work is retried with backoff until the database answers again or the
 * configured limit (`DB_OUTAGE_LIMIT_MS`) runs out. Only the connection-level
 * failures below count; an SQL error is the caller's to handle.
 */

/** Node socket errors and PostgreSQL SQLSTATEs that mean "the server is not there (now)". */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// 08xxx connection exceptions; 57P01–57P03 shutdown / crash / not yet accepting connections.
const SQLSTATES = /^(08\d{3}|57P0[123])$/;
const MESSAGES = /Connection terminated|connection error and is not queryable|Timeout acquiring a connection|the database system is (starting up|shutting down)|Connection ended unexpectedly/i;

/** True when `error` (or its cause) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/** The database stayed unreachable for longer than the limit. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly waitedMs: number,
    cause: unknown,
  ) {
    super(
      `the database was unreachable for ${Math.round(waitedMs / 1000)} s, longer than DB_OUTAGE_LIMIT_MS allows ` +
        `(last error: ${cause instanceof Error ? cause.message : String(cause)}); the next schedule tick or \`hub sync\` retries it`,
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

export interface OutageOptions {
  /** How long to keep retrying, from the first failure. */
  limitMs: number;
  /** Told once per outage, when it starts and when it ends. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Stops waiting (shutdown): the last error is thrown. */
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Runs `fn`; while it fails because the database is unreachable, waits (250 ms,
 * doubling to 5 s) and runs it again, up to `limitMs` after the first failure. `fn`
 * must be safe to repeat: a transaction that failed was rolled back.
 */
export async function waitOutDatabase<T>(what: string, fn: () => Promise<T>, opts: OutageOptions): Promise<T> {
  let since: number | null = null;
  let delay = 250;
  for (;;) {
    try {
      const result = await fn();
      if (since !== null) opts.log?.(`database reachable again; ${what} went on`, { waitedMs: Date.now() - since });
      return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const now = Date.now();
      if (since === null) {
        since = now;
        opts.log?.(`database unreachable during ${what}; retrying for up to ${Math.round(opts.limitMs / 1000)} s`, { error: error instanceof Error ? error.message : String(error) });
      }
      if (now - since >= opts.limitMs) throw new DatabaseUnavailableError(now - since, error);
      if (opts.signal?.aborted) throw error;
      await sleep(Math.min(delay, opts.limitMs - (now - since)), opts.signal);
      delay = Math.min(delay * 2, 5000);
    }
  }
}
