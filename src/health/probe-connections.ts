import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * The connections health checks and scrape-time metrics use: a PostgreSQL pool of its
 * own (never the API's or the worker's, so a saturated API pool cannot make the process
 * look dead) and a Redis connection that fails fast instead of queueing commands.
 */
export interface ProbeConnections {
  pg: pg.Pool;
  redis: Redis;
  close(): Promise<void>;
}

/** Longest a probe waits for PostgreSQL or Redis before it reports them unavailable. */
export const PROBE_TIMEOUT_MS = 2000;

export function openProbeConnections(databaseUrl: string, redisUrl: string): ProbeConnections {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // Two: a readiness check and a metrics scrape may overlap.
    max: 2,
    idleTimeoutMillis: 60_000,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    statement_timeout: PROBE_TIMEOUT_MS,
    application_name: 'hub-probe',
  });
  // A dropped idle connection is replaced on the next probe; the error itself is the probe's to report.
  pool.on('error', () => undefined);
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: PROBE_TIMEOUT_MS, lazyConnect: false });
  redis.on('error', () => undefined);
  return {
    pg: pool,
    redis,
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
