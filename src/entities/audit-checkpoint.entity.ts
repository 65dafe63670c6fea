import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/** The audit chain's head at a moment, signed with the hub's Ed25519 key (src/audit/checkpoint.ts). Append-only. */
@Entity({ schema: 'ops', tableName: 'audit_checkpoint' })
export class AuditCheckpoint {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  @Property({ type: t.bigint, index: 'audit_checkpoint_seq_index' })
  seq!: string;

  @Property({ type: t.text })
  hash!: string;

  @Property({ type: t.datetime, columnType: 'timestamptz' })
  signedAt!: Date;

  /** sha256 of the public key (SPKI DER), hex: names the key. */
  @Property({ type: t.text })
  keyId!: string;

  /** The public key, SPKI PEM: anyone can check the signature with it. */
  @Property({ type: t.text })
  publicKey!: string;

  /** Ed25519 signature, base64, over the canonical JSON of {seq, hash, signedAt, keyId}. */
  @Property({ type: t.text })
  signature!: string;
}
