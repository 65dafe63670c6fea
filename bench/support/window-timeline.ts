import type { MikroORM } from '@mikro-orm/postgresql';
import { queryRows } from '../../src/store/pg';

export interface WindowTimeline {
  /** Seconds of window jobs run, summed over the windows. */
  windowSeconds: number;
  /** Worker-seconds with no window running before the last window started (taking the next job, closing the previous one, the flow's bookkeeping). */
  idleBetween: number;
  /** Worker-seconds with no window running after the last window started (no window left for a free worker). */
  idleTail: number;
  /** Seconds from the last window's start to the end. */
  tailSeconds: number;
  largest: { seconds: number; read: number };
}

/**
 * How the workers' time was spent in one backfill, from its windows' sync runs: the
 * intervals each window ran, against `workers` window slots from the run's request to the
 * last window's end. Null when no window finished.
 */
export async function windowTimeline(orm: MikroORM, connectorRunId: number, workers: number): Promise<WindowTimeline | null> {
  const rows = await queryRows<{ start: number; end: number; read: number; requested: number }>(
    orm,
    `select extract(epoch from s.started_at)::float8 as start, extract(epoch from s.finished_at)::float8 as end, s.read_count as read,
              extract(epoch from r.requested_at)::float8 as requested
         from ops.sync_run s join ops.connector_run r on r.id = s.connector_run_id where s.connector_run_id = $1 and s.finished_at is not null order by s.started_at`,
    [connectorRunId],
  );
  if (!rows.length) return null;
  const begin = rows[0]!.requested;
  const lastStart = Math.max(...rows.map((r) => r.start));
  const end = Math.max(...rows.map((r) => r.end));
  // Worker-seconds with no window running, split at the last window's start.
  const events = rows.flatMap((r) => [{ t: r.start, d: 1 }, { t: r.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let running = 0;
  let at = begin;
  let idleBetween = 0;
  let idleTail = 0;
  for (const e of [...events, { t: end, d: 0 }]) {
    const free = Math.max(0, workers - running) * Math.max(0, e.t - at);
    if (at < lastStart) idleBetween += free;
    else idleTail += free;
    running += e.d;
    at = e.t;
  }
  const largest = rows.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  return {
    windowSeconds: rows.reduce((s, r) => s + (r.end - r.start), 0),
    idleBetween,
    idleTail,
    tailSeconds: end - lastStart,
    largest: { seconds: largest.end - largest.start, read: largest.read },
  };
}
