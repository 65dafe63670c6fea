import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { redactSecrets } from '../secrets/redact';
import { withPgClient } from '../store/pg';

/**
 * How the job layer keeps a connector run's stream rows (ops.connector_run_stream) and
 * the run's own status up to date. Each is one statement (or two) on its own, safe to
 * repeat, and never fails a job: the run's record follows what the jobs did.
 */

export type StreamOutcome = 'succeeded' | 'partial' | 'failed' | 'cancelled';

/** The run's status from its streams: any still to run → queued/running; else the worst outcome. */
const REFRESH = `
  with s as (
    select count(*) filter (where status in ('queued', 'retrying')) as waiting,
           count(*) filter (where status = 'running') as running,
           count(*) filter (where status = 'failed') as failed,
           count(*) filter (where status = 'partial') as partial,
           count(*) filter (where status = 'cancelled') as cancelled,
           count(*) filter (where status <> 'queued') as started,
           max(finished_at) as last_finished
      from ops.connector_run_stream where connector_run_id = $1)
  update ops.connector_run r set
    status = case
      when s.running > 0 then 'running'
      when s.waiting > 0 then (case when s.started > 0 then 'running' else 'queued' end)
      when s.cancelled > 0 and r.cancel_requested_at is not null then 'cancelled'
      when s.failed > 0 then 'failed'
      when s.partial > 0 then 'partial'
      when s.cancelled > 0 then 'cancelled'
      else 'succeeded' end,
    finished_at = case when s.running = 0 and s.waiting = 0 then coalesce(r.finished_at, s.last_finished, now()) else null end
  from s where r.id = $1
  returning r.status`;

export async function refreshRunStatus(client: PoolClient, connectorRunId: number): Promise<string | null> {
  const { rows } = await client.query<{ status: string }>(REFRESH, [connectorRunId]);
  return rows[0]?.status ?? null;
}

/** True when someone asked to cancel the run. */
export async function cancelRequested(client: PoolClient, connectorRunId: number): Promise<boolean> {
  const { rows } = await client.query<{ c: boolean }>('select cancel_requested_at is not null as c from ops.connector_run where id = $1', [connectorRunId]);
  return rows[0]?.c ?? false;
}

export async function markStreamRunning(orm: MikroORM, connectorRunId: number, stream: string, attempt: number): Promise<void> {
  await withPgClient(orm, async (client) => {
    await client.query(
      `update ops.connector_run_stream set status = 'running', attempts = $3, next_retry_at = null where connector_run_id = $1 and stream = $2 and status in ('queued', 'retrying', 'running')`,
      [connectorRunId, stream, attempt],
    );
    await refreshRunStatus(client, connectorRunId);
  });
}

/**
 * Records a stream's end (or, with `nextRetryAt`, a failed attempt the queue will
 * retry: status `retrying`), then the run's status.
 */
export async function markStreamOutcome(
  orm: MikroORM,
  connectorRunId: number,
  stream: string,
  outcome: StreamOutcome | 'retrying',
  error?: { errorClass: string; message: string } | null,
  nextRetryAt?: Date | null,
): Promise<string | null> {
  return withPgClient(orm, async (client) => {
    await client.query(
      `update ops.connector_run_stream set status = $3, error_class = $4, error_message = $5, next_retry_at = $6,
         finished_at = case when $3 = 'retrying' then null else now() end
        where connector_run_id = $1 and stream = $2`,
      [connectorRunId, stream, outcome, error?.errorClass ?? null, error ? redactSecrets(error.message) : null, nextRetryAt ?? null],
    );
    return refreshRunStatus(client, connectorRunId);
  });
}
