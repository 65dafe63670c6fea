import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldDigestsOf } from '../../src/audit/field-digests';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExportCommand, auditVerifyBundleCommand } from '../../src/audit/cli';
import type { EvidenceBundle } from '../../src/audit/bundle';
import { verifyBundle } from '../../src/audit/bundle';
import { signingKey } from '../../src/audit/signing';
import { upsertConnector } from '../../src/cli/connectors';
import { computeIndicator } from '../../src/indicators/query';
import { startDvcSimulator, type DvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { withPgClient } from '../../src/store/pg';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';

const shared = { seed: 23, size: 300, historyFrom: new Date('2024-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };

describe('evidence bundles', () => {
  let mcdt: McdtSimulator;
  let dvc: DvcSimulator;
  let db: TestDatabase;
  let dir: string;
  let file: string;
  let code: string;
  let publicKeyFile: string;
  const lines: string[] = [];
  const out = (line: string) => lines.push(line);
  const load = () => JSON.parse(readFileSync(file, 'utf8')) as EvidenceBundle;

  beforeAll(async () => {
    mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
    dvc = await startDvcSimulator({ ...shared, username: 'u', password: 'p' });
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const m = await upsertConnector(em, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2024-01-01', windowDays: 366 } });
    const d = await upsertConnector(em, { name: 'dvc', kind: 'dvc', config: { baseUrl: dvc.url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 366 } });
    for (const stream of ['agencies', 'procedures', 'dossiers']) await runStreamChecked({ orm: db.orm, connector: m, stream });
    await runStreamChecked({ orm: db.orm, connector: d, stream: 'dossiers' });
    mcdt.control({ action: 'mutate', count: 60 });
    await runStreamChecked({ orm: db.orm, connector: m, stream: 'dossiers' });
    [{ code }] = (await db.query<{ code: string }>(
      `select d.code from hub.dossier d join hub.dossier_link l on l.dossier_id = d.id and l.source_system = 'dvc'
        join raw.source_record s on s.source_key = d.code and s.version > 1 where d.source_system = 'mcdt' order by d.id limit 1`,
    )) as [{ code: string }];
    dir = mkdtempSync(join(tmpdir(), 'hub-bundle-'));
    file = join(dir, 'bundle.json');
    publicKeyFile = join(dir, 'hub.pub');
    writeFileSync(publicKeyFile, signingKey().publicKeyPem);
    expect(await auditExportCommand(db.orm.em.fork(), ['--dossier', code, '--out', file], out)).toBe(0);
  });

  afterAll(async () => {
    await mcdt?.close();
    await dvc?.close();
  });

  it('writes a self-contained bundle, with its HTML summary, that verifies offline with the hub’s public key; the export is logged', async () => {
    const bundle = load();
    expect(bundle.records.map((r) => `${r.sourceSystem}/${r.stream}`)).toEqual(expect.arrayContaining(['mcdt/dossiers', 'dvc/dossiers']));
    expect(bundle.records.find((r) => r.sourceSystem === 'mcdt')!.versions.length).toBeGreaterThan(1);
    expect(bundle.links.length).toBeGreaterThan(0);
    expect(verifyBundle(bundle, signingKey().publicKeyPem)).toMatchObject({ ok: true, findings: [], keyFromOutside: true });
    const html = readFileSync(join(dir, 'bundle.html'), 'utf8');
    expect(html).toContain('Hồ sơ chứng cứ');
    expect(html).toContain('Evidence bundle');
    expect(html).toContain(code);
    lines.length = 0;
    expect(await auditVerifyBundleCommand([file, '--public-key', publicKeyFile], out)).toBe(0);
    expect(lines.at(-1)).toBe('The bundle verifies.');
    const [logged] = await db.query<{ target_id: string }>(`select target_id from ops.audit_event where action = 'audit.export'`);
    expect(logged!.target_id).toBe(code);
  });

  it('names an altered payload: its record and version', () => {
    const bundle = load();
    const record = bundle.records.find((r) => r.sourceSystem === 'mcdt')!;
    record.versions[1]!.payloadText = record.versions[1]!.payloadText.replace(/"TrangThaiHoSo":"?\d+"?/, '"TrangThaiHoSo":"10"');
    expect(verifyBundle(bundle, signingKey().publicKeyPem).findings).toEqual([
      { kind: 'PAYLOAD_ALTERED', where: `record mcdt/dossiers/${code} version 2 (run ${record.versions[1]!.runId})`, detail: expect.any(String) },
    ]);
  });

  it('names the altered field from the field digests its leaf proves; digests rewritten to match no longer lead to the manifest', () => {
    const bundle = load();
    const v = bundle.records.find((r) => r.sourceSystem === 'mcdt')!.versions[1]!;
    expect(v.fieldDigests).toBeTruthy();
    const payload = JSON.parse(v.payloadText) as Record<string, unknown>;
    v.payloadText = JSON.stringify({ ...payload, TrangThaiHoSo: 'x' });
    expect(verifyBundle(bundle, signingKey().publicKeyPem).findings).toEqual([expect.objectContaining({ kind: 'PAYLOAD_ALTERED', detail: expect.stringContaining('payload.TrangThaiHoSo changed') })]);
    v.fieldDigests = fieldDigestsOf(JSON.parse(v.payloadText));
    expect(verifyBundle(bundle, signingKey().publicKeyPem).findings.map((f) => f.kind)).toEqual(['PAYLOAD_ALTERED', 'NOT_IN_MANIFEST']);
  });

  it('names an altered run manifest, a payload whose hash was changed with it, and a forged signature', async () => {
    const bundle = load();
    const [run, seq] = Object.entries(bundle.manifests)[0]!;
    const entry = bundle.chain.find((e) => e.seq === seq)!;
    (entry.content!.details as { counts: { inserted: number } }).counts.inserted += 1;
    expect(verifyBundle(bundle).findings).toEqual([expect.objectContaining({ kind: 'ENTRY_ALTERED', where: `entry ${seq}`, detail: expect.stringContaining(`run ${run}`) })]);

    const rehashed = load();
    const v = rehashed.records[0]!.versions[0]!;
    v.payloadText = v.payloadText.replace('{', '{"x":1,');
    v.hash = createHash('sha256').update(v.payloadText).digest('base64url');
    expect(verifyBundle(rehashed).findings.map((f) => f.kind)).toEqual(['NOT_IN_MANIFEST']);

    const forged = load();
    forged.checkpoint.signature = Buffer.alloc(64, 1).toString('base64');
    expect(verifyBundle(forged).findings.map((f) => f.kind)).toEqual(['SIGNATURE_INVALID']);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyBundle(load(), other).findings.map((f) => f.kind)).toEqual(['UNTRUSTED_KEY']);
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    expect(await auditVerifyBundleCommand([join(dir, 'forged.json'), '--public-key', publicKeyFile], out)).toBe(1);
  });

  it('exports the dossiers behind one indicator value', async () => {
    const rows = await withPgClient(db.orm, (client) => computeIndicator(client, { code: 'ONLINE_RATE', unit: 'MONTH', from: '2024-01-01', to: '2026-12-01', groupBy: 'AGENCY' }));
    const cell = rows.find((r) => r.denominator > 0 && r.denominator < 30)!;
    const target = join(dir, 'indicator.json');
    expect(await auditExportCommand(db.orm.em.fork(), ['--indicator', 'ONLINE_RATE', '--agency', cell.groupKey, '--period', cell.period.slice(0, 7), '--out', target], out)).toBe(0);
    const bundle = JSON.parse(readFileSync(target, 'utf8')) as EvidenceBundle;
    expect(bundle.subject).toMatchObject({ type: 'indicator', indicator: 'ONLINE_RATE', value: { denominator: cell.denominator } });
    expect(bundle.dossiers.length).toBeGreaterThanOrEqual(cell.denominator);
    expect(verifyBundle(bundle, signingKey().publicKeyPem).ok).toBe(true);
  });
});
