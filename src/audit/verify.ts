import type { PoolClient } from 'pg';
import { canonicalJson } from './canonical';
import { AUDIT_EVENT_COLUMNS, type AuditEventRow, contentDigest, contentOfRow, GENESIS_HASH, linkHash } from './chain';
import { checkpointStatement } from './checkpoint';
import { manifestOf, readRun, runLeaves } from './manifest';
import { alteredFields } from './field-digests';
import { leafHash, merkleRoot } from './merkle';
import { keyIdOf, parsePublicKey, verifyText } from './signing';

/** What kind of tampering (or damage) a finding is. */
export type AuditFindingKind =
  | 'ENTRY_ALTERED'
  | 'ENTRY_MISSING'
  | 'ENTRY_REORDERED'
  | 'HEAD_MISMATCH'
  | 'CHECKPOINT_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'UNTRUSTED_KEY'
  | 'RUN_MISSING'
  | 'MANIFEST_MISSING'
  | 'MANIFEST_MISMATCH'
  | 'PAYLOAD_ALTERED'
  | 'FIELD_DIGESTS_MISMATCH'
  | 'VERSION_MISSING'
  | 'RECORD_HEAD_MISMATCH';

/** One thing that does not verify, with the keys to find it by (those that apply). */
export interface AuditFinding {
  kind: AuditFindingKind;
  /** Position in the chain, and the entry's id. */
  seq: string | null;
  entryId: string | null;
  checkpointId: string | null;
  run: number | null;
  /** `connector/stream/key` of a source record, and its raw.source_record id. */
  record: string | null;
  recordId: string | null;
  version: number | null;
  /** The field that differs (`counts.read`, `merkleRoot`, `hash`, `payload.TrangThai`, …). */
  field: string | null;
  detail: string;
}

export interface AuditReport {
  ok: boolean;
  checkedAt: Date;
  /** What was checked. */
  entries: number;
  checkpoints: number;
  manifests: number;
  versions: number;
  /** Finished runs older than the chain itself (no manifest could be written for them). */
  unsealedRuns: number;
  /** Every finding (the list below is capped); the first names the earliest place the store stops verifying. */
  findingCount: number;
  findings: AuditFinding[];
}

export interface VerifyOptions {
  /** Key ids (sha256 of the SPKI DER, hex) whose checkpoints are trusted; default: any key a checkpoint names is only checked for a valid signature. */
  trustedKeyIds?: readonly string[];
  /** Findings listed per check (all are counted); default 100. */
  examples?: number;
}

/** sha256 of a stored payload's text, base64url, as its content hash is written. */
const PAYLOAD_HASH_SQL = `rtrim(translate(encode(sha256(convert_to(v.payload::text, 'UTF8')), 'base64'), '+/', '-_'), '=')`;

const blank = (kind: AuditFindingKind, detail: string, at: Partial<AuditFinding>): AuditFinding => ({
  kind, seq: null, entryId: null, checkpointId: null, run: null, record: null, recordId: null, version: null, field: null, detail, ...at,
});

/** Fields (dotted, one level into objects) whose values differ between two manifests. */
export function manifestDifferences(stored: Record<string, unknown>, recomputed: Record<string, unknown>): { field: string; stored: unknown; now: unknown }[] {
  const out: { field: string; stored: unknown; now: unknown }[] = [];
  for (const key of [...new Set([...Object.keys(stored), ...Object.keys(recomputed)])].sort()) {
    const a = stored[key];
    const b = recomputed[key];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      for (const sub of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        const x = (a as Record<string, unknown>)[sub];
        const y = (b as Record<string, unknown>)[sub];
        if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) out.push({ field: `${key}.${sub}`, stored: x ?? null, now: y ?? null });
      }
    } else out.push({ field: key, stored: a ?? null, now: b ?? null });
  }
  return out;
}

/**
 * Recomputes the audit chain, the checkpoint signatures and every run manifest against
 * the stored versions and payloads. Read-only. Findings come in the order of the checks
 * (chain, checkpoints, manifests, versions and payloads), each in store order, so the
 * first names the earliest place where the store stops matching what was logged.
 */
export async function verifyAudit(client: PoolClient, options: VerifyOptions = {}): Promise<AuditReport> {
  const examples = options.examples ?? 100;
  const findings: AuditFinding[] = [];
  let findingCount = 0;
  const perKind = new Map<string, number>();
  const add = (f: AuditFinding) => {
    findingCount += 1;
    const n = perKind.get(f.kind) ?? 0;
    perKind.set(f.kind, n + 1);
    if (n < examples) findings.push(f);
  };

  // 1. The chain, in order: each entry's hash from its content, each link to the one before.
  const { rows: hashes } = await client.query<{ hash: string; seq: string }>('select hash, seq::text as seq from ops.audit_event');
  const seqOfHash = new Map(hashes.map((h) => [h.hash, h.seq]));
  const hashAtSeq = new Map<string, string>();
  const manifests = new Map<number, { seq: string; id: string; details: Record<string, unknown> }>();
  let firstAt: string | null = null;
  let prevHash = GENESIS_HASH;
  let prevSeq = 0n;
  let entries = 0;
  for (let after = -1n; ; ) {
    const { rows } = await client.query<AuditEventRow>(`select ${AUDIT_EVENT_COLUMNS} from ops.audit_event where seq > $1 order by audit_event.seq limit 5000`, [after.toString()]);
    if (!rows.length) break;
    for (const row of rows) {
      entries += 1;
      firstAt ??= row.at;
      const seq = BigInt(row.seq);
      const at = { seq: row.seq, entryId: String(row.id) };
      if (seq > prevSeq + 1n) add(blank('ENTRY_MISSING', `entries ${prevSeq + 1n}–${seq - 1n} are missing: the chain jumps from ${prevSeq} to ${seq}`, { ...at, seq: String(prevSeq + 1n) }));
      if (linkHash(contentDigest(contentOfRow(row)), row.prev_hash) !== row.hash) {
        add(blank('ENTRY_ALTERED', `entry ${row.seq} (${row.action}, id ${row.id}) no longer matches its hash: its content was changed after it was written`, { ...at, field: 'content' }));
      }
      if (row.prev_hash !== prevHash && seq === prevSeq + 1n) {
        const belongsAfter = seqOfHash.get(row.prev_hash);
        add(
          belongsAfter !== undefined
            ? blank('ENTRY_REORDERED', `entry ${row.seq} (${row.action}, id ${row.id}) was written after entry ${belongsAfter}, not after entry ${prevSeq}: entries were reordered`, { ...at, field: 'prev_hash' })
            : blank('ENTRY_MISSING', `entry ${row.seq} (${row.action}, id ${row.id}) points back to an entry the log no longer has: an entry before it was removed or replaced`, { ...at, field: 'prev_hash' }),
        );
      }
      if (row.action === 'run.finish' && row.target_type === 'run') manifests.set(Number(row.target_id), { seq: row.seq, id: String(row.id), details: (row.details ?? {}) as Record<string, unknown> });
      hashAtSeq.set(row.seq, row.hash);
      prevHash = row.hash;
      prevSeq = seq;
      after = seq;
    }
  }
  const { rows: heads } = await client.query<{ seq: string; hash: string }>('select seq::text as seq, hash from ops.audit_head where id = 1');
  const head = heads[0];
  if (head && (head.seq !== prevSeq.toString() || head.hash !== prevHash)) {
    add(blank('HEAD_MISMATCH', `the chain's head says entry ${head.seq}, but the log ends at entry ${prevSeq}: entries at its end were removed or added around the lock`, { seq: head.seq, field: 'head' }));
  }

  // 2. Checkpoints: each signed head must be in the chain, with a valid signature by a trusted key.
  const { rows: checkpoints } = await client.query<{ id: string; seq: string; hash: string; signed_at: string; key_id: string; public_key: string; signature: string }>(
    `select id::text as id, seq::text as seq, hash, to_char(signed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as signed_at, key_id, public_key, signature from ops.audit_checkpoint order by audit_checkpoint.id`,
  );
  for (const c of checkpoints) {
    const at = { checkpointId: c.id, seq: c.seq };
    let valid = false;
    try {
      const key = parsePublicKey(c.public_key);
      valid = keyIdOf(key) === c.key_id && verifyText(key, checkpointStatement({ seq: c.seq, hash: c.hash, signedAt: c.signed_at, keyId: c.key_id }), c.signature);
    } catch {
      valid = false;
    }
    if (!valid) add(blank('SIGNATURE_INVALID', `checkpoint ${c.id} (entry ${c.seq}, ${c.signed_at}): its signature does not verify with the key it names`, { ...at, field: 'signature' }));
    else if (options.trustedKeyIds && !options.trustedKeyIds.includes(c.key_id)) add(blank('UNTRUSTED_KEY', `checkpoint ${c.id} is signed by key ${c.key_id.slice(0, 16)}…, which is not the hub's`, { ...at, field: 'key_id' }));
    const inChain = hashAtSeq.get(c.seq);
    if (inChain === undefined) add(blank('CHECKPOINT_MISMATCH', `checkpoint ${c.id} signed entry ${c.seq}, which the log no longer has (it ends at ${prevSeq})`, { ...at, field: 'seq' }));
    else if (inChain !== c.hash) add(blank('CHECKPOINT_MISMATCH', `checkpoint ${c.id} signed entry ${c.seq} with hash ${c.hash.slice(0, 16)}…, the log has ${inChain.slice(0, 16)}…: the chain was rewritten`, { ...at, field: 'hash' }));
  }

  // 3. Run manifests against the runs and the versions they wrote (the latest manifest of each run).
  for (const [runId, m] of [...manifests].sort(([a], [b]) => a - b)) {
    const run = await readRun(client, runId);
    if (!run) {
      add(blank('RUN_MISSING', `run ${runId} has a manifest (entry ${m.seq}) but ops.sync_run no longer has it`, { run: runId, seq: m.seq, entryId: m.id }));
      continue;
    }
    const leaves = await runLeaves(client, runId);
    const now = manifestOf(run, leaves.length, merkleRoot(leaves.map(leafHash)));
    const differences = manifestDifferences(m.details, now);
    for (const d of differences) {
      const what = d.field === 'merkleRoot' || d.field === 'versions' ? 'the versions it wrote changed' : 'the run record changed';
      add(blank('MANIFEST_MISMATCH', `run ${runId} (${String(run.connector_name)}/${String(run.stream)}): ${d.field} is ${JSON.stringify(d.now)}, its manifest (entry ${m.seq}) says ${JSON.stringify(d.stored)}: ${what}`, { run: runId, seq: m.seq, entryId: m.id, field: d.field }));
    }
    // A root that no longer holds: which of the run's versions has a payload and field digests that disagree.
    if (differences.some((d) => d.field === 'merkleRoot')) for (const f of await digestMismatches(client, runId)) add(f);
  }
  const { rows: unsealed } = await client.query<{ id: number; finished_at: string | null; before_chain: boolean }>(
    `select id, finished_at::text as finished_at, ($2::timestamptz is null or finished_at < $2::timestamptz) as before_chain from ops.sync_run where status <> 'running' and not (id = any($1::int[])) order by id`,
    [[...manifests.keys()], firstAt],
  );
  for (const r of unsealed.filter((u) => !u.before_chain)) add(blank('MANIFEST_MISSING', `run ${r.id} finished (${r.finished_at}) without a manifest in the audit log`, { run: r.id, field: 'manifest' }));

  // 4. Versions and payloads: each payload against its content hash, each record's versions complete, its head on its latest.
  const recordName = `coalesce(c.name, s.connector_id::text) || '/' || s.stream || '/' || s.source_key`;
  const { rows: altered } = await client.query<{ id: string; record_id: string; version: number; run_id: number; record: string; payload: string; field_digests: string | null }>(
    `select v.id::text as id, v.record_id::text as record_id, v.version, v.run_id, ${recordName} as record, v.payload::text as payload, v.field_digests::text as field_digests
       from raw.source_record_version v join raw.source_record s on s.id = v.record_id left join ops.connector c on c.id = s.connector_id
      where v.hash <> ${PAYLOAD_HASH_SQL}
      order by v.run_id, v.record_id, v.version`,
  );
  for (const v of altered) {
    const where = `run ${v.run_id}, record ${v.record} (id ${v.record_id}), version ${v.version}`;
    const fields = v.field_digests === null ? null : alteredFields(v.payload, v.field_digests);
    const [field, detail] = !fields
      ? ['payload', 'the stored payload no longer matches its content hash']
      : fields.length
        ? [`payload.${fields[0]}`, `the stored payload no longer matches its content hash: field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} changed`]
        : ['payload', 'the stored payload no longer matches its content hash, yet every field keeps its value: its text was re-serialised (spacing, key order), or its field digests were rewritten to match (see the run\'s Merkle root)'];
    add(blank('PAYLOAD_ALTERED', `${where}: ${detail}`, { run: v.run_id, record: v.record, recordId: v.record_id, version: v.version, field }));
  }
  const { rows: missing } = await client.query<{ record_id: string; version: number; record: string }>(
    `select s.id::text as record_id, g.v as version, ${recordName} as record
       from raw.source_record s cross join lateral generate_series(1, s.version) g(v) left join ops.connector c on c.id = s.connector_id
      where not exists (select 1 from raw.source_record_version v where v.record_id = s.id and v.version = g.v)
      order by s.id, g.v`,
  );
  for (const v of missing) add(blank('VERSION_MISSING', `record ${v.record} (id ${v.record_id}): version ${v.version} is missing`, { record: v.record, recordId: v.record_id, version: v.version, field: 'version' }));
  const { rows: heads2 } = await client.query<{ record_id: string; version: number; record: string; field: string }>(
    `select s.id::text as record_id, s.version, ${recordName} as record, case when v.id is null then 'version' else 'hash' end as field
       from raw.source_record s left join raw.source_record_version v on v.record_id = s.id and v.version = s.version left join ops.connector c on c.id = s.connector_id
      where v.id is null and exists (select 1 from raw.source_record_version w where w.record_id = s.id and w.version > s.version)
         or v.id is not null and v.hash <> s.hash
      order by s.id`,
  );
  for (const r of heads2) add(blank('RECORD_HEAD_MISMATCH', `record ${r.record} (id ${r.record_id}): its ${r.field} does not match its latest stored version`, { record: r.record, recordId: r.record_id, version: r.version, field: r.field }));
  const { rows: counted } = await client.query<{ n: string }>('select count(*) as n from raw.source_record_version');

  return {
    ok: findingCount === 0,
    checkedAt: new Date(),
    entries,
    checkpoints: checkpoints.length,
    manifests: manifests.size,
    versions: Number(counted[0]!.n),
    unsealedRuns: unsealed.filter((u) => u.before_chain).length,
    findingCount,
    findings,
  };
}

/**
 * The versions of a run whose payload matches its content hash but not its field
 * digests: one of them was rewritten after the version was written (the digests, or the
 * payload together with its hash). Read only for a run whose Merkle root no longer holds.
 */
async function digestMismatches(client: PoolClient, runId: number): Promise<AuditFinding[]> {
  const recordName = `coalesce(c.name, s.connector_id::text) || '/' || s.stream || '/' || s.source_key`;
  const { rows } = await client.query<{ record_id: string; version: number; record: string; payload: string; field_digests: string }>(
    `select v.record_id::text as record_id, v.version, ${recordName} as record, v.payload::text as payload, v.field_digests::text as field_digests
       from raw.source_record_version v join raw.source_record s on s.id = v.record_id left join ops.connector c on c.id = s.connector_id
      where v.run_id = $1 and v.field_digests is not null and v.hash = ${PAYLOAD_HASH_SQL}
      order by v.record_id, v.version`,
    [runId],
  );
  const out: AuditFinding[] = [];
  for (const v of rows) {
    const fields = alteredFields(v.payload, v.field_digests);
    if (fields && !fields.length) continue;
    out.push(
      blank('FIELD_DIGESTS_MISMATCH', `run ${runId}, record ${v.record} (id ${v.record_id}), version ${v.version}: ${fields ? `field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} of the payload disagree${fields.length > 1 ? '' : 's'} with ${fields.length > 1 ? 'their' : 'its'} digest` : 'its field digests cannot be read'}: the digests, or the payload with its content hash, were rewritten after the version was written`, {
        run: runId, record: v.record, recordId: v.record_id, version: v.version, field: fields ? `payload.${fields[0]}` : 'field_digests',
      }),
    );
  }
  return out;
}
