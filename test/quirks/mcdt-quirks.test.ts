import { describe, expect, it } from 'vitest';
import { mcdtFixture } from '../support/mcdt-fixture';

/**
 * One test per row of the contract's quirk table that the one-stop-shop can show
 * (shared/source-systems.md, "Quirks"): switch it on, sync, assert the store.
 */
describe('MCĐT quirks', () => {
  it('unicode: NFD text is stored as NFC and the record flagged', async () => {
    const f = await mcdtFixture({ faults: { nfdRate: 0.3 } });
    try {
      expect((await f.sync('dossiers')).status).toBe('succeeded');
      const [notNfc] = await f.db.query<{ n: number }>(
        `select count(*)::int as n from hub.dossier where applicant_name <> normalize(applicant_name, NFC) or agency_name <> normalize(agency_name, NFC) or summary <> normalize(summary, NFC)`,
      );
      expect(notNfc!.n).toBe(0);
      const [flagged] = await f.db.query<{ n: number }>(`select count(*)::int as n from raw.source_record where 'nfd' = any(flags)`);
      expect(flagged!.n).toBeGreaterThan(30);
      // The raw payload keeps what the source sent.
      const [raw] = await f.db.query<{ name: string }>(`select v.payload->>'ChuHoSo' as name from raw.source_record_version v where 'nfd' = any(v.flags) and v.payload->>'ChuHoSo' is not null limit 1`);
      expect(raw!.name).not.toBe(raw!.name.normalize('NFC'));
    } finally {
      await f.close();
    }
  });

  it('legacy encoding: TCVN3 text is converted, flagged, and kept raw in lineage', async () => {
    const f = await mcdtFixture({ faults: { tcvn3Rate: 0.5 } });
    try {
      await f.sync('dossiers');
      const flagged = await f.db.query<{ code: string; raw: string; stored: string }>(
        `select d.code, v.payload->>'ChuHoSo' as raw, d.applicant_name as stored
         from raw.source_record r join raw.source_record_version v on v.record_id = r.id and v.version = r.version
         join hub.dossier d on d.code = r.source_key where 'tcvn3' = any(r.flags) and v.payload->>'ChuHoSo' is not null`,
      );
      // Some names survive TCVN3 unchanged (ý is 0xFD in both); the others must have been converted.
      const converted = flagged.filter((row) => row.raw !== row.stored);
      expect(converted.length).toBeGreaterThan(5);
      const truth = new Map((await f.truth()).map((d) => [d.MaHoSo, d.ChuHoSo]));
      for (const row of converted) {
        // TCVN3 has no toned capitals, so the case of those letters is lost at the source.
        expect(row.stored.toLocaleLowerCase('vi')).toBe(truth.get(row.code)!.toLocaleLowerCase('vi'));
      }
      const [left] = await f.db.query<{ n: number }>(`select count(*)::int as n from hub.dossier where applicant_name ~ '[×¾¹µ®©ª«¬]'`);
      expect(left!.n).toBe(0);
    } finally {
      await f.close();
    }
  });

  it('page drift: records changing while we page are neither missed nor doubled', async () => {
    const f = await mcdtFixture({ size: 400, faults: { pageDrift: 3 } });
    try {
      expect((await f.sync('dossiers')).status).toBe('succeeded');
      f.sim.control({ action: 'faults', set: { pageDrift: 0 } });
      const truth = await f.truth();
      const stored = await f.db.query<{ code: string }>(`select code from hub.dossier`);
      expect(new Set(stored.map((r) => r.code))).toEqual(new Set(truth.map((d) => d.MaHoSo)));
      // Nothing was missed: a quiet re-sync finds no record the store lacks (records the
      // source changed after we read them are updates, as they should be).
      expect(await f.sync('dossiers')).toMatchObject({ status: 'succeeded', inserted: 0 });
    } finally {
      await f.close();
    }
  });

  it('duplicates: a record served twice is one row with one version', async () => {
    // No page overlap in the connector, so the duplicates reach the engine.
    const f = await mcdtFixture({ faults: { duplicateRate: 0.8 }, config: { pageOverlap: 0, windowDays: 366 } });
    try {
      const run = await f.sync('dossiers');
      expect(run.read).toBeGreaterThan(300);
      const [counts] = await f.db.query<{ rows: number; records: number; versions: number }>(
        `select (select count(*)::int from hub.dossier) as rows, (select count(*)::int from raw.source_record) as records, (select count(*)::int from raw.source_record_version) as versions`,
      );
      expect(counts).toEqual({ rows: 300, records: 300, versions: 300 });
    } finally {
      await f.close();
    }
  });

  it('bad record: quarantined with its reason and payload; the rest of the run goes on', async () => {
    const f = await mcdtFixture({ faults: { badRecordRate: 0.05 } });
    try {
      const run = await f.sync('dossiers');
      expect(run.status).toBe('partial');
      expect(run.failed).toBeGreaterThan(3);
      const quarantined = await f.db.query<{ reason: string; payload: Record<string, unknown>; run_id: number }>(`select reason, payload, run_id from ops.quarantine`);
      expect(quarantined).toHaveLength(run.failed);
      for (const q of quarantined) {
        expect(q.run_id).toBe(run.runId);
        expect(q.reason).toMatch(/TrangThaiHoSo|NgayNopHoSo|MaHoSo|no source key/);
        expect(Object.keys(q.payload).length).toBeGreaterThan(5);
      }
      const [stored] = await f.db.query<{ n: number }>(`select count(*)::int as n from hub.dossier`);
      expect(stored!.n).toBe(300 - run.failed);
    } finally {
      await f.close();
    }
  });

  it('transient faults: 5xx, 429 with Retry-After and dropped connections are retried; nothing is lost', async () => {
    const f = await mcdtFixture({ faults: { errorRate: 0.15, errorStatus: 503, rateLimit: 9, dropRate: 0.05 }, config: { maxRetries: 8 } });
    try {
      const run = await f.sync('dossiers');
      expect(run).toMatchObject({ status: 'succeeded', inserted: 300, failed: 0 });
    } finally {
      await f.close();
    }
  });

  it('timeouts: a run that gives up keeps its checkpoint, and the next run resumes instead of restarting', async () => {
    const f = await mcdtFixture({ config: { timeoutMs: 200, maxRetries: 1, pageSize: 20 } });
    try {
      // Let some pages commit, then make the source too slow to answer.
      let served = 0;
      const interrupted = await new Promise<unknown>((resolve) => {
        const timer = setInterval(() => {
          void f.db.query<{ n: number }>('select count(*)::int as n from hub.dossier').then(([row]) => {
            served = row!.n;
            if (served >= 60) {
              clearInterval(timer);
              f.sim.control({ action: 'faults', set: { slowMs: 600 } });
            }
          });
        }, 5);
        f.sync('dossiers').then(resolve, resolve);
      });
      expect(String(interrupted)).toMatch(/no answer within 200 ms.*gave up after 2 attempts/);
      const [failed] = await f.db.query<{ status: string; read_count: number; cursor_after: unknown }>(`select status, read_count, cursor_after from ops.sync_run`);
      expect(failed!.status).toBe('failed');
      expect(failed!.cursor_after).not.toBeNull();
      f.sim.control({ action: 'faults', set: { slowMs: 0 } });
      const resumed = await f.sync('dossiers');
      expect(resumed.status).toBe('succeeded');
      expect(resumed.read).toBeLessThan(300);
      const [stored] = await f.db.query<{ n: number }>('select count(*)::int as n from hub.dossier');
      expect(stored!.n).toBe(300);
    } finally {
      await f.close();
    }
  });

  it('deletion: a full read flags records the source no longer lists as gone, and keeps them', async () => {
    const f = await mcdtFixture();
    try {
      await f.sync('dossiers');
      f.sim.control({ action: 'faults', set: { deletedCount: 4 } });
      const incremental = await f.sync('dossiers');
      expect(incremental.gone).toBe(0);
      const full = await f.sync('dossiers', { full: true });
      expect(full.gone).toBe(4);
      const gone = await f.db.query<{ source_key: string }>(`select source_key from raw.source_record where gone_at is not null`);
      const listed = new Set((await f.truth()).map((d) => d.MaHoSo));
      expect(gone).toHaveLength(4);
      for (const g of gone) expect(listed.has(g.source_key)).toBe(false);
      const [kept] = await f.db.query<{ n: number }>('select count(*)::int as n from hub.dossier');
      expect(kept!.n).toBe(300);
      const [run] = await f.db.query<{ gone_count: number }>(`select gone_count from ops.sync_run where id = $1`, [full.runId]);
      expect(run!.gone_count).toBe(4);
    } finally {
      await f.close();
    }
  });

  it('the 2025 merger: old agencies keep their codes with validity dates, mapped to their successors', async () => {
    const f = await mcdtFixture({ size: 600 });
    try {
      await f.sync('agencies');
      await f.sync('dossiers');
      const ended = await f.db.query<{ code: string; valid_to: string; successor_code: string }>(`select code, valid_to::text, successor_code from hub.agency where code like '%.H06' and valid_to is not null`);
      expect(ended.length).toBeGreaterThan(10);
      const codes = new Set((await f.db.query<{ code: string }>('select code from hub.agency')).map((r) => r.code));
      for (const a of ended) {
        expect(a.valid_to).toBe('2025-06-30');
        expect(codes.has(a.successor_code)).toBe(true);
      }
      const [split] = await f.db.query<{ old: number; new: number; wrong: number }>(
        `select count(*) filter (where agency_code like '%.H06')::int as old, count(*) filter (where agency_code like '%.H55')::int as new,
                count(*) filter (where agency_code like '%.H55' and received_at < '2025-06-30T17:00:00Z')::int as wrong from hub.dossier`,
      );
      expect(split!.old).toBeGreaterThan(0);
      expect(split!.new).toBeGreaterThan(0);
      expect(split!.wrong).toBe(0);
    } finally {
      await f.close();
    }
  });
});
