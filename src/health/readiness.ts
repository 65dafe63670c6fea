import { MIGRATIONS } from '../db/migrations';
import { PROBE_TIMEOUT_MS, type ProbeConnections } from './probe-connections';

export interface CheckResult {
  ok: boolean;
  /** Why it is not ready (no secrets: messages of the driver, which do not quote passwords). */
  error?: string;
  ms: number;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; redis: CheckResult; migrations: CheckResult };
  /** The checks that failed, by name, so a glance at the body says what is wrong. */
  notReady: string[];
}

const withTimeout = <T>(what: string, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref())]);

async function timed(fn: () => Promise<string | null>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const problem = await fn();
    const ms = Math.round(performance.now() - started);
    return problem ? { ok: false, error: problem, ms } : { ok: true, ms };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Math.round(performance.now() - started) };
  }
}

/**
 * Checks PostgreSQL (and, in the same round trip, that every migration this build knows
 * is applied) and Redis, each within PROBE_TIMEOUT_MS. Overlapping calls share one check,
 * so a flood of probes costs one query.
 */
export function createReadinessCheck(probe: ProbeConnections): () => Promise<Readiness> {
  const expected = MIGRATIONS.map((m) => m.name);
  let inFlight: Promise<Readiness> | null = null;
  const run = async (): Promise<Readiness> => {
    let applied: Set<string> | null = null;
    const [database, redis] = await Promise.all([
      timed(async () => {
        try {
          const { rows } = await withTimeout('PostgreSQL', probe.pg.query<{ name: string }>('select name from mikro_orm_migrations'));
          applied = new Set(rows.map((r) => r.name.replace(/\.[jt]s$/, '')));
        } catch (error) {
          // Reachable, but never migrated: the migrations check says so.
          if ((error as { code?: string }).code !== '42P01') throw error;
          applied = new Set();
        }
        return null;
      }),
      timed(async () => ((await withTimeout('Redis', probe.redis.ping())) === 'PONG' ? null : 'Redis did not answer PONG')),
    ]);
    const migrations: CheckResult = await timed(() => {
      if (!applied) return Promise.resolve('unknown: PostgreSQL is not reachable');
      const pending = expected.filter((name) => !applied!.has(name));
      return Promise.resolve(pending.length ? `${pending.length} pending (${pending.join(', ')}): run \`hub migrate\`` : null);
    });
    const checks = { database, redis, migrations };
    const notReady = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
    return { ready: notReady.length === 0, checks, notReady };
  };
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
