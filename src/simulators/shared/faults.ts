import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http';
import { unitHash } from './prng';

/** Faults of the wire every simulator can show (source-systems.md, "transient faults"). */
export interface TransportFaults {
  /** Fraction of requests (fixed per request number) answered with `errorStatus`. */
  errorRate: number;
  errorStatus: 500 | 503;
  /** Every Nth request answers 429 with `Retry-After: 1`; 0 is off. */
  rateLimit: number;
  /** Every answer waits this many milliseconds first. */
  slowMs: number;
  /** Fraction of requests (fixed per request number) whose connection is destroyed unanswered. */
  dropRate: number;
}

export const NO_TRANSPORT_FAULTS: TransportFaults = { errorRate: 0, errorStatus: 500, rateLimit: 0, slowMs: 0, dropRate: 0 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Validates the `set` of a `faults` control command: rates in [0, 1], counts whole
 * numbers ≥ 0, `errorStatus` 500 or 503. Returns the faults or an error message.
 */
export function parseFaultSet<F extends TransportFaults>(set: unknown, rateKeys: readonly string[], countKeys: readonly string[]): Partial<F> | string {
  if (typeof set !== 'object' || set === null || Array.isArray(set)) return 'faults needs a "set" object';
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(set) as [string, unknown][]) {
    if (rateKeys.includes(key)) {
      if (!nonNegative(value) || value > 1) return `${key} must be a number in [0, 1]`;
      out[key] = value;
    } else if (countKeys.includes(key)) {
      if (!nonNegative(value) || !Number.isInteger(value)) return `${key} must be an integer >= 0`;
      out[key] = value;
    } else if (key === 'errorStatus') {
      if (value !== 500 && value !== 503) return 'errorStatus must be 500 or 503';
      out[key] = value;
    } else {
      return `unknown fault ${key}`;
    }
  }
  return out as Partial<F>;
}

/**
 * Plays the transport faults for request number `n` (deterministic given the seed).
 * Returns true when the request was answered or dropped here.
 */
export async function playTransportFaults(
  req: IncomingMessage,
  res: ServerResponse,
  f: TransportFaults,
  seed: number,
  n: number,
  salt: { drop: number; error: number },
): Promise<boolean> {
  if (f.slowMs > 0) await sleep(f.slowMs);
  if (f.rateLimit > 0 && n % f.rateLimit === 0) {
    sendJson(res, 429, { error: 'TOO_MANY_REQUESTS' }, { 'retry-after': '1' });
    return true;
  }
  if (unitHash(seed, n, salt.drop) < f.dropRate) {
    req.socket.destroy();
    return true;
  }
  if (unitHash(seed, n, salt.error) < f.errorRate) {
    sendJson(res, f.errorStatus, { error: f.errorStatus === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR' });
    return true;
  }
  return false;
}

/**
 * Answers `POST /__control` with what `control` makes of the JSON body. The endpoint
 * changes what the simulator serves, so it is off unless the simulator was started
 * with a control token, and then needs that token in `X-Control-Token`.
 */
export async function serveControl(req: IncomingMessage, res: ServerResponse, control: (body: unknown) => { status: number; body: unknown }, token: string | null): Promise<void> {
  if (token === null) return sendJson(res, 403, { error: 'the control endpoint is off: start the simulator with a control token (SIM_CONTROL_TOKEN) and send it as X-Control-Token' });
  const given = req.headers['x-control-token'];
  if (typeof given !== 'string' || given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
    return sendJson(res, 401, { error: 'send the control token as X-Control-Token' });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req)) as unknown;
  } catch {
    return sendJson(res, 400, { error: 'body must be JSON' });
  }
  const reply = control(body);
  sendJson(res, reply.status, reply.body);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The /__control commands every simulator takes. `mutate` changes `count` records
 * now; with `stampOffsetSeconds` their NgayCapNhat is that far from the simulator's
 * clock: ahead (stamped after the end of a window that ends at the clock) or behind
 * (committed late, older than records already served).
 */
export type BaseControl<F> =
  | { action: 'mutate'; count: number; stampOffsetSeconds?: number }
  | { action: 'advanceClock'; seconds: number }
  | { action: 'faults'; set: Partial<F> }
  | { action: 'reset' }
  | { action: 'stats' };

/**
 * Checks a /__control body; returns the command or an error message. A simulator's
 * own actions go to `own`, which returns undefined for an action it does not know.
 */
export function parseControl<F extends TransportFaults, X = never>(
  body: unknown,
  faultKeys: { rate: readonly string[]; count: readonly string[] },
  own: { actions: readonly string[]; parse(body: Record<string, unknown>): X | string | undefined } = { actions: [], parse: () => undefined },
): BaseControl<F> | X | string {
  if (!isRecord(body)) return 'body must be a JSON object';
  switch (body.action) {
    case 'mutate': {
      if (!nonNegative(body.count)) return 'mutate needs count >= 0';
      const offset = body.stampOffsetSeconds;
      if (offset === undefined) return { action: 'mutate', count: body.count };
      if (typeof offset !== 'number' || !Number.isInteger(offset)) return 'stampOffsetSeconds must be a whole number of seconds (negative: stamped in the past)';
      return { action: 'mutate', count: body.count, stampOffsetSeconds: offset };
    }
    case 'advanceClock':
      return nonNegative(body.seconds) ? { action: 'advanceClock', seconds: body.seconds } : 'advanceClock needs seconds >= 0';
    case 'reset':
      return { action: 'reset' };
    case 'stats':
      return { action: 'stats' };
    case 'faults': {
      const set = parseFaultSet<F>(body.set, faultKeys.rate, faultKeys.count);
      return typeof set === 'string' ? set : { action: 'faults', set };
    }
    default:
      return own.parse(body) ?? `action must be one of ${['mutate', 'advanceClock', 'faults', 'reset', 'stats', ...own.actions].join(', ')}`;
  }
}
