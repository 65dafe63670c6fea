import { SourceAuthError, SourceRequestError, SourceUnavailableError } from './errors';
import type { ReadContext } from './types';

export interface HttpOptions {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries after the first attempt for transient faults. */
  maxRetries: number;
  /** First backoff delay; doubles each retry, with jitter, capped at 30 s. */
  backoffMs: number;
}

export const DEFAULT_HTTP: HttpOptions = { timeoutMs: 15_000, maxRetries: 5, backoffMs: 250 };

export interface JsonRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Delay before retry `attempt` (1-based): exponential with full jitter, or the server's Retry-After. */
export function backoffDelay(attempt: number, baseMs: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  const cap = Math.min(baseMs * 2 ** (attempt - 1), 30_000);
  return cap / 2 + Math.random() * (cap / 2);
}

/** Where a request went, for error messages: method and URL without query secrets. */
const describe = (req: JsonRequest) => `${req.method ?? 'GET'} ${req.url.replace(/([?&](?:apikey|key|token|password)=)[^&]*/gi, '$1***')}`;

/** `base` + `path` with query parameters; tolerates a base URL with or without a trailing slash. */
export function buildUrl(base: string, path: string, query: Record<string, string | number> = {}): string {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  return url.toString();
}

/**
 * One request with the hub's retry policy: 5xx, 429 (honouring Retry-After), timeouts
 * and dropped connections are retried with backoff; 401/403 and other 4xx fail at
 * once. Resolves the body text, or null on 404 when `notFoundAsNull` is set.
 */
export async function requestText(req: JsonRequest & { notFoundAsNull?: boolean }, ctx: ReadContext, opts: HttpOptions = DEFAULT_HTTP): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    let retryAfter: string | null = null;
    let failure: SourceUnavailableError;
    try {
      const response = await fetch(req.url, {
        method: req.method ?? 'GET',
        headers: { accept: 'application/json', ...(req.body === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(opts.timeoutMs)]),
      });
      const text = await response.text();
      if (response.ok) return text;
      if (response.status === 404 && req.notFoundAsNull) return null;
      if (response.status === 401 || response.status === 403) {
        throw new SourceAuthError(`${describe(req)} was refused (HTTP ${response.status}): check the connector's credentials. Source said: ${text.slice(0, 200)}`);
      }
      if (response.status !== 429 && response.status < 500) throw new SourceRequestError(`${describe(req)} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
      retryAfter = response.headers.get('retry-after');
      failure = new SourceUnavailableError(`${describe(req)} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    } catch (error) {
      if (error instanceof SourceAuthError || error instanceof SourceRequestError) throw error;
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const reason = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`) : String(error);
      failure = new SourceUnavailableError(`${describe(req)} failed: ${reason}`, { cause: error });
    }
    if (attempt >= opts.maxRetries) {
      failure.message += ` (gave up after ${attempt + 1} attempts)`;
      throw failure;
    }
    const delay = backoffDelay(attempt + 1, opts.backoffMs, retryAfter);
    ctx.log('transient source fault, retrying', { error: failure.message, attempt: attempt + 1, delayMs: Math.round(delay) });
    await sleep(delay, ctx.signal);
  }
}

/** requestText for a JSON answer. A 2xx body that is not JSON is treated as a transient fault. */
export async function requestJson<T>(req: JsonRequest, ctx: ReadContext, opts: HttpOptions = DEFAULT_HTTP): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const text = (await requestText(req, ctx, opts))!;
    try {
      return JSON.parse(text) as T;
    } catch {
      const failure = new SourceUnavailableError(`${describe(req)} answered with a body that is not JSON: ${text.slice(0, 200)}`);
      if (attempt >= opts.maxRetries) throw failure;
      ctx.log('transient source fault, retrying', { error: failure.message, attempt: attempt + 1 });
      await sleep(backoffDelay(attempt + 1, opts.backoffMs, null), ctx.signal);
    }
  }
}
