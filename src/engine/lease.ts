import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { redactSecrets } from '../secrets/redact';
import { withPgClient } from '../store/pg';

/**
 * One stream never runs twice at once, whatever the queue does: the lease of a
 * (connector, stream) is its one `ops.sync_run` row with status `running` (a partial
 * unique index allows no second), kept alive by `heartbeat_at`. Every commit checks,
 * in its own transaction, that its run still holds the lease, so a run closed by
 * another (a successor that found it silent, or the reaper) writes nothing more and
 * stops at its next checkpoint. A run whose worker died is closed once its heartbeat
 * is older than the lease: by the next run of the stream, or by any worker's reaper.
 */

/** Another run of this stream holds its lease. */
export class StreamBusyError extends Error {
  constructor(
    readonly holderRunId: number,
    /** When the holder's lease runs out if it stops beating. */
    readonly retryAfterMs: number,
  ) {
    super(`run ${holderRunId} of this stream is still running (its lease is alive); this one waits its turn`);
    this.name = 'StreamBusyError';
  }
}

/** This run's lease was taken (the run was closed by another); it must stop without writing. */
export class LeaseLostError extends Error {
  constructor(readonly runId: number) {
    super(`sync run ${runId} lost its lease (another worker closed it after its heartbeat went silent); it stopped, and the stream resumes from its last checkpoint`);
    this.name = 'LeaseLostError';
  }
}

const LOST_MESSAGE = (leaseMs: number) =>
  `its worker sent no heartbeat for over ${Math.round(leaseMs / 1000)} s (killed, crashed, or cut off from the database); the next run resumes from the last checkpoint`;

/**
 * Opens a run holding the stream's lease, in the caller's transaction: closes a
 * running run of the stream whose heartbeat is older than `leaseMs`, then inserts the
 * new one. Throws StreamBusyError when a live run holds the lease.
 */
export async function openRun(
  client: PoolClient,
  run: {
    connectorId: number;
    connectorName: string;
    stream: string;
    jobId: string | null;
    attempt: number;
    cursor: string | null;
    /** The connector run it belongs to, if any. */
    connectorRunId?: number | null;
    /** '' (default) for the stream's incremental lease; a backfill window holds its own. */
    leaseKey?: string;
  },
  leaseMs: number,
): Promise<number> {
  const leaseKey = run.leaseKey ?? '';
  await client.query(
    `update ops.sync_run set status = 'failed', finished_at = now(), error_class = 'WorkerLost', error_message = $4
      where connector_id = $1 and stream = $2 and lease_key = $5 and status = 'running' and heartbeat_at < now() - $3 * interval '1 millisecond'`,
    [run.connectorId, run.stream, leaseMs, LOST_MESSAGE(leaseMs), leaseKey],
  );
  const inserted = await client.query<{ id: number }>(
    `insert into ops.sync_run (connector_id, connector_name, stream, job_id, attempt, status, cursor_before, cursor_after, heartbeat_at, connector_run_id, lease_key)
     values ($1, $2, $3, $4, $5, 'running', $6::jsonb, $6::jsonb, now(), $7, $8)
     on conflict (connector_id, stream, lease_key) where status = 'running' do nothing returning id`,
    [run.connectorId, run.connectorName, run.stream, run.jobId, run.attempt, run.cursor, run.connectorRunId ?? null, leaseKey],
  );
  if (inserted.rows[0]) return inserted.rows[0].id;
  const { rows } = await client.query<{ id: number; left_ms: number }>(
    `select id, greatest(0, extract(epoch from heartbeat_at + $3 * interval '1 millisecond' - now()) * 1000)::int as left_ms
       from ops.sync_run where connector_id = $1 and stream = $2 and lease_key = $4 and status = 'running'`,
    [run.connectorId, run.stream, leaseMs, leaseKey],
  );
  throw new StreamBusyError(rows[0]?.id ?? 0, rows[0]?.left_ms ?? leaseMs);
}

/** Throws LeaseLostError unless `runId` still holds its lease; locks its row until the transaction ends. */
export async function assertLease(client: PoolClient, runId: number): Promise<void> {
  const { rowCount } = await client.query(`select 1 from ops.sync_run where id = $1 and status = 'running' for update`, [runId]);
  if (!rowCount) throw new LeaseLostError(runId);
}

/** Runs this process holds: its reaper never closes them (their heartbeat may lag after a database outage). */
const owned = new Set<number>();

/** Outcomes this process could not record while the database was away; the reaper records them later. */
const unrecorded = new Map<number, { status: string; errorClass: string | null; errorMessage: string | null }>();

/**
 * Keeps `runId`'s lease alive every `leaseMs / 3` until stopped. `onLost` is called
 * once if the run was closed by another. A failed beat (database away) is skipped:
 * the commit check decides.
 */
export function keepLeaseAlive(orm: MikroORM, runId: number, leaseMs: number, onLost: (error: LeaseLostError) => void): () => void {
  owned.add(runId);
  let stopped = false;
  const timer = setInterval(() => {
    withPgClient(orm, (c) => c.query(`update ops.sync_run set heartbeat_at = now() where id = $1 and status = 'running'`, [runId])).then(
      (result) => {
        if (!stopped && result.rowCount === 0) onLost(new LeaseLostError(runId));
      },
      () => undefined,
    );
  }, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    owned.delete(runId);
  };
}

/** Keeps an outcome that could not be written (the database was away) for the reaper to write. */
export function rememberOutcome(runId: number, status: string, error: unknown): void {
  unrecorded.set(runId, {
    status,
    errorClass: error instanceof Error ? error.name : error === undefined ? null : 'Error',
    errorMessage: error instanceof Error ? redactSecrets(error.message) : error === undefined ? null : redactSecrets(JSON.stringify(error)),
  });
}

/**
 * One reaper pass: writes the outcomes this process could not record, then closes the
 * runs of other workers that stopped beating for longer than `leaseMs` (not on the
 * first pass after the database was away, so live owners can beat first). A worker
 * runs it every lease period, so no run stays `running` without a live owner.
 */
export function createReaper(orm: MikroORM, leaseMs: number): () => Promise<{ recorded: number; closed: number }> {
  let reachable = false;
  return async () => {
    try {
      let recorded = 0;
      for (const [runId, o] of [...unrecorded]) {
        // The owner knows the cause better than a reaper that only saw silence.
        const { rowCount } = await withPgClient(orm, (c) =>
          c.query(
            `update ops.sync_run set status = $2, finished_at = coalesce(finished_at, now()), error_class = $3, error_message = $4
              where id = $1 and (status = 'running' or error_class = 'WorkerLost')`,
            [runId, o.status, o.errorClass, o.errorMessage],
          ),
        );
        unrecorded.delete(runId);
        recorded += rowCount ?? 0;
      }
      const wasReachable = reachable;
      reachable = true;
      if (!wasReachable) return { recorded, closed: 0 };
      const { rowCount } = await withPgClient(orm, (c) =>
        c.query(
          `update ops.sync_run set status = 'failed', finished_at = now(), error_class = 'WorkerLost', error_message = $2
            where status = 'running' and heartbeat_at < now() - $1 * interval '1 millisecond' and not (id = any($3::int[]))`,
          [leaseMs, LOST_MESSAGE(leaseMs), [...owned]],
        ),
      );
      return { recorded, closed: rowCount ?? 0 };
    } catch (error) {
      reachable = false;
      throw error;
    }
  };
}
