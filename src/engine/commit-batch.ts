import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { MappingError } from '../../connectors/errors';
import { fieldDigestsOf } from '../audit/field-digests';
import { getConnector } from '../../connectors/registry';
import type { MappedRecord as StreamRecord, SourceRecord, StreamStateValue } from '../../connectors/types';
import type { UnifiedKind, UnifiedRecord } from '../model/records';
import type { WriteMeta } from '../store/writers';
import { markUnifiedGone } from '../store/gone';
import { copyLines, copyValue, escapeCopyText, type PgType, stageRows } from '../store/copy';
import { WRITERS } from '../store/writers';
import { LeaseLostError } from './lease';
import { detectQuirks } from './quirks';

export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** A record that mapped cleanly, with the raw payload it came from. */
interface MappedRecord {
  key: string;
  text: string;
  hash: string;
  payload: unknown;
  record: StreamRecord;
}

interface QuarantineEntry {
  key: string | null;
  reason: string;
  payload: unknown;
}

/** Raw records as read, not yet mapped: mapping waits until we know which changed. */
export interface Batch {
  records: SourceRecord[];
}

/** How the stream turns a payload into a unified record, and what identifies it. */
export interface BatchMapper {
  map(payload: unknown): StreamRecord;
  primaryKey: readonly string[];
}

export interface BatchTarget {
  connectorId: number;
  sourceSystem: string;
  stream: string;
  runId: number;
  /** False only in benchmarks measuring the audit log's cost: versions are written without their field digests. */
  auditLog?: boolean;
}

/** The staging table of raw.source_record's merge: key, content hash, flags. */
const STAGE_SOURCE_RECORD: { name: string; type: PgType }[] = [{ name: 'k', type: 'text' }, { name: 'h', type: 'text' }, { name: 'f', type: 'text[]' }];

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Writes one batch in the caller's transaction, each table by one COPY or one COPY into
 * a staging table and one merge (src/store/copy.ts):
 * 1. raw.source_record / _version: a new version only where the payload's hash changed;
 * 2. the unified rows, only for those changed records (an unchanged record costs one
 *    hash comparison in the first statement and nothing else);
 * 3. quarantined records, the run's counters and, at a checkpoint, the stream state.
 */
export async function commitBatch(client: PoolClient, target: BatchTarget, batch: Batch, state: StreamStateValue | null, mapper: BatchMapper): Promise<RunCounts> {
  const quarantine: QuarantineEntry[] = [];
  const byKey = new Map<string, SourceRecord>();
  for (const r of batch.records) {
    if (r.key === null) quarantine.push({ key: null, reason: `no source key: the record lacks ${mapper.primaryKey.join(' + ')}`, payload: r.payload });
    else byKey.set(r.key, r); // a record listed twice: the later copy is the newer one
  }
  const candidates = [...byKey.values()].map((r) => {
    const text = JSON.stringify(r.payload);
    return { key: r.key!, payload: r.payload, text, hash: sha256(text) };
  });
  // Records whose payload the store already has are done: no mapping, no write.
  const { rows: same } = candidates.length
    ? await client.query<{ source_key: string }>(
        // One probe of the unique index per key (lateral): during a first load the table has
        // no statistics yet, and a join let the planner scan the whole stream for each batch.
        `select u.k as source_key from unnest($3::text[], $4::text[]) as u(k, h)
          cross join lateral (select 1 from raw.source_record s where s.connector_id = $1 and s.stream = $2 and s.source_key = u.k and s.hash = u.h and s.gone_at is null limit 1) s`,
        [target.connectorId, target.stream, candidates.map((c) => c.key), candidates.map((c) => c.hash)],
      )
    : { rows: [] };
  const unchangedKeys = new Set(same.map((r) => r.source_key));
  const unique: MappedRecord[] = [];
  for (const c of candidates) {
    if (unchangedKeys.has(c.key)) continue;
    try {
      unique.push({ ...c, record: mapper.map(c.payload) });
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      quarantine.push({ key: c.key, reason: error.message, payload: c.payload });
    }
  }
  const counts: RunCounts = { read: batch.records.length, inserted: 0, updated: 0, unchanged: 0, failed: quarantine.length };

  if (unique.length) {
    // The source's text quirks, and what the mapping had to leave empty (`invalid:<field>`).
    const flags = unique.map((m) => [...detectQuirks(m.payload), ...(m.record.flags ?? [])]);
    let staged = '';
    unique.forEach((m, i) => (staged += `${escapeCopyText(m.key)}\t${m.hash}\t${copyValue('text[]', flags[i])}\n`));
    await stageRows(client, 'stage_source_record', STAGE_SOURCE_RECORD, staged);
    const { rows: changed } = await client.query<{ id: string; source_key: string; version: number }>(
      `with u as (delete from stage_source_record returning *)
       insert into raw.source_record as t (connector_id, source_system, stream, source_key, hash, version, flags, first_run_id, changed_run_id)
       select $1, $2, $3, u.k, u.h, 1, u.f, $4, $4 from u
       on conflict (connector_id, stream, source_key) do update set
         hash = excluded.hash, version = t.version + 1, flags = excluded.flags, changed_run_id = excluded.changed_run_id,
         changed_at = now(), gone_at = null, gone_run_id = null
       where t.hash is distinct from excluded.hash or t.gone_at is not null
       returning t.id, t.source_key, t.version`,
      [target.connectorId, target.sourceSystem, target.stream, target.runId],
    );
    if (changed.length) {
      const index = new Map(unique.map((m, i) => [m.key, i]));
      const pos = changed.map((c) => index.get(c.source_key)!);
      // The versions are appended as they are: one COPY, the payload text sent once, unescaped but for COPY's own four characters.
      // Beside each, the audit log's per-field digests of its payload (src/audit/field-digests.ts), already JSON text.
      let versions = '';
      changed.forEach((c, j) => {
        const i = pos[j]!;
        const digests = target.auditLog === false ? null : fieldDigestsOf(unique[i]!.payload);
        versions += `${c.id}\t${c.version}\t${unique[i]!.hash}\t${escapeCopyText(unique[i]!.text)}\t${copyValue('text[]', flags[i])}\t${target.runId}\t${copyValue('text', digests)}\n`;
      });
      await copyLines(client, 'raw.source_record_version (record_id, version, hash, payload, flags, run_id, field_digests)', versions);
      const byKind = new Map<UnifiedKind, { values: UnifiedRecord['value'][]; keys: string[] }>();
      for (const i of pos) {
        const { record, key } = unique[i]!;
        const group = byKind.get(record.kind) ?? { values: [], keys: [] };
        group.values.push(record.value);
        group.keys.push(key);
        byKind.set(record.kind, group);
      }
      for (const [kind, { values, keys }] of byKind) {
        const write = WRITERS[kind] as (c: PoolClient, r: UnifiedRecord['value'][], m: WriteMeta) => Promise<unknown>;
        await write(client, values, { sourceSystem: target.sourceSystem, runId: target.runId, sourceKeys: keys });
      }
    }
    counts.inserted = changed.filter((c) => c.version === 1).length;
    counts.updated = changed.length - counts.inserted;
  }
  counts.unchanged = counts.read - counts.failed - counts.inserted - counts.updated;

  // One quarantine entry per record (its key, or its payload's hash without one): seen
  // again, it counts the run; arriving valid, it closes.
  if (quarantine.length) {
    const entries = new Map<string, QuarantineEntry & { text: string }>();
    for (const q of quarantine) {
      const text = JSON.stringify(q.payload ?? null);
      entries.set(q.key ?? `#${sha256(text)}`, { ...q, text });
    }
    await client.query(
      `insert into ops.quarantine as t (run_id, first_run_id, connector_id, stream, source_key, record_key, reason, payload)
       select $1, $1, $2, $3, u.k, u.rk, u.r, u.p::jsonb from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as u(k, rk, r, p)
       on conflict (connector_id, stream, record_key) do update set
         run_id = excluded.run_id, reason = excluded.reason, payload = excluded.payload, last_seen_at = now(),
         times_seen = t.times_seen + (t.run_id <> excluded.run_id)::int, resolved_at = null, resolved_run_id = null`,
      [target.runId, target.connectorId, target.stream, [...entries.values()].map((q) => q.key), [...entries.keys()], [...entries.values()].map((q) => q.reason), [...entries.values()].map((q) => q.text)],
    );
  }
  const valid = candidates.filter((c) => !quarantine.some((q) => q.key === c.key)).map((c) => c.key);
  if (valid.length) {
    await client.query(
      `update ops.quarantine set resolved_at = now(), resolved_run_id = $3
        where connector_id = $1 and stream = $2 and record_key = any($4::text[]) and resolved_at is null`,
      [target.connectorId, target.stream, target.runId, valid],
    );
  }
  const run = await client.query(
    `update ops.sync_run set read_count = read_count + $2, inserted_count = inserted_count + $3, updated_count = updated_count + $4,
       unchanged_count = unchanged_count + $5, failed_count = failed_count + $6, cursor_after = coalesce($7::jsonb, cursor_after), heartbeat_at = now()
     where id = $1 and status = 'running'`,
    [target.runId, counts.read, counts.inserted, counts.updated, counts.unchanged, counts.failed, state ? JSON.stringify(state) : null],
  );
  // The stream's lease: a run another closed (it went silent too long) commits nothing more.
  if (run.rowCount === 0) throw new LeaseLostError(target.runId);
  if (state) {
    await client.query(
      `insert into ops.stream_state (connector_id, stream, state, run_id, updated_at) values ($1, $2, $3::jsonb, $4, now())
       on conflict (connector_id, stream) do update set state = excluded.state, run_id = excluded.run_id, updated_at = now()`,
      [target.connectorId, target.stream, JSON.stringify(state), target.runId],
    );
  }
  return counts;
}

/**
 * Top-level fields of a payload other than its key fields, as a comparable text: a
 * record that arrives without a usable key is recognised by the rest of it.
 */
function withoutKey(payload: unknown, primaryKey: readonly string[]): string | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const rest = Object.entries(payload as Record<string, unknown>).filter(([k]) => !primaryKey.includes(k));
  return JSON.stringify(rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * After a complete listing: flags records it no longer contained as gone at source, in
 * the raw layer and in the unified model. A record the listing still held, but malformed
 * (quarantined), is not gone: with a key it was seen; without one it is recognised by
 * its other fields matching the stored record's latest version. Returns how many went.
 */
export async function markGone(client: PoolClient, target: BatchTarget, seenKeys: ReadonlySet<string>, keyless: readonly unknown[] = []): Promise<number> {
  const definition = getConnector(target.sourceSystem).streams.find((s) => s.definition.name === target.stream)?.definition;
  if (!definition) throw new Error(`stream "${target.stream}" does not exist on connector kind "${target.sourceSystem}"`);
  const { rows: unseen } = await client.query<{ source_key: string; payload: unknown }>(
    `select s.source_key, case when $4 then v.payload end as payload
       from raw.source_record s left join raw.source_record_version v on $4 and v.record_id = s.id and v.version = s.version
      where s.connector_id = $1 and s.stream = $2 and s.gone_at is null and not (s.source_key = any($3::text[]))`,
    [target.connectorId, target.stream, [...seenKeys], keyless.length > 0],
  );
  const stillListed = new Set(keyless.map((p) => withoutKey(p, definition.primaryKey)).filter((t) => t !== null));
  const gone = unseen.filter((r) => !stillListed.has(withoutKey(r.payload, definition.primaryKey) ?? '')).map((r) => r.source_key);
  if (!gone.length) return 0;
  await client.query(
    `update raw.source_record set gone_at = now(), gone_run_id = $3 where connector_id = $1 and stream = $2 and source_key = any($4::text[]) and gone_at is null`,
    [target.connectorId, target.stream, target.runId, gone],
  );
  await markUnifiedGone(client, definition.kind, target, gone);
  await client.query('update ops.sync_run set gone_count = gone_count + $2 where id = $1', [target.runId, gone.length]);
  return gone.length;
}
