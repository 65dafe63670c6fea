import { beforeAll, describe, expect, it } from 'vitest';
import { upsertConnector } from '../../src/cli/connectors';
import { REKEY_PORTAL_PAYMENTS } from '../../src/db/migrations/Migration20261127154656';
import { runStream } from '../../src/engine/run-stream';
import { startDvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator } from '../../src/simulators/mcdt/server';
import { startQlvbSimulator } from '../../src/simulators/qlvb/server';
import type { BrokenCounts } from '../../src/simulators/shared/bad-records';
import { withPgClient } from '../../src/store/pg';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * Through the engine, against the simulators over HTTP: every stream of every system
 * with the bad-record fault on. Per stream, the records quarantined must be exactly the
 * ones the simulator served malformed, and the records stored with a field emptied
 * (flagged `invalid:…`) exactly the ones it served flawed.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});

interface Simulator {
  url: string;
  control(cmd: { action: 'stats' } | { action: 'faults'; set: { badRecordRate: number } }): unknown;
  close(): Promise<void>;
}

/** Per stream: distinct quarantined records (by key, or payload when keyless) and flagged stored ones. */
async function hubCounts(connectorId: number): Promise<Record<string, BrokenCounts>> {
  const rows = await db.query<{ stream: string; malformed: number; flawed: number }>(
    `select s.stream,
            (select count(distinct coalesce(q.source_key, md5(q.payload::text)))::int from ops.quarantine q where q.connector_id = $1 and q.stream = s.stream) as malformed,
            (select count(*)::int from raw.source_record r where r.connector_id = $1 and r.stream = s.stream and r.gone_at is null
                and exists (select 1 from unnest(r.flags) f where f like 'invalid:%')) as flawed
       from (select distinct stream from ops.sync_run where connector_id = $1) s`,
    [connectorId],
  );
  return Object.fromEntries(rows.map((r) => [r.stream, { malformed: r.malformed, flawed: r.flawed }]));
}

async function syncAll(sim: Simulator, kind: string, config: Record<string, unknown>): Promise<{ id: number; expected: Record<string, BrokenCounts>; runs: Record<string, string> }> {
  sim.control({ action: 'faults', set: { badRecordRate: 0.08 } });
  const expected = (sim.control({ action: 'stats' }) as { badRecords: Record<string, BrokenCounts> }).badRecords;
  const instance = await upsertConnector(db.orm.em.fork(), { name: kind, kind, config: { baseUrl: sim.url, startDate: '2024-01-01', ...config } });
  const runs: Record<string, string> = {};
  for (const stream of Object.keys(expected)) runs[stream] = (await runStream({ orm: db.orm, connector: instance, stream })).status;
  return { id: instance.id, expected, runs };
}

function expectAgreement(found: Record<string, BrokenCounts>, expected: Record<string, BrokenCounts>, runs: Record<string, string>): void {
  for (const [stream, counts] of Object.entries(expected)) {
    expect(found[stream], stream).toEqual(counts);
    expect(runs[stream], stream).toBe(counts.malformed > 0 ? 'partial' : 'succeeded');
  }
  const total = Object.values(expected).reduce((sum, c) => sum + c.malformed + c.flawed, 0);
  expect(total).toBeGreaterThan(20);
}

describe('quarantine and flags per stream agree with what the simulators broke', () => {
  it('MCĐT: agencies, procedures, dossiers, payments', async () => {
    const sim = await startMcdtSimulator({ seed: 21, size: 400, apiKey: 'k' });
    try {
      const { id, expected, runs } = await syncAll(sim, 'mcdt', { apiKey: 'k', pageSize: 100, windowDays: 120 });
      expectAgreement(await hubCounts(id), expected, runs);
      // A flawed dossier is stored with the field empty, its raw payload kept as sent.
      const [flawed] = await db.query<{ flags: string[]; payload: Record<string, unknown>; mucdo: number | null }>(
        `select r.flags, v.payload, d.service_level as mucdo from raw.source_record r join raw.source_record_version v on v.record_id = r.id and v.version = r.version
           join hub.dossier d on d.code = r.source_key where r.stream = 'dossiers' and 'invalid:MucDo' = any(r.flags) limit 1`,
      );
      expect(flawed).toMatchObject({ payload: { MucDo: 7 }, mucdo: null });
    } finally {
      await sim.close();
    }
  });

  it('DVC: agencies, procedures, dossiers, payments (keyed by MaThamChieu), ratings', async () => {
    const sim = await startDvcSimulator({ seed: 22, size: 1500, username: 'u', password: 'p' });
    try {
      const config = { username: 'u', password: 'p', agencyCode: '000.00.00.H06', windowDays: 120, pageSize: 100 };
      const { id, expected, runs } = await syncAll(sim, 'dvc', config);
      expectAgreement(await hubCounts(id), expected, runs);
      const [reasons] = await db.query<{ keyless: number; bank_ids: number }>(
        `select count(*) filter (where source_key is null and reason like '%MaThamChieu%')::int as keyless,
                count(*) filter (where source_key is null and payload->>'MaGiaoDich' <> '')::int as bank_ids
           from ops.quarantine where connector_id = $1 and stream = 'payments'`,
        [id],
      );
      // Rows without the portal's reference are quarantined even when they carry the bank's id.
      expect(reasons!.keyless).toBeGreaterThan(0);
      expect(reasons!.bank_ids).toBeGreaterThan(0);
      const [payments] = await db.query<{ n: number; without_bank_id: number }>(
        `select count(*)::int as n, count(*) filter (where r.source_key like 'DVC%' and not exists (select 1 from raw.source_record_version v where v.record_id = r.id and v.payload->>'MaGiaoDich' <> ''))::int as without_bank_id
           from raw.source_record r where r.connector_id = $1 and r.stream = 'payments'`,
        [id],
      );
      expect(payments!.without_bank_id).toBeGreaterThan(0);

      // A store written when payments were keyed by the bank's id: the migration re-keys it, and a full re-read doubles nothing.
      await withPgClient(db.orm, async (client) => {
        await client.query(
          `create temporary table old_keys as select r.id, v.payload->>'MaGiaoDich' as bank_id, r.source_key as ref from raw.source_record r
             join raw.source_record_version v on v.record_id = r.id and v.version = r.version where r.connector_id = $1 and r.stream = 'payments' and v.payload->>'MaGiaoDich' <> ''`,
          [id],
        );
        await client.query(`update hub.payment p set source_code = o.bank_id from old_keys o where p.source_system = 'dvc' and p.source_code = o.ref`);
        await client.query(`update raw.source_record r set source_key = o.bank_id from old_keys o where r.id = o.id`);
        await client.query('drop table old_keys');
        await client.query('begin');
        for (const sql of REKEY_PORTAL_PAYMENTS) await client.query(sql);
        await client.query('commit');
      });
      const instance = { id, name: 'dvc', kind: 'dvc', config: { baseUrl: sim.url, startDate: '2024-01-01', ...config } };
      const again = await runStream({ orm: db.orm, connector: instance, stream: 'payments', full: true });
      expect(again).toMatchObject({ inserted: 0, updated: 0 });
      const [after] = await db.query<{ n: number }>(`select count(*)::int as n from hub.payment where source_system = 'dvc'`);
      expect(after!.n).toBe(payments!.n);
    } finally {
      await sim.close();
    }
  });

  it('QLVB: both registers and the edXML queue (malformed packages quarantined and acknowledged)', async () => {
    const sim = await startQlvbSimulator({ seed: 23, size: 600, apiKey: 'k', mcdtSize: 400 });
    try {
      const { id, expected, runs } = await syncAll(sim, 'qlvb', { apiKey: 'k', pageSize: 100, packageBatch: 20 });
      expectAgreement(await hubCounts(id), expected, runs);
      expect(sim.control({ action: 'stats' })).toMatchObject({ pending: 0 });
    } finally {
      await sim.close();
    }
  });
});
