import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { fieldDigestsOf } from '../../src/audit/field-digests';
import { upsertConnector } from '../../src/cli/connectors';
import { cliActor, recordAudit } from '../../src/audit/record';
import { writeCheckpoint } from '../../src/audit/checkpoint';
import { keyIdOf, signingKey } from '../../src/audit/signing';
import { type AuditReport, verifyAudit } from '../../src/audit/verify';
import { inTransaction, withPgClient } from '../../src/store/pg';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';

/** Tampering as a superuser would: triggers off, inside a transaction that is rolled back after verifying. */
async function tampered(db: TestDatabase, sql: string[], params: unknown[][] = []): Promise<AuditReport> {
  return withPgClient(db.orm, async (client: PoolClient) => {
    await client.query('begin');
    try {
      await client.query('set local session_replication_role = replica');
      for (const [i, s] of sql.entries()) await client.query(s, params[i] ?? []);
      return await verifyAudit(client, { trustedKeyIds: [signingKey().keyId] });
    } finally {
      await client.query('rollback');
    }
  });
}

describe('audit verification', () => {
  let db: TestDatabase;
  let sim: McdtSimulator;
  let dossiersRun: number;

  beforeAll(async () => {
    sim = await startMcdtSimulator({ seed: 5, size: 150, apiKey: 'k', historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') });
    db = await createTestDatabase();
    const ref = await upsertConnector(db.orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 366 } });
    for (const stream of ['agencies', 'procedures']) await runStreamChecked({ orm: db.orm, connector: ref, stream });
    dossiersRun = (await runStreamChecked({ orm: db.orm, connector: ref, stream: 'dossiers' })).runId;
    // Changed dossiers: a second version of some records, in a second run.
    sim.control({ action: 'mutate', count: 10 });
    await runStreamChecked({ orm: db.orm, connector: ref, stream: 'dossiers' });
    for (let i = 0; i < 3; i++) await inTransaction(db.orm, (client) => recordAudit(client, { action: 'test.action', actor: cliActor(), target: { type: 'thing', id: String(i) }, details: { i } }));
    await withPgClient(db.orm, (client) => writeCheckpoint(client));
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('an untouched store verifies clean; every finished run has its manifest and a checkpoint follows', async () => {
    const report = await withPgClient(db.orm, (client) => verifyAudit(client, { trustedKeyIds: [signingKey().keyId] }));
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.manifests).toBe(4);
    expect(report.versions).toBeGreaterThan(150);
    expect(report.checkpoints).toBeGreaterThanOrEqual(4);
    const [manifest] = await db.query<{ details: Record<string, any> }>(`select details from ops.audit_event where action = 'run.finish' and target_id = $1`, [String(dossiersRun)]);
    expect(manifest!.details).toMatchObject({ run: dossiersRun, connector: 'mcdt', stream: 'dossiers', status: 'succeeded', counts: { inserted: 150 }, versions: 150, merkleRoot: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('the database refuses to change or remove evidence', async () => {
    await expect(db.query(`update ops.audit_event set action = 'x' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from ops.audit_event`)).rejects.toThrow(/append-only/);
    await expect(db.query(`update raw.source_record_version set payload = '{}' where id = (select min(id) from raw.source_record_version)`)).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from raw.source_record_version`)).rejects.toThrow(/append-only/);
    await expect(db.query(`truncate ops.audit_checkpoint`)).rejects.toThrow(/append-only/);
    const [privileges] = await db.query<{ can_update: boolean; can_insert: boolean }>(
      `select has_table_privilege('hub_app', 'raw.source_record_version', 'update') as can_update, has_table_privilege('hub_app', 'raw.source_record_version', 'insert') as can_insert`,
    );
    expect(privileges).toEqual({ can_update: false, can_insert: true });
  });

  it('names an altered payload: its run, record and version', async () => {
    const [v] = await db.query<{ id: string; run_id: number; version: number; source_key: string }>(
      `select v.id, v.run_id, v.version, s.source_key from raw.source_record_version v join raw.source_record s on s.id = v.record_id where v.run_id = $1 order by v.id limit 1 offset 7`,
      [dossiersRun],
    );
    const report = await tampered(db, [`update raw.source_record_version set payload = (replace(payload::text, '"MaHoSo"', '"MaHoSo" ')::json) where id = $1`], [[v!.id]]);
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({ kind: 'PAYLOAD_ALTERED', run: dossiersRun, record: `mcdt/dossiers/${v!.source_key}`, version: v!.version, field: 'payload' });
  });

  it('names the altered field of a payload edited with SQL, whatever the edit does to the text', async () => {
    const [v] = await db.query<{ id: string; run_id: number; version: number; source_key: string; status: string }>(
      `select v.id, v.run_id, v.version, s.source_key, v.payload->>'TrangThaiHoSo' as status from raw.source_record_version v join raw.source_record s on s.id = v.record_id
        where v.run_id = $1 order by v.id limit 1 offset 11`,
      [dossiersRun],
    );
    // Through jsonb: every key reordered and re-spaced, one value changed.
    const report = await tampered(db, [`update raw.source_record_version set payload = jsonb_set(payload::jsonb, '{TrangThaiHoSo}', to_jsonb($2::text))::json where id = $1`], [[v!.id, `${v!.status}9`]]);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'PAYLOAD_ALTERED', run: dossiersRun, record: `mcdt/dossiers/${v!.source_key}`, version: v!.version, field: 'payload.TrangThaiHoSo', detail: expect.stringContaining('field TrangThaiHoSo changed') }),
    ]);
    // A nested value (the process log): named by its top-level field.
    const nested = await tampered(db, [`update raw.source_record_version set payload = jsonb_set(payload::jsonb, '{QuaTrinhXuLy,0,NoiDungXuLy}', '"x"')::json where id = $1`], [[v!.id]]);
    expect(nested.findings.map((f) => [f.kind, f.field])).toEqual([['PAYLOAD_ALTERED', 'payload.QuaTrinhXuLy']]);
  });

  it('digests rewritten to match an edited payload, or altered alone, still show: the run’s Merkle root no longer holds, and the version is named', async () => {
    const [v] = await db.query<{ id: string; version: number; source_key: string; payload: Record<string, unknown> }>(
      `select v.id, v.version, s.source_key, v.payload::jsonb as payload from raw.source_record_version v join raw.source_record s on s.id = v.record_id
        where v.run_id = $1 order by v.id limit 1 offset 12`,
      [dossiersRun],
    );
    const edited = { ...v!.payload, TrangThaiHoSo: 'x' };
    const both = await tampered(db, [`update raw.source_record_version set payload = $2::json, field_digests = $3::json where id = $1`], [[v!.id, JSON.stringify(edited), fieldDigestsOf(edited)]]);
    expect(both.findings.map((f) => [f.kind, f.field, f.run ?? f.record])).toEqual([
      ['MANIFEST_MISMATCH', 'merkleRoot', dossiersRun],
      ['PAYLOAD_ALTERED', 'payload', dossiersRun],
    ]);
    // The payload with its content hash rewritten, digests untouched: the digests name the field.
    const rehashed = await tampered(
      db,
      [`update raw.source_record_version set payload = $2::json, hash = $3 where id = $1`, `update raw.source_record set hash = $2 where id = (select record_id from raw.source_record_version where id = $1)`],
      [[v!.id, JSON.stringify(edited), createHash('sha256').update(JSON.stringify(edited)).digest('base64url')], [v!.id, createHash('sha256').update(JSON.stringify(edited)).digest('base64url')]],
    );
    expect(rehashed.findings.map((f) => [f.kind, f.field, f.run ?? f.record])).toEqual([
      ['MANIFEST_MISMATCH', 'merkleRoot', dossiersRun],
      ['FIELD_DIGESTS_MISMATCH', 'payload.TrangThaiHoSo', dossiersRun],
    ]);
    const digestsOnly = await tampered(db, [`update raw.source_record_version set field_digests = $2::json where id = $1`], [[v!.id, fieldDigestsOf(edited)]]);
    expect(digestsOnly.findings.map((f) => [f.kind, f.field, f.record])).toEqual([
      ['MANIFEST_MISMATCH', 'merkleRoot', null],
      ['FIELD_DIGESTS_MISMATCH', 'payload.TrangThaiHoSo', `mcdt/dossiers/${v!.source_key}`],
    ]);
  });

  it('names an altered run count: the run and the field', async () => {
    const report = await tampered(db, [`update ops.sync_run set inserted_count = inserted_count + 1 where id = $1`], [[dossiersRun]]);
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'MANIFEST_MISMATCH', run: dossiersRun, field: 'counts.inserted' })]);
  });

  it('names a deleted version: its record and version, and the run whose Merkle root no longer holds', async () => {
    const [v] = await db.query<{ id: string; version: number; source_key: string }>(
      `select v.id, v.version, s.source_key from raw.source_record_version v join raw.source_record s on s.id = v.record_id where v.run_id = $1 and v.version = 1 order by v.id limit 1 offset 3`,
      [dossiersRun],
    );
    const report = await tampered(db, [`delete from raw.source_record_version where id = $1`], [[v!.id]]);
    const kinds = report.findings.map((f) => [f.kind, f.field, f.run ?? f.record]);
    expect(kinds).toEqual([
      ['MANIFEST_MISMATCH', 'merkleRoot', dossiersRun],
      ['MANIFEST_MISMATCH', 'versions', dossiersRun],
      ['VERSION_MISSING', 'version', `mcdt/dossiers/${v!.source_key}`],
    ]);
  });

  it('names two reordered entries', async () => {
    const [{ max }] = (await db.query<{ max: string }>('select max(seq)::text as max from ops.audit_event')) as [{ max: string }];
    const a = BigInt(max) - 2n;
    const b = a + 1n;
    const swap = ['update ops.audit_event set seq = -1 where seq = $1', 'update ops.audit_event set seq = $1 where seq = $2', 'update ops.audit_event set seq = $1 where seq = -1'];
    const report = await tampered(db, swap, [[a.toString()], [a.toString(), b.toString()], [b.toString()]]);
    expect(report.findings[0]).toMatchObject({ kind: 'ENTRY_REORDERED', seq: a.toString(), field: 'prev_hash' });
    expect(report.findings[1]).toMatchObject({ kind: 'ENTRY_REORDERED', seq: b.toString() });
  });

  it('names an altered entry', async () => {
    const report = await tampered(db, [`update ops.audit_event set details = jsonb_set(details, '{counts,read}', '999') where action = 'run.finish' and target_id = $1`], [[String(dossiersRun)]]);
    expect(report.findings[0]).toMatchObject({ kind: 'ENTRY_ALTERED', field: 'content' });
  });

  it('names a forged checkpoint signature, and a checkpoint signed by another key', async () => {
    const forged = await tampered(db, [`update ops.audit_checkpoint set signature = $1 where id = (select max(id) from ops.audit_checkpoint)`], [[Buffer.alloc(64, 7).toString('base64')]]);
    expect(forged.findings).toEqual([expect.objectContaining({ kind: 'SIGNATURE_INVALID', field: 'signature' })]);
    const other = generateKeyPairSync('ed25519');
    const otherKey = { privateKey: other.privateKey, publicKeyPem: other.publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(other.publicKey) };
    const report = await withPgClient(db.orm, async (client) => {
      await client.query('begin');
      try {
        await writeCheckpoint(client, { force: true, key: otherKey });
        return await verifyAudit(client, { trustedKeyIds: [signingKey().keyId] });
      } finally {
        await client.query('rollback');
      }
    });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'UNTRUSTED_KEY' })]);
  });

  it('a rewritten chain tail contradicts the signed checkpoint', async () => {
    const report = await tampered(db, [`update ops.audit_checkpoint set hash = repeat('a', 64) where id = (select max(id) from ops.audit_checkpoint)`]);
    expect(report.findings.map((f) => f.kind)).toEqual(['SIGNATURE_INVALID', 'CHECKPOINT_MISMATCH']);
  });
});
