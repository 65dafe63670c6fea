import type { PoolClient } from 'pg';
import { type AuditActor, recordAudit } from './record';
import { leafHash, merkleRoot, type VersionLeaf } from './merkle';

/** The sync engine, as the author of run manifests. */
export const ENGINE_ACTOR: AuditActor = { type: 'system', id: 'sync-engine', name: 'sync engine', role: null };

/** ops.sync_run as `to_jsonb` gives it: every column, whatever branch added it. */
export type RunRow = Record<string, unknown> & { id: number };

/**
 * What a finished run's manifest says: which stream it read, from which cursor to which,
 * what it counted, and the Merkle root over the content hashes of the versions it wrote.
 * A pure function of the run's row and its versions, so verification recomputes it.
 */
export function manifestOf(run: RunRow, versions: number, root: string | null): Record<string, unknown> {
  return {
    run: run.id,
    connector: run.connector_name,
    connectorId: run.connector_id,
    stream: run.stream,
    status: run.status,
    jobId: run.job_id ?? null,
    attempt: run.attempt ?? null,
    // Who or what started it, where runs record that.
    ...('started_by' in run ? { startedBy: run.started_by ?? null } : {}),
    startedAt: iso(run.started_at),
    finishedAt: iso(run.finished_at),
    cursorBefore: run.cursor_before ?? null,
    cursorAfter: run.cursor_after ?? null,
    counts: {
      read: run.read_count,
      inserted: run.inserted_count,
      updated: run.updated_count,
      unchanged: run.unchanged_count,
      failed: run.failed_count,
      gone: run.gone_count,
    },
    error: run.error_class ? { class: run.error_class, message: run.error_message ?? null } : null,
    versions,
    merkleRoot: root,
  };
}

/** `to_jsonb` writes times in the session's time zone: one form whatever the session. */
const iso = (v: unknown): string | null => (typeof v === 'string' ? new Date(v).toISOString() : null);

/** The versions a run wrote, in the manifest's order. */
export async function runLeaves(client: PoolClient, runId: number): Promise<VersionLeaf[]> {
  const { rows } = await client.query<{ record: string; version: number; hash: string; fields: string | null }>(
    `select record_id as record, version, hash, encode(sha256(convert_to(field_digests::text, 'UTF8')), 'hex') as fields
       from raw.source_record_version where run_id = $1 order by record_id, version`,
    [runId],
  );
  return rows;
}

export async function readRun(client: PoolClient, runId: number): Promise<RunRow | null> {
  const { rows } = await client.query<{ run: RunRow }>('select to_jsonb(r) as run from ops.sync_run r where id = $1', [runId]);
  return rows[0]?.run ?? null;
}

/**
 * Appends the manifest of each finished run to the audit chain, in the caller's
 * transaction (the one that closed the runs): a run whose manifest cannot be written
 * stays open.
 */
export async function appendRunManifests(client: PoolClient, runIds: readonly number[]): Promise<void> {
  for (const id of runIds) {
    const run = await readRun(client, id);
    if (!run) continue;
    const leaves = await runLeaves(client, id);
    await recordAudit(client, {
      action: 'run.finish',
      actor: ENGINE_ACTOR,
      target: { type: 'run', id: String(id) },
      details: manifestOf(run, leaves.length, merkleRoot(leaves.map(leafHash))),
    });
  }
}
