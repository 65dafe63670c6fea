import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Client } from 'pg';
import { CpuMeter, type CpuSample } from '../support/meter';
import type { HttpRequest } from './queries';

export interface LoadOptions {
  connections: number;
  /** Seconds of load; ignored when `amount` is given. */
  duration: number;
  /** Send exactly this many requests instead (for answers too slow for a timed run). */
  amount?: number;
  /** The body every response must carry (what the answer check saw); others count as mismatches. */
  expectBody?: string;
}

export interface LoadResult {
  /** Responses received in the run. */
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts, non-2xx answers, and bodies other than the expected one. */
  errors: number;
  /** CPU milliseconds per response: the server's Node process, this database's PostgreSQL backends, the load generator (this process). */
  cpuMsPerRequest: { server: number | null; postgres: number | null; loadgen: number | null };
  /** Share of the machine's CPU time that was busy during the run, all processes (others' too). */
  machineBusy: number | null;
}

/** Busy and total jiffies of the whole machine, from /proc/stat; null off Linux. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((s, x) => s + x, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Client backends of the monitor's database (the pools of the three servers). */
export const backendPids = (monitor: Client) => async () =>
  (await monitor.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`)).rows.map((r) => r.pid);

/**
 * Waits until no statement of this database is running: a run that ended leaves requests
 * in flight on the server (autocannon stops sending, PostgreSQL goes on), and the next
 * run must not pay for them.
 */
export async function waitIdle(monitor: Client, limitMs = 600_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await monitor.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid() and backend_type in ('client backend', 'parallel worker')`,
    );
    if ((rows[0]?.n ?? 0) === 0) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`the database was still busy after ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One autocannon run against `baseUrl + request.path`, in this process (the servers run in their own). */
export async function runLoad(baseUrl: string, request: HttpRequest, opts: LoadOptions, meter?: { serverPid: number; monitor: Client }): Promise<LoadResult> {
  const cpu = meter ? new CpuMeter(meter.serverPid, backendPids(meter.monitor)) : null;
  const before: CpuSample | null = cpu ? await cpu.sample() : null;
  const ticksBefore = machineTicks();
  const result = await autocannon({
    url: baseUrl + request.path,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections: opts.connections,
    ...(opts.amount === undefined ? { duration: opts.duration } : { amount: opts.amount }),
    // Long enough that a slow answer counts as latency, not as an error.
    timeout: 300,
    ...(opts.expectBody === undefined ? {} : { expectBody: opts.expectBody }),
  });
  const ticksAfter = machineTicks();
  const after = cpu ? await cpu.sample() : null;
  const requests = result.requests.total;
  const spent = before && after ? CpuMeter.spent(before, after) : null;
  const perRequest = (seconds: number | null | undefined) => (seconds === null || seconds === undefined || !requests ? null : (1000 * seconds) / requests);
  return {
    requests,
    seconds: result.duration,
    rps: result.duration > 0 ? requests / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.mismatches,
    cpuMsPerRequest: { server: perRequest(spent?.simulator), postgres: perRequest(spent?.postgres), loadgen: perRequest(spent?.hub) },
    machineBusy: ticksBefore && ticksAfter && ticksAfter.total > ticksBefore.total ? (ticksAfter.busy - ticksBefore.busy) / (ticksAfter.total - ticksBefore.total) : null,
  };
}
