import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../src/config';

describe('environment', () => {
  it('defaults every variable to this machine', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/hub');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.PORT).toBe(4000);
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.DB_OUTAGE_LIMIT_MS).toBe(300_000);
  });

  it('refuses a database outage limit that is not a whole number of milliseconds, naming it', () => {
    expect(parseEnv({ DB_OUTAGE_LIMIT_MS: '45000' }).DB_OUTAGE_LIMIT_MS).toBe(45_000);
    expect(() => parseEnv({ DB_OUTAGE_LIMIT_MS: '1.5s' })).toThrow(/DB_OUTAGE_LIMIT_MS="1.5s"/);
    expect(() => parseEnv({ DB_OUTAGE_LIMIT_MS: '-1' })).toThrow(/DB_OUTAGE_LIMIT_MS="-1": must be 0 or more/);
  });

  it('coerces numbers and treats empty variables as unset', () => {
    const env = parseEnv({ PORT: '8080', WORKER_CONCURRENCY: '4', LOG_LEVEL: '' });
    expect(env.PORT).toBe(8080);
    expect(env.WORKER_CONCURRENCY).toBe(4);
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('lists every bad variable with its value and what it expects', () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: 'mysql://x@y/z', REDIS_URL: 'not a url', PORT: '99999', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('DATABASE_URL='))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith('REDIS_URL='))).toMatch(/"not a url".*URL/);
    expect(problems.find((p) => p.startsWith('PORT='))).toMatch(/"99999".*port/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL='))).toMatch(/"loud"/);
    expect((error as Error).message).toMatch(/Fix these variables/);
  });
});
