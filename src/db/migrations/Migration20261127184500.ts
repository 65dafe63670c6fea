import { Migration } from '@mikro-orm/migrations';
import { AUDIT_EVENT_COLUMNS, type AuditEventRow, contentDigest, contentOfRow, GENESIS_HASH, linkHash } from '../../audit/chain';

/** Tables whose rows, once written, are evidence: the database refuses to change or remove them. */
const APPEND_ONLY = ['ops.audit_event', 'ops.audit_checkpoint', 'ops.pii_read', 'raw.source_record_version'];

/**
 * The tamper-evident audit log (src/audit/): ops.audit_event becomes a hash chain (seq,
 * prev_hash, hash) whose appends are serialised on the one row of ops.audit_head; signed
 * checkpoints of the chain head; raw versions indexed by run for the run manifests'
 * Merkle roots. Updates and deletes of the audit tables and of raw versions are refused
 * by triggers and, for the application role `hub_app`, by privileges.
 */
export class Migration20261127184500 extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table ops.audit_event add column seq bigint, add column prev_hash text, add column hash text`);
    // Entries written before the chain existed are chained now, oldest first.
    const rows = (await this.execute(`select ${AUDIT_EVENT_COLUMNS} from ops.audit_event order by id`)) as unknown as AuditEventRow[];
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const row of rows) {
      seq += 1;
      const hash = linkHash(contentDigest(contentOfRow(row)), prev);
      // Millisecond time: what the chain hashed is what is stored.
      await this.execute(`update ops.audit_event set seq = ?, prev_hash = ?, hash = ?, at = date_trunc('milliseconds', at) where id = ?`, [seq, prev, hash, row.id]);
      prev = hash;
    }
    await this.execute(`alter table ops.audit_event alter column seq set not null, alter column prev_hash set not null, alter column hash set not null`);
    await this.execute(`create unique index audit_event_seq_unique on ops.audit_event (seq)`);
    await this.execute(`create index audit_event_at_index on ops.audit_event (at)`);
    await this.execute(`create index audit_event_actor_index on ops.audit_event (actor_id)`);
    await this.execute(`create table ops.audit_head (id int primary key check (id = 1), seq bigint not null, hash text not null)`);
    await this.execute(`insert into ops.audit_head (id, seq, hash) values (1, ?, ?)`, [seq, prev]);

    await this.execute(`create table ops.audit_checkpoint (
      id bigserial primary key, seq bigint not null, hash text not null, signed_at timestamptz not null,
      key_id text not null, public_key text not null, signature text not null)`);
    await this.execute(`create index audit_checkpoint_seq_index on ops.audit_checkpoint (seq)`);

    // The run manifests' Merkle roots read the versions a run wrote.
    await this.execute(`create index source_record_version_run_id_index on raw.source_record_version (run_id)`);

    for (const table of APPEND_ONLY) {
      const name = `${table.split('.')[1]}_append_only`;
      await this.execute(`drop trigger if exists ${name} on ${table}`);
      await this.execute(`create trigger ${name} before update or delete or truncate on ${table} for each statement execute function ops.refuse_change()`);
    }

    // The role the application should log in as (a login role granted hub_app): it can
    // read and write the store, but not change or remove evidence.
    await this.execute(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'hub_app') then create role hub_app nologin; end if;
      exception when duplicate_object then null; end $$`);
    await this.execute(`grant usage on schema hub, ops, raw to hub_app`);
    await this.execute(`grant select, insert, update, delete on all tables in schema hub, ops, raw to hub_app`);
    await this.execute(`grant usage, select on all sequences in schema hub, ops, raw to hub_app`);
    await this.execute(`revoke update, delete, truncate on ${APPEND_ONLY.join(', ')} from hub_app`);
    // Tables later migrations create are the application's too (append-only ones revoke in their own migration).
    await this.execute(`alter default privileges in schema hub, ops, raw grant select, insert, update, delete on tables to hub_app`);
    await this.execute(`alter default privileges in schema hub, ops, raw grant usage, select on sequences to hub_app`);
  }

  override async down(): Promise<void> {
    for (const table of APPEND_ONLY) await this.execute(`drop trigger if exists ${table.split('.')[1]}_append_only on ${table}`);
    await this.execute(`create trigger pii_read_append_only before update or delete or truncate on ops.pii_read for each statement execute function ops.refuse_change()`);
    await this.execute(`drop index if exists raw.source_record_version_run_id_index`);
    await this.execute(`drop table if exists ops.audit_checkpoint`);
    await this.execute(`drop table if exists ops.audit_head`);
    await this.execute(`alter table ops.audit_event drop column seq, drop column prev_hash, drop column hash`);
  }
}
