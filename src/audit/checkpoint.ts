import type { PoolClient } from 'pg';
import { canonicalJson } from './canonical';
import { isoUtc } from './chain';
import { signingKey, signText, type SigningKey } from './signing';

/** A signed statement "the chain's entry `seq` has hash `hash`", at `signedAt`. */
export interface Checkpoint {
  id: string;
  seq: string;
  hash: string;
  signedAt: string;
  keyId: string;
  publicKey: string;
  signature: string;
}

/** The exact text a checkpoint's signature covers. */
export const checkpointStatement = (c: Pick<Checkpoint, 'seq' | 'hash' | 'signedAt' | 'keyId'>): string =>
  canonicalJson({ seq: String(c.seq), hash: c.hash, signedAt: new Date(c.signedAt).toISOString(), keyId: c.keyId });

const COLUMNS = `id::text as id, seq::text as seq, hash, ${isoUtc('signed_at')} as signed_at, key_id, public_key, signature`;
type Row = { id: string; seq: string; hash: string; signed_at: string; key_id: string; public_key: string; signature: string };
const toCheckpoint = (r: Row): Checkpoint => ({ id: r.id, seq: r.seq, hash: r.hash, signedAt: r.signed_at, keyId: r.key_id, publicKey: r.public_key, signature: r.signature });

export async function latestCheckpoint(client: PoolClient): Promise<Checkpoint | null> {
  const { rows } = await client.query<Row>(`select ${COLUMNS} from ops.audit_checkpoint order by audit_checkpoint.id desc limit 1`);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

/** The first checkpoint at or after entry `seq`: the one that proves it. */
export async function checkpointCovering(client: PoolClient, seq: string): Promise<Checkpoint | null> {
  const { rows } = await client.query<Row>(`select ${COLUMNS} from ops.audit_checkpoint where seq >= $1 order by audit_checkpoint.seq, audit_checkpoint.id limit 1`, [seq]);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

/**
 * Signs the chain's current head with the hub's key and stores the checkpoint. Unless
 * `force`, nothing is written when the latest checkpoint already covers the head.
 * Returns the checkpoint now in force (null while the chain is empty).
 */
export async function writeCheckpoint(client: PoolClient, opts: { force?: boolean; key?: SigningKey } = {}): Promise<Checkpoint | null> {
  const { rows: heads } = await client.query<{ seq: string; hash: string; now: string }>(
    `select seq::text as seq, hash, ${isoUtc('clock_timestamp()')} as now from ops.audit_event order by audit_event.seq desc limit 1`,
  );
  const head = heads[0];
  if (!head) return null;
  const latest = await latestCheckpoint(client);
  if (!opts.force && latest && latest.seq === head.seq && latest.hash === head.hash) return latest;
  const key = opts.key ?? signingKey();
  const statement = { seq: head.seq, hash: head.hash, signedAt: head.now, keyId: key.keyId };
  const signature = signText(key.privateKey, checkpointStatement(statement));
  const { rows } = await client.query<Row>(
    `insert into ops.audit_checkpoint (seq, hash, signed_at, key_id, public_key, signature) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [head.seq, head.hash, head.now, key.keyId, key.publicKeyPem, signature],
  );
  return toCheckpoint(rows[0]!);
}
