import { Redis } from 'ioredis';
import { Client } from 'pg';
import { redactUrl, splitDatabaseUrl } from '../db/database';

/** A startup problem with one clear message for people: what failed, and what to do. */
export class PreflightError extends Error {
  constructor(
    message: string,
    /** Which service, where, and why: for a message in another language. */
    readonly unreachable: { service: 'PostgreSQL' | 'Redis'; url: string; reason: string } | null = null,
  ) {
    super(message);
    this.name = 'PreflightError';
  }
}

const HOW_TO_GET_SERVICES = `Start them with \`docker compose up -d postgres redis\`, or install the OS packages (e.g. \`apt-get install postgresql redis-server\`), or point DATABASE_URL / REDIS_URL at running servers.`;

/** Fails fast, naming the URL, when PostgreSQL or Redis cannot be reached. */
export async function checkServices(databaseUrl: string, redisUrl: string | null): Promise<void> {
  const { adminUrl } = splitDatabaseUrl(databaseUrl);
  const pg = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
  } catch (error) {
    const reason = (error as Error).message;
    throw new PreflightError(`Cannot reach PostgreSQL at ${redactUrl(databaseUrl)}: ${reason}.\n${HOW_TO_GET_SERVICES}`, { service: 'PostgreSQL', url: redactUrl(databaseUrl), reason });
  } finally {
    await pg.end().catch(() => undefined);
  }
  if (redisUrl === null) return;
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = (error as Error).message;
    throw new PreflightError(`Cannot reach Redis at ${redactUrl(redisUrl)}: ${reason}.\n${HOW_TO_GET_SERVICES}`, { service: 'Redis', url: redactUrl(redisUrl), reason });
  } finally {
    redis.disconnect();
  }
}
