import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Pool, type PoolClient } from 'pg';

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A statement's label: verb and table, e.g. `insert into raw.source_record_version`. */
export function statementLabel(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  const m = /^(insert into|delete from|update|select|copy|begin|commit|rollback|checkpoint|create table|with)\s*([\w."]*)/.exec(text);
  if (!m) return text.slice(0, 40);
  return m[2] ? `${m[1]} ${m[2].replace(/"/g, '')}` : m[1]!;
}

export interface SqlSnapshot {
  /** Seconds spent awaiting each kind of statement. */
  byStatement: Map<string, { seconds: number; count: number }>;
  /** Milliseconds from `begin` sent to `commit` answered, per transaction (one per batch). */
  transactions: number[];
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Times every promise-style query on the clients the engine borrows from the ORM's
 * pool (`withPgClient`), by statement kind, and each transaction from `begin` to
 * `commit`. Bench-only instrumentation: it wraps the pool of the ORM the bench made.
 * Callback-style queries (MikroORM's own) and streams (COPY) pass through untimed.
 */
export class SqlMeter {
  private byStatement = new Map<string, { seconds: number; count: number }>();
  private transactions: number[] = [];
  private readonly begins = new WeakMap<object, number>();
  private readonly wrapped = new WeakSet<object>();

  install(orm: MikroORM): void {
    const pool = orm.em.getConnection().getKnex().client as { acquireConnection(): Promise<PoolClient> };
    const acquire = pool.acquireConnection.bind(pool);
    pool.acquireConnection = async () => {
      const client = await acquire();
      if (!this.wrapped.has(client)) this.wrap(client);
      return client;
    };
  }

  /** Returns what was measured since the last call and starts afresh. */
  take(): SqlSnapshot {
    const snapshot = { byStatement: this.byStatement, transactions: this.transactions };
    this.byStatement = new Map();
    this.transactions = [];
    return snapshot;
  }

  private wrap(client: PoolClient): void {
    this.wrapped.add(client);
    const original = client.query.bind(client) as QueryFn;
    (client as unknown as { query: QueryFn }).query = (...args: unknown[]): unknown => {
      const first = args[0] as { text?: unknown; submit?: unknown } | string | undefined;
      const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : null;
      if (text === null || typeof args[args.length - 1] === 'function' || (typeof first === 'object' && typeof first.submit === 'function')) {
        return original(...args);
      }
      const label = statementLabel(text);
      const started = performance.now();
      if (label === 'begin') this.begins.set(client, started);
      const settle = () => {
        const ended = performance.now();
        const entry = this.byStatement.get(label) ?? { seconds: 0, count: 0 };
        entry.seconds += (ended - started) / 1000;
        entry.count++;
        this.byStatement.set(label, entry);
        if (label === 'commit') {
          const began = this.begins.get(client);
          if (began !== undefined) this.transactions.push(ended - began);
          this.begins.delete(client);
        }
      };
      return (original(...args) as Promise<unknown>).then(
        (result) => {
          settle();
          return result;
        },
        (error: unknown) => {
          settle();
          throw error;
        },
      );
    };
  }
}

export interface CpuSample {
  /** CPU seconds (user + system) of this process. */
  hub: number;
  /** Of the simulator's process; null when /proc cannot be read. */
  simulator: number | null;
  /** Of each PostgreSQL process by pid; null when not watched or not readable. */
  postgres: Map<number, number> | null;
}

export interface CpuSpent {
  hub: number;
  simulator: number | null;
  postgres: number | null;
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a process from /proc, in seconds; null when it cannot be read. */
export function procCpuSeconds(pid: number): { comm: string; seconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // After "pid (comm)": state is field 3, utime field 14, stime field 15 (1-based).
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/**
 * CPU time per process group, from /proc (Linux; elsewhere only the hub's own).
 * PostgreSQL's share sums the growth of the processes that `postgresPids` names at
 * the second sample (this database's backends and the server's background workers,
 * not other databases' sessions); one that ended in between is missed.
 */
export class CpuMeter {
  constructor(
    private readonly simulatorPid: number,
    private readonly postgresPids: (() => Promise<number[]>) | null,
  ) {}

  async sample(): Promise<CpuSample> {
    let postgres: Map<number, number> | null = null;
    if (this.postgresPids) {
      const pids = await this.postgresPids().catch(() => null);
      if (pids) {
        postgres = new Map();
        for (const pid of pids) {
          const p = procCpuSeconds(pid);
          if (p) postgres.set(pid, p.seconds);
        }
        if (!postgres.size) postgres = null;
      }
    }
    const own = process.cpuUsage();
    const sim = procCpuSeconds(this.simulatorPid);
    return { hub: (own.user + own.system) / 1e6, simulator: sim?.seconds ?? null, postgres };
  }

  static spent(a: CpuSample, b: CpuSample): CpuSpent {
    let postgres: number | null = null;
    if (a.postgres && b.postgres) {
      postgres = 0;
      for (const [pid, seconds] of b.postgres) postgres += Math.max(0, seconds - (a.postgres.get(pid) ?? 0));
    }
    return {
      hub: b.hub - a.hub,
      simulator: a.simulator === null || b.simulator === null ? null : Math.max(0, b.simulator - a.simulator),
      postgres,
    };
  }
}

export interface PgActivity {
  /** CPU seconds of this database's client backends, each from when it was first seen. */
  cpuSeconds: number;
  /** Active-session samples by wait event (`on CPU` when none). */
  waits: Record<string, number>;
  /** Samples of sessions waiting on a lock, by the statement waiting (statementLabel). */
  lockedStatements: Record<string, number>;
  samples: number;
}

/**
 * Samples pg_stat_activity of one database every `everyMs` (one connection of its own,
 * named so it leaves itself out): what active sessions wait on, which statements wait
 * on locks, and the backends' CPU from /proc (same host only).
 */
export class PgActivitySampler {
  private readonly pool: Pool;
  private readonly start = new Map<number, number>();
  private readonly waits: Record<string, number> = {};
  private readonly locked: Record<string, number> = {};
  private samples = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(databaseUrl: string, name: string, everyMs = 200) {
    // A pool of one: a sampling connection that is cut is replaced, not fatal.
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, application_name: name });
    this.pool.on('error', () => undefined);
    this.loop = (async () => {
      while (this.running) {
        await this.sample(name).catch(() => undefined);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  }

  private async sample(name: string): Promise<void> {
    const { rows } = await this.pool.query<{ pid: number; state: string | null; wait_type: string | null; wait: string | null; query: string }>(
      `select pid, state, wait_event_type as wait_type, case when wait_event is null then null else wait_event_type || ':' || wait_event end as wait, query
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and application_name <> $1`,
      [name],
    );
    for (const r of rows) {
      if (!this.start.has(r.pid)) this.start.set(r.pid, procCpuSeconds(r.pid)?.seconds ?? 0);
      if (r.state !== 'active') continue;
      const wait = r.wait ?? 'on CPU (no wait event)';
      this.waits[wait] = (this.waits[wait] ?? 0) + 1;
      if (r.wait_type === 'Lock') this.locked[statementLabel(r.query)] = (this.locked[statementLabel(r.query)] ?? 0) + 1;
    }
    this.samples++;
  }

  async stop(): Promise<PgActivity> {
    this.running = false;
    await this.loop;
    await this.pool.end();
    let cpuSeconds = 0;
    for (const [pid, seconds] of this.start) cpuSeconds += Math.max(0, (procCpuSeconds(pid)?.seconds ?? seconds) - seconds);
    return { cpuSeconds, waits: this.waits, lockedStatements: this.locked, samples: this.samples };
  }
}

/** The classes `waitClasses` sorts wait events into, in the order reports print them. */
export const WAIT_CLASSES = ['CPU', 'lock', 'LWLock', 'IO', 'WAL', 'client', 'other'] as const;
export type WaitClass = (typeof WAIT_CLASSES)[number];

/**
 * Active-session samples (PgActivity.waits) by class: on CPU (no wait event); heavyweight
 * lock waits (`Lock:*`, rows and relations other sessions hold); internal locks
 * (`LWLock:*`, buffer mapping and the like); data-file IO; WAL (its writes, syncs and
 * insert locks); waiting for the client (`Client:ClientRead`: the session is idle inside
 * a transaction while the worker works); anything else.
 */
export function waitClasses(waits: Record<string, number>): Record<WaitClass, number> {
  const out = Object.fromEntries(WAIT_CLASSES.map((c) => [c, 0])) as Record<WaitClass, number>;
  for (const [wait, n] of Object.entries(waits)) {
    const [type = '', event = ''] = wait.split(':');
    const cls: WaitClass = !wait.includes(':')
      ? 'CPU'
      : event.startsWith('WAL')
        ? 'WAL'
        : type === 'Lock'
          ? 'lock'
          : type === 'LWLock'
            ? 'LWLock'
            : type === 'IO'
              ? 'IO'
              : type === 'Client'
                ? 'client'
                : 'other';
    out[cls] += n;
  }
  return out;
}

/** The top entries of a sample count as `label NN%`, joined. */
export function shares(counts: Record<string, number>, top = 6): string {
  const total = Object.values(counts).reduce((s, n) => s + n, 0) || 1;
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `${k} ${Math.round((100 * n) / total)}%`)
    .join(', ');
}
