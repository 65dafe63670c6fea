import { createHash } from 'node:crypto';

/**
 * A Merkle tree over the record versions one run wrote, in the order (record id,
 * version). Leaves and inner nodes are hashed with different prefixes (0x00, 0x01, as in
 * RFC 6962), so a leaf can never pass for a node. A level with an odd count carries its
 * last node up unchanged. An inclusion proof is the list of siblings from leaf to root.
 */

export interface VersionLeaf {
  /** raw.source_record id. */
  record: string;
  version: number;
  /** The version's content hash (sha256 of its payload as received, base64url). */
  hash: string;
  /** sha256 (hex) of its per-field digests (src/audit/field-digests.ts); absent for versions written without them. */
  fields?: string | null;
}

const LEAF_PREFIX = Buffer.from([0]);

/** The leaf's canonical JSON (RFC 8785), written out: keys in order, strings as JSON writes them, a whole number. */
export const leafJson = (leaf: VersionLeaf): string =>
  `{${leaf.fields ? `"fields":${JSON.stringify(leaf.fields)},` : ''}"hash":${JSON.stringify(leaf.hash)},"record":${JSON.stringify(String(leaf.record))},"version":${Number(leaf.version)}}`;

export function leafHash(leaf: VersionLeaf): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafJson(leaf)).digest();
}

const nodeHash = (left: Buffer, right: Buffer): Buffer => createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();

/** Every level, leaves first, root last. */
function levels(leaves: Buffer[]): Buffer[][] {
  const all = [leaves];
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    all.push(next);
    level = next;
  }
  return all;
}

/** The root, hex; null for a run that wrote no version. */
export function merkleRoot(leaves: Buffer[]): string | null {
  if (!leaves.length) return null;
  return levels(leaves).at(-1)![0]!.toString('hex');
}

/** Siblings from the leaf up, each with the side it sits on. */
export type InclusionProof = { side: 'left' | 'right'; hash: string }[];

export function inclusionProof(leaves: Buffer[], index: number): InclusionProof {
  return inclusionProofs(leaves, [index])[0]!;
}

/** Proofs for several leaves of one tree, built once. */
export function inclusionProofs(leaves: Buffer[], indices: readonly number[]): InclusionProof[] {
  const tree = levels(leaves).slice(0, -1);
  return indices.map((index) => proofIn(tree, index));
}

function proofIn(tree: Buffer[][], index: number): InclusionProof {
  const proof: InclusionProof = [];
  let i = index;
  for (const level of tree) {
    const sibling = i % 2 === 0 ? i + 1 : i - 1;
    if (sibling < level.length) proof.push({ side: i % 2 === 0 ? 'right' : 'left', hash: level[sibling]!.toString('hex') });
    i = Math.floor(i / 2);
  }
  return proof;
}

/** The root a leaf and its proof lead to, hex. */
export function rootFromProof(leaf: Buffer, proof: InclusionProof): string {
  let node = leaf;
  for (const step of proof) node = step.side === 'right' ? nodeHash(node, Buffer.from(step.hash, 'hex')) : nodeHash(Buffer.from(step.hash, 'hex'), node);
  return node.toString('hex');
}
