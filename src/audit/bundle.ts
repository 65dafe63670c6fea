import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { AUDIT_EVENT_COLUMNS, type AuditEventRow, type ChainContent, contentDigest, contentOfRow, linkHash } from './chain';
import { type Checkpoint, checkpointStatement, latestCheckpoint, writeCheckpoint } from './checkpoint';
import { cliActor, recordAudit } from './record';
import { alteredFields, fieldDigestsCommitment } from './field-digests';
import { runLeaves } from './manifest';
import { type InclusionProof, inclusionProofs, leafHash, rootFromProof } from './merkle';
import { keyIdOf, parsePublicKey, verifyText } from './signing';

/**
 * An evidence bundle: everything needed to check, offline and with only the hub's
 * public key, that a unified record came from these source payloads, brought by these
 * runs, as the audit log recorded them. The chain of proof, from a payload up:
 * payload text → its content hash → the Merkle leaf (record, version, hash) → the
 * inclusion proof → the root in its run's manifest → the manifest entry's digest →
 * the chain of entry hashes → the entry a checkpoint signed → the Ed25519 signature.
 */
export const BUNDLE_FORMAT = 'backan-hub-evidence/1';

export interface BundleVersion {
  version: number;
  hash: string;
  runId: number;
  receivedAt: string;
  /** The payload exactly as received (its content hash is over this text). */
  payloadText: string;
  /** Its per-field digests as stored (src/audit/field-digests.ts; the leaf commits to them), null for versions written without. */
  fieldDigests?: string | null;
  /** Position among the versions its run wrote, and the path to the run's Merkle root. */
  leafIndex: number | null;
  proof: InclusionProof | null;
}

export interface BundleRecord {
  /** raw.source_record id: the Merkle leaves name it. */
  id: string;
  connector: string;
  sourceSystem: string;
  stream: string;
  sourceKey: string;
  goneAt: string | null;
  versions: BundleVersion[];
}

export interface BundleEntry {
  seq: string;
  /** Shown in full for the entries this bundle relies on (run manifests); otherwise only its digest. */
  content: ChainContent | null;
  digest: string;
  prevHash: string;
  hash: string;
}

export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  createdAt: string;
  subject: { type: 'dossier'; code: string } | { type: 'indicator'; indicator: string; agency: string; period: string; value: unknown };
  /** The unified rows as the hub serves them, with their field provenance. */
  dossiers: Record<string, unknown>[];
  links: Record<string, unknown>[];
  records: BundleRecord[];
  /** Run id → seq of its manifest entry in `chain`. */
  manifests: Record<string, string>;
  chain: BundleEntry[];
  checkpoint: Checkpoint;
}

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/** Builds the bundle for some dossiers (by id), in the caller's transaction; the export itself is logged. */
export async function buildBundle(client: PoolClient, subject: EvidenceBundle['subject'], dossierIds: number[]): Promise<EvidenceBundle> {
  const { rows: dossiers } = await client.query<{ row: Record<string, unknown> }>(
    `select to_jsonb(d) - 'search_text' as row from hub.dossier d where id = any($1::int[]) order by id`,
    [dossierIds],
  );
  const { rows: links } = await client.query<{ row: Record<string, unknown> }>('select to_jsonb(l) as row from hub.dossier_link l where dossier_id = any($1::int[]) order by id', [dossierIds]);
  const keys = new Set<string>();
  for (const { row } of dossiers) for (const k of [row.code, row.other_code]) if (typeof k === 'string' && k) keys.add(k);
  for (const { row } of links) if (typeof row.source_key === 'string') keys.add(row.source_key);
  const { rows: records } = await client.query<{ id: string; connector: string; source_system: string; stream: string; source_key: string; gone_at: string | null }>(
    `select s.id::text as id, c.name as connector, s.source_system, s.stream, s.source_key, s.gone_at::text as gone_at
       from raw.source_record s join ops.connector c on c.id = s.connector_id where s.source_key = any($1::text[]) order by s.id`,
    [[...keys]],
  );
  const { rows: versions } = await client.query<{ record_id: string; version: number; hash: string; run_id: number; received_at: string; payload_text: string; field_digests: string | null }>(
    `select record_id::text as record_id, version, hash, run_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at, payload::text as payload_text,
            field_digests::text as field_digests
       from raw.source_record_version where record_id = any($1::int8[]) order by record_id, version`,
    [records.map((r) => r.id)],
  );

  // Each run's manifest (the latest, as verify reads it) and the versions' proofs in its tree.
  const runIds = [...new Set(versions.map((v) => v.run_id))].sort((a, b) => a - b);
  const { rows: manifestRows } = await client.query<{ run: string; seq: string }>(
    `select target_id as run, max(seq)::text as seq from ops.audit_event where action = 'run.finish' and target_type = 'run' and target_id = any($1::text[]) group by target_id`,
    [runIds.map(String)],
  );
  const manifests = Object.fromEntries(manifestRows.map((m) => [m.run, m.seq]));
  const proofs = new Map<string, { index: number; proof: InclusionProof }>();
  for (const runId of runIds) {
    if (!manifests[String(runId)]) continue;
    const leaves = await runLeaves(client, runId);
    const wanted = versions.filter((v) => v.run_id === runId);
    const index = new Map(leaves.map((l, i) => [`${l.record}:${l.version}`, i]));
    const at = wanted.map((v) => index.get(`${v.record_id}:${v.version}`) ?? -1);
    const built = inclusionProofs(leaves.map(leafHash), at.map((i) => Math.max(0, i)));
    wanted.forEach((v, i) => {
      if (at[i]! >= 0) proofs.set(`${v.record_id}:${v.version}`, { index: at[i]!, proof: built[i]! });
    });
  }

  await recordAudit(client, {
    action: 'audit.export',
    actor: cliActor(),
    target: subject.type === 'dossier' ? { type: 'dossier', id: subject.code } : { type: 'indicator', id: `${subject.indicator}/${subject.agency}/${subject.period}` },
    details: { dossiers: dossiers.length, records: records.map((r) => `${r.connector}/${r.stream}/${r.source_key}`), runs: runIds },
  });
  const checkpoint = (await writeCheckpoint(client)) ?? (await latestCheckpoint(client));
  if (!checkpoint) throw new BundleError('the audit log has no checkpoint to prove the bundle with');

  const seqs = Object.values(manifests).map(BigInt);
  const from = seqs.length ? seqs.reduce((a, b) => (a < b ? a : b)) : BigInt(checkpoint.seq);
  const { rows: entries } = await client.query<AuditEventRow>(`select ${AUDIT_EVENT_COLUMNS} from ops.audit_event where seq >= $1 and seq <= $2 order by audit_event.seq`, [from.toString(), checkpoint.seq]);
  const shown = new Set(Object.values(manifests));
  const chain: BundleEntry[] = entries.map((row) => {
    const content = contentOfRow(row);
    const digest = contentDigest(content);
    if (linkHash(digest, row.prev_hash) !== row.hash) throw new BundleError(`audit entry ${row.seq} does not match its hash: the store does not verify (run \`hub audit verify\`)`);
    return { seq: row.seq, content: shown.has(row.seq) ? content : null, digest, prevHash: row.prev_hash, hash: row.hash };
  });

  return {
    format: BUNDLE_FORMAT,
    createdAt: new Date().toISOString(),
    subject,
    dossiers: dossiers.map((d) => d.row),
    links: links.map((l) => l.row),
    records: records.map((r) => ({
      id: r.id,
      connector: r.connector,
      sourceSystem: r.source_system,
      stream: r.stream,
      sourceKey: r.source_key,
      goneAt: r.gone_at,
      versions: versions
        .filter((v) => v.record_id === r.id)
        .map((v) => {
          const p = proofs.get(`${v.record_id}:${v.version}`);
          return { version: v.version, hash: v.hash, runId: v.run_id, receivedAt: v.received_at, payloadText: v.payload_text, fieldDigests: v.field_digests, leafIndex: p?.index ?? null, proof: p?.proof ?? null };
        }),
    })),
    manifests,
    chain,
    checkpoint,
  };
}

export interface BundleFinding {
  kind: 'FORMAT' | 'PAYLOAD_ALTERED' | 'NOT_IN_MANIFEST' | 'MANIFEST_MISSING' | 'ENTRY_ALTERED' | 'CHAIN_BROKEN' | 'CHECKPOINT_MISMATCH' | 'SIGNATURE_INVALID' | 'UNTRUSTED_KEY' | 'PROVENANCE_MISSING';
  /** Where: `record mcdt/dossiers/X version 2`, `run 5`, `entry 17`, `checkpoint`. */
  where: string;
  detail: string;
}

export interface BundleReport {
  ok: boolean;
  findings: BundleFinding[];
  /** What was proved. */
  versions: number;
  runs: number;
  entries: number;
  /** Whether the signature was checked against a key given apart from the bundle. */
  keyFromOutside: boolean;
}

const contentHash = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Checks a bundle offline. With `publicKeyPem` (the hub's key, obtained apart from the
 * bundle) the checkpoint must be signed by it; without, only by the key the bundle names.
 */
export function verifyBundle(bundle: EvidenceBundle, publicKeyPem?: string): BundleReport {
  const findings: BundleFinding[] = [];
  const add = (kind: BundleFinding['kind'], where: string, detail: string) => findings.push({ kind, where, detail });
  if (bundle?.format !== BUNDLE_FORMAT) {
    add('FORMAT', 'bundle', `not an evidence bundle of this hub (format ${JSON.stringify(bundle?.format)})`);
    return { ok: false, findings, versions: 0, runs: 0, entries: 0, keyFromOutside: Boolean(publicKeyPem) };
  }
  const entries = new Map(bundle.chain.map((e) => [e.seq, e]));

  // The chain: each entry links to the one before; shown entries hash to their digest; it ends at the signed head.
  bundle.chain.forEach((e, i) => {
    if (e.content && contentDigest(e.content) !== e.digest) add('ENTRY_ALTERED', `entry ${e.seq}`, `its content no longer matches its digest${e.content.action === 'run.finish' ? ` (the manifest of run ${e.content.target?.id})` : ''}`);
    if (linkHash(e.digest, e.prevHash) !== e.hash) add('CHAIN_BROKEN', `entry ${e.seq}`, 'its hash is not the hash of its digest and the entry before');
    const prev = bundle.chain[i - 1];
    if (prev && (BigInt(prev.seq) + 1n !== BigInt(e.seq) || prev.hash !== e.prevHash)) add('CHAIN_BROKEN', `entry ${e.seq}`, `does not follow entry ${prev.seq}: entries are missing or reordered`);
  });
  const last = bundle.chain.at(-1);
  const c = bundle.checkpoint;
  if (!last || last.seq !== c.seq || last.hash !== c.hash) add('CHECKPOINT_MISMATCH', 'checkpoint', `the checkpoint signs entry ${c.seq} (${c.hash.slice(0, 16)}…), the bundle's chain ends at ${last?.seq ?? 'nothing'}`);
  let signed = false;
  try {
    const key = parsePublicKey(c.publicKey);
    signed = keyIdOf(key) === c.keyId && verifyText(key, checkpointStatement(c), c.signature);
  } catch {
    signed = false;
  }
  if (!signed) add('SIGNATURE_INVALID', 'checkpoint', `the signature of checkpoint ${c.id} does not verify with the key it names`);
  if (publicKeyPem) {
    const trusted = keyIdOf(parsePublicKey(publicKeyPem));
    if (trusted !== c.keyId) add('UNTRUSTED_KEY', 'checkpoint', `signed by key ${c.keyId.slice(0, 16)}…, not by the hub's key ${trusted.slice(0, 16)}…`);
  }

  // Each version: its payload against its hash, its leaf up to its run's manifest.
  let versions = 0;
  for (const r of bundle.records) {
    for (const v of r.versions) {
      versions += 1;
      const where = `record ${r.connector}/${r.stream}/${r.sourceKey} version ${v.version} (run ${v.runId})`;
      if (contentHash(v.payloadText) !== v.hash) {
        // The field digests, proved by the leaf below, name what changed.
        const fields = v.fieldDigests ? alteredFields(v.payloadText, v.fieldDigests) : null;
        add('PAYLOAD_ALTERED', where, `the payload no longer matches its content hash${fields?.length ? `: ${fields.map((f) => `payload.${f}`).join(', ')} changed` : ''}`);
      }
      const seq = bundle.manifests[String(v.runId)];
      const manifest = seq ? entries.get(seq)?.content : undefined;
      if (!manifest) {
        add('MANIFEST_MISSING', where, `no manifest of run ${v.runId} in the bundle`);
        continue;
      }
      const details = manifest.details as { run?: number; merkleRoot?: string | null };
      if (manifest.action !== 'run.finish' || details.run !== v.runId) {
        add('MANIFEST_MISSING', where, `entry ${seq} is not the manifest of run ${v.runId}`);
        continue;
      }
      const leaf = leafHash({ record: r.id, version: v.version, hash: v.hash, fields: v.fieldDigests ? fieldDigestsCommitment(v.fieldDigests) : null });
      const root = v.proof ? rootFromProof(leaf, v.proof) : null;
      if (root === null || root !== details.merkleRoot) add('NOT_IN_MANIFEST', where, `its leaf does not lead to the Merkle root of run ${v.runId}'s manifest`);
    }
  }

  // Provenance: every run a unified value cites is proved here.
  for (const d of bundle.dossiers) {
    const cited = [d.last_run_id, ...Object.values((d.field_sources ?? {}) as Record<string, { runId?: number }>).map((f) => f?.runId)].filter((x): x is number => typeof x === 'number');
    for (const run of new Set(cited)) if (!bundle.manifests[String(run)]) add('PROVENANCE_MISSING', `dossier ${String(d.code)}`, `its values cite run ${run}, whose manifest is not in the bundle`);
  }
  return { ok: findings.length === 0, findings, versions, runs: Object.keys(bundle.manifests).length, entries: bundle.chain.length, keyFromOutside: Boolean(publicKeyPem) };
}
