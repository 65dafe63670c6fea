import { z } from 'zod';

/**
 * The hub's environment, validated once. Every default points at this machine so a
 * newcomer needs no .env file; production sets the URLs explicitly.
 */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .url('must be a URL like postgres://user:pass@host:5432/dbname')
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://')
    .default('postgres://postgres@127.0.0.1:5432/hub'),
  REDIS_URL: z
    .string()
    .url('must be a URL like redis://host:6379')
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number 0–65535').default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every BullMQ key in Redis; tests use one per file. */
  QUEUE_PREFIX: z.string().regex(/^[\w:-]+$/, 'letters, digits, _ - : only').default('hub'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** How long a worker's job lock lasts: a killed worker's job is taken over after about this long. */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * How long a sync waits out a database outage (retrying with backoff) before it fails;
   * a failed sync is kept and retried by the next schedule tick.
   */
  DB_OUTAGE_LIMIT_MS: z.coerce.number().int('must be a whole number of milliseconds').min(0, 'must be 0 or more').max(86_400_000, 'must be at most 86400000 (a day)').default(300_000),
  /** How long SIGTERM waits for running jobs before giving them back to the queue. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Dossiers the demo simulator serves. */
  DEMO_SIZE: z.coerce.number().int().min(100).max(1_000_000).default(5000),
  DEMO_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these variables (or unset them to use the defaults) and start again.`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment; throws a ConfigError listing every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  // One line per variable, with every rule it breaks.
  const byName = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const name = issue.path.join('.');
    byName.set(name, [...(byName.get(name) ?? []), issue.message]);
  }
  throw new ConfigError([...byName].map(([name, messages]) => `${name}=${JSON.stringify(source[name])}: ${[...new Set(messages)].join('; ')}`));
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env. */
export function clearEnvCache(): void {
  cached = undefined;
}
