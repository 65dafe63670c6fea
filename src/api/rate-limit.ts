import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/roles';

export interface RateLimits {
  /** Requests per minute without a key, per address. */
  public: number;
  /** Requests per minute per API key (or token subject). */
  key: number;
  /** Requests per minute per address, whatever the key: one address cannot spread over many keys. */
  address: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Request counters per key and per address in Redis, so every API process shares
 * them. If Redis is unreachable, each process falls back to its own counters rather
 * than refusing everyone.
 */
export function createRateLimiter(limits: RateLimits, redis: Redis | null, prefix: string) {
  const make = (name: string, points: number) => {
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: 60 });
    return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${name}`, points, duration: 60, insuranceLimiter: memory }) : memory;
  };
  const publicByAddress = make('public', limits.public);
  const byKey = make('key', limits.key);
  const byAddress = make('address', limits.address);

  const consume = async (limiter: RateLimiterMemory | RateLimiterRedis, key: string): Promise<RateDecision> => {
    try {
      await limiter.consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      return { ok: true };
    }
  };

  return async (viewer: Viewer, address: string): Promise<RateDecision> => {
    if (viewer.via === 'anonymous') return consume(publicByAddress, address);
    const perAddress = await consume(byAddress, address);
    if (!perAddress.ok) return perAddress;
    return consume(byKey, `${viewer.via}:${viewer.keyId ?? viewer.name ?? ''}`);
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
