import { createHash } from 'node:crypto';
import { z } from 'zod';
import { redactSecrets } from './secrets/redact';

/**
 * The key connector secrets are sealed with when SECRETS_KEY is unset: derived from a
 * public string, so it protects nothing. For development and tests only; the hub
 * refuses to start with it (or without SECRETS_KEY) when NODE_ENV=production.
 */
export const DEVELOPMENT_SECRETS_KEY = createHash('sha256').update('backan-hub development secrets key: not secret, never use in production').digest('base64');

const csv = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const origin = z.string().refine((v) => {
  try {
    return new URL(v).origin === v;
  } catch {
    return false;
  }
}, 'each must be an origin like https://dashboard.backan.gov.vn (scheme, host, port; no path)');

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
  /** The worker's own HTTP port for /healthz, /readyz and /metrics (`hub worker` only; 0 picks a free port). */
  WORKER_HEALTH_PORT: z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number 0–65535').default(4001),
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
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** 32 random bytes, base64: seals connector secrets (AES-256-GCM). */
  SECRETS_KEY: z.string().default(DEVELOPMENT_SECRETS_KEY),
  /** Earlier keys, comma-separated, still able to open values until `hub secrets rotate` re-seals them. */
  SECRETS_PREVIOUS_KEYS: z.string().default('').transform(csv),
  /** Browser origins allowed to call the API (CORS), comma-separated. */
  CORS_ORIGINS: z.string().default('').transform(csv).pipe(z.array(origin)),
  /** Behind a reverse proxy: take the caller's address from the last X-Forwarded-For entry. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Requests per minute: without a key (per address), per key, and per address whatever the key. */
  RATE_LIMIT_PUBLIC: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_KEY: z.coerce.number().int().min(1).default(1200),
  RATE_LIMIT_ADDRESS: z.coerce.number().int().min(1).default(2400),
  /** Longest one SQL statement of an API request may run; the worker has no such limit. */
  API_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Connections the API may hold (its own pool, apart from the worker's). */
  API_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Tokens from the province's identity provider: issuer and its JWKS URL (both, or neither). */
  JWT_ISSUER: z.string().optional(),
  JWT_JWKS_URL: z.string().url('must be the URL of the identity provider\'s JWKS').optional(),
  JWT_AUDIENCE: z.string().optional(),
  /** Claim holding the hub role (or a list of roles). */
  JWT_ROLE_CLAIM: z.string().default('hub_role'),
  /** JSON object mapping claim values to hub roles, e.g. {"mot-cua-xem":"viewer"}. */
  JWT_ROLE_MAP: z
    .string()
    .default('{}')
    .transform((v, ctx) => {
      try {
        return z.record(z.enum(['viewer', 'operator', 'auditor', 'admin'])).parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of claim value → viewer, operator, auditor or admin' });
        return z.NEVER;
      }
    }),
}).superRefine((e, ctx) => {
  if (e.NODE_ENV === 'production' && e.SECRETS_KEY === DEVELOPMENT_SECRETS_KEY) {
    ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: 'is required when NODE_ENV=production (32 random bytes in base64: `openssl rand -base64 32`); the development default protects nothing' });
  }
  for (const [name, value] of [['SECRETS_KEY', [e.SECRETS_KEY]], ['SECRETS_PREVIOUS_KEYS', e.SECRETS_PREVIOUS_KEYS]] as const) {
    for (const k of value) if (Buffer.from(k, 'base64').length !== 32) ctx.addIssue({ code: 'custom', path: [name], message: 'must be 32 random bytes in base64 (`openssl rand -base64 32`)' });
  }
  if (Boolean(e.JWT_ISSUER) !== Boolean(e.JWT_JWKS_URL)) ctx.addIssue({ code: 'custom', path: [e.JWT_ISSUER ? 'JWT_JWKS_URL' : 'JWT_ISSUER'], message: 'JWT_ISSUER and JWT_JWKS_URL go together' });
});

export type Env = z.infer<typeof EnvSchema>;

const SECRET_VARIABLES = ['SECRETS_KEY', 'SECRETS_PREVIOUS_KEYS'];

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
  // Key values are never echoed; URLs lose their passwords.
  const shown = (name: string) => (SECRET_VARIABLES.includes(name) ? '(hidden)' : redactSecrets(JSON.stringify(source[name])));
  throw new ConfigError([...byName].map(([name, messages]) => `${name}=${shown(name)}: ${[...new Set(messages)].join('; ')}`));
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
