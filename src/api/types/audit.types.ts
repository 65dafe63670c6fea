import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';
import { connectionTypes } from '../connection-types';

@ObjectType('AuditEvent', { description: 'One entry of the tamper-evident audit log: an administrative action, a personal-data read, or a finished run’s manifest' })
export class AuditEventType {
  @Field(() => ID, { description: 'Position in the chain, from 1' })
  @Sensitivity('internal')
  seq!: string;

  @Field(() => Date)
  @Sensitivity('internal')
  at!: Date;

  @Field(() => String, { description: 'Dotted verb: connector.update, sync.trigger, pii.read, run.finish, …' })
  @Sensitivity('internal')
  action!: string;

  @Field(() => String, { description: 'key, token, cli, schedule or system' })
  @Sensitivity('internal')
  actorType!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  actorName!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  actorRole!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  targetId!: string | null;

  @Field(() => String, { nullable: true, description: 'State before, as JSON (secrets redacted)' })
  @Sensitivity('internal')
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'State after, as JSON (secrets redacted)' })
  @Sensitivity('internal')
  after!: string | null;

  @Field(() => String, { description: 'Details as JSON; for run.finish the run manifest (cursors, counts, Merkle root)' })
  @Sensitivity('internal')
  details!: string;

  @Field(() => String, { description: 'Hash of the entry before' })
  @Sensitivity('internal')
  prevHash!: string;

  @Field(() => String, { description: 'sha256 of the canonical JSON {digest, prev} (README: audit log)' })
  @Sensitivity('internal')
  hash!: string;
}

export const AuditEventConnection = connectionTypes('AuditEvent', AuditEventType, { sensitivity: 'internal', totalCount: 'Entries matching the filter (all pages)' }).Connection;
export type AuditEventConnection = InstanceType<typeof AuditEventConnection>;

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'Actor id or name (key id, token subject, OS user, sync-engine)' })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact action, or a prefix ending in a dot (`run.`)' })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Entries about this record: a target id (run id, connector name) or a record named in a personal-data read (`Dossier:42`)' })
  recordId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive' })
  to?: Date | null;
}

@ObjectType('AuditCheckpoint', { description: 'The chain’s head at a moment, signed with the hub’s Ed25519 key: anchor it outside the hub' })
export class AuditCheckpointType {
  @Field(() => ID)
  @Sensitivity('internal')
  id!: string;

  @Field(() => String, { description: 'The last entry it covers' })
  @Sensitivity('internal')
  seq!: string;

  @Field(() => String)
  @Sensitivity('internal')
  hash!: string;

  @Field(() => Date)
  @Sensitivity('internal')
  signedAt!: Date;

  @Field(() => String, { description: 'sha256 of the public key (SPKI DER), hex' })
  @Sensitivity('internal')
  keyId!: string;

  @Field(() => String, { description: 'Public key, PEM' })
  @Sensitivity('internal')
  publicKey!: string;

  @Field(() => String, { description: 'Ed25519 signature, base64, over the canonical JSON {seq, hash, signedAt, keyId}' })
  @Sensitivity('internal')
  signature!: string;
}

@ObjectType('AuditFinding', { description: 'One place where the store no longer matches its audit log' })
export class AuditFindingType {
  @Field(() => String, { description: 'ENTRY_ALTERED, ENTRY_MISSING, ENTRY_REORDERED, HEAD_MISMATCH, CHECKPOINT_MISMATCH, SIGNATURE_INVALID, UNTRUSTED_KEY, RUN_MISSING, MANIFEST_MISSING, MANIFEST_MISMATCH, PAYLOAD_ALTERED, FIELD_DIGESTS_MISMATCH, VERSION_MISSING, RECORD_HEAD_MISMATCH' })
  @Sensitivity('internal')
  kind!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  seq!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  checkpointId!: string | null;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  run!: number | null;

  @Field(() => String, { nullable: true, description: 'connector/stream/key' })
  @Sensitivity('internal')
  record!: string | null;

  @Field(() => Int, { nullable: true })
  @Sensitivity('internal')
  version!: number | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  field!: string | null;

  @Field(() => String)
  @Sensitivity('internal')
  detail!: string;
}

@ObjectType('AuditReport', { description: 'The audit chain, checkpoints and run manifests recomputed against the stored versions and payloads' })
export class AuditReportType {
  @Field(() => Boolean)
  @Sensitivity('internal')
  ok!: boolean;

  @Field(() => Date)
  @Sensitivity('internal')
  checkedAt!: Date;

  @Field(() => Int)
  @Sensitivity('internal')
  entries!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  checkpoints!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  manifests!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  versions!: number;

  @Field(() => Int)
  @Sensitivity('internal')
  findingCount!: number;

  @Field(() => [AuditFindingType], { description: 'The first is where the store stops matching its log' })
  @Sensitivity('internal')
  findings!: AuditFindingType[];
}
