import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DvcConfig, DvcConfigSchema } from '../../connectors/dvc/config';
import { dvcConnector } from '../../connectors/dvc';
import { agenciesStream, proceduresStream } from '../../connectors/dvc/streams/catalogues';
import { dossiersStream } from '../../connectors/dvc/streams/dossiers';
import { paymentsStream } from '../../connectors/dvc/streams/payments';
import { ratingsStream } from '../../connectors/dvc/streams/ratings';
import { toCompact, type WindowState } from '../../connectors/dvc/streams/windowed';
import { MappingError, SourceAuthError } from '../../connectors/errors';
import type { ReadContext, SourceRecord, Stream, StreamStateValue } from '../../connectors/types';
import { startDvcSimulator, type DvcControl, type DvcSimulator } from '../../src/simulators/dvc/server';
import { parseCompact } from '../../src/simulators/shared/time';

const PASSWORD = 'read-test-pass';
const UNIT = '000.00.00.H06';

let sim: DvcSimulator;

beforeAll(async () => {
  sim = await startDvcSimulator({ seed: 5, size: 2000, password: PASSWORD, now: new Date('2025-10-15T10:00:00+07:00') });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control({ action: 'reset' });
});

function control<T>(cmd: DvcControl): T {
  return sim.control(cmd) as T;
}

function config(overrides: Partial<DvcConfig> = {}): DvcConfig {
  return DvcConfigSchema.parse({ baseUrl: sim.url, username: 'demo', password: PASSWORD, agencyCode: UNIT, startDate: '2024-01-01', timeoutMs: 5000, ...overrides });
}

/** The simulator's clock, which the connector's windows end at. */
function simNow(): Date {
  return new Date((parseCompact(control<{ now: string }>({ action: 'stats' }).now) ?? 0) * 1000);
}

function context(logs: string[] = []): ReadContext {
  return { signal: new AbortController().signal, now: simNow, log: (message) => logs.push(message) };
}

interface Run {
  records: SourceRecord[];
  states: StreamStateValue[];
  logs: string[];
}

/**
 * Collects what a stream reads. `onCheckpoint` runs after each checkpoint (to change
 * the source mid-run); returning true stops the run there, as a killed worker would.
 */
async function read<C>(stream: Stream<C>, cfg: C, state: StreamStateValue | null = null, onCheckpoint?: (n: number) => boolean | void): Promise<Run> {
  const run: Run = { records: [], states: [], logs: [] };
  for await (const msg of stream.read(cfg, state, context(run.logs))) {
    if (msg.type === 'records') run.records.push(...msg.records);
    if (msg.type === 'checkpoint') {
      run.states.push(msg.state);
      if (onCheckpoint?.(run.states.length)) break;
    }
  }
  return run;
}

/** Every row of a list service now, straight from the portal. */
async function listing(service: string): Promise<Record<string, unknown>[]> {
  const session = ((await (await fetch(`${sim.url}/dvc/auth`, { method: 'POST', body: JSON.stringify({ username: 'demo', password: PASSWORD }) })).json()) as { session: string }).session;
  const denNgay = control<{ now: string }>({ action: 'stats' }).now;
  const rows: Record<string, unknown>[] = [];
  for (let pageIndex = 1; ; pageIndex++) {
    const res = await fetch(`${sim.url}/dvc/api`, {
      method: 'POST',
      body: JSON.stringify({ session, madonvi: UNIT, service, tuNgay: '20240101000000', denNgay, pageIndex, pageSize: 200 }),
    });
    const body = (await res.json()) as { result: Record<string, unknown>[]; total: number };
    rows.push(...body.result);
    if (rows.length >= body.total) return rows;
  }
}

/** The last version read of each key. */
function latest(records: readonly SourceRecord[]): Map<string | null, string> {
  return new Map(records.map((r) => [r.key, JSON.stringify(r.payload)]));
}

function expectAllRead(records: readonly SourceRecord[], current: readonly Record<string, unknown>[], key: (row: Record<string, unknown>) => string): void {
  const read = latest(records);
  const missing = current.filter((row) => !read.has(key(row)));
  expect(missing.map(key)).toEqual([]);
}

const dossierKey = (row: Record<string, unknown>): string => String(row.MaHoSoQG);

describe('DVC connector configuration and check', () => {
  it('validates the config with messages naming what is expected', () => {
    const bad = DvcConfigSchema.safeParse({ baseUrl: 'nope', username: 'demo', agencyCode: 'H06', startDate: '2024-13-01', pageSize: 201, extra: 1 });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^baseUrl: must be an http\(s\) URL/),
        expect.stringMatching(/^password: is required/),
        expect.stringMatching(/^agencyCode: must be an agency code/),
        expect.stringMatching(/^startDate: must be a real calendar date/),
        expect.stringMatching(/^pageSize: must be at most 200/),
        expect.stringMatching(/^: Unrecognized key/),
      ]),
    );
    expect(config()).toMatchObject({ windowDays: 31, pageSize: 100, lookbackMinutes: 60, maxRetries: 5 });
    expect(dvcConnector).toMatchObject({ kind: 'dvc', secretFields: ['password'] });
    expect(dvcConnector.streams.map((s) => [s.definition.name, s.definition.kind, s.fullListing ?? false])).toEqual([
      ['agencies', 'agency', true],
      ['procedures', 'procedure', true],
      ['dossiers', 'portalDossier', false],
      ['payments', 'payment', false],
      ['ratings', 'rating', false],
    ]);
  });

  it('check logs in and makes one call; a wrong password or unit gives the reason', async () => {
    expect(await dvcConnector.check(config(), context())).toEqual({ ok: true });
    const wrong = await dvcConnector.check(config({ password: 'wrong' }), context());
    expect(wrong).toEqual({ ok: false, reason: expect.stringContaining('refused the login of "demo"') });
    const unit = await dvcConnector.check(config({ agencyCode: '999.99.99.H99' }), context());
    expect(unit).toEqual({ ok: false, reason: expect.stringContaining('error_code "01"') });
    await expect(read(dossiersStream, config({ password: 'wrong' }))).rejects.toBeInstanceOf(SourceAuthError);
  });
});

describe('DVC connector streams', () => {
  it('reads both catalogues whole, keyed and mappable', async () => {
    const agencies = await read(agenciesStream, config());
    expect(agencies.records).toHaveLength(90);
    expect(agencies.records.find((r) => r.key === '000.00.00.H55')).toBeDefined();
    expect(agencies.records.map((r) => agenciesStream.map(r.payload)).find((u) => u.kind === 'agency' && u.value.code === '000.00.02.H06')).toMatchObject({ value: { level: 2, parentCode: '000.00.00.H06' } });
    const procedures = await read(proceduresStream, config());
    expect(procedures.records).toHaveLength(50);
    for (const r of procedures.records) expect(proceduresStream.map(r.payload)).toMatchObject({ kind: 'procedure', value: { code: r.key, nationalCode: r.key } });
    expect(agencies.states).toHaveLength(1);
  });

  it('reads every dossier in windows, one checkpoint a page, then re-reads the hour before the newest change next run', async () => {
    const run = await read(dossiersStream, config());
    const current = await listing('LayDanhSachHoSo');
    expect(run.records).toHaveLength(current.length);
    expectAllRead(run.records, current, dossierKey);
    for (const r of run.records) expect(dossiersStream.map(r.payload).kind).toBe('portalDossier');
    expect(run.states.length).toBeGreaterThan(20);
    const newest = current.map((r) => String(r.NgayCapNhat)).sort().at(-1)!;
    const from = toCompact(new Date((parseCompact(newest) ?? 0) * 1000 - 3_600_000));
    expect(run.states.at(-1)).toEqual({ from, seen: 0, last: null, groupTotal: null, newest });
    const again = await read(dossiersStream, config(), run.states.at(-1) ?? null);
    expect(again.records.length).toBeGreaterThan(0);
    expect(again.records.every((r) => String((r.payload as Record<string, unknown>).NgayCapNhat) >= from)).toBe(true);
  });

  it('resumes from a mid-run checkpoint and, with pages drifting and repeating, misses nothing', async () => {
    control({ action: 'faults', set: { pageDrift: 2, duplicateRate: 0.5 } });
    const cfg = config({ pageSize: 15, windowDays: 45 });
    const first = await read(dossiersStream, cfg, null, (n) => n === 12);
    expect(first.states).toHaveLength(12);
    control({ action: 'advanceClock', seconds: 120 });
    control({ action: 'mutate', count: 40 });
    const rest = await read(dossiersStream, cfg, first.states.at(-1) ?? null);
    const all = [...first.records, ...rest.records];
    expectAllRead(all, await listing('LayDanhSachHoSo'), dossierKey);
    // Changed records are read again by the next run's lookback, so its versions end current.
    control({ action: 'faults', set: { pageDrift: 0 } });
    const next = await read(dossiersStream, cfg, rest.states.at(-1) ?? null);
    const final = latest([...all, ...next.records]);
    for (const row of await listing('LayDanhSachHoSo')) expect(final.get(dossierKey(row))).toBe(JSON.stringify(row));
  });

  it('pages through more rows at one second than a page holds, while rows leave that second', async () => {
    control({ action: 'advanceClock', seconds: 60 });
    control({ action: 'mutate', count: 260 });
    control({ action: 'advanceClock', seconds: 60 });
    control({ action: 'faults', set: { pageDrift: 3 } });
    const cfg = config({ pageSize: 40 });
    const run = await read(dossiersStream, cfg, null, (n) => n > 400);
    expect(run.states.length).toBeLessThan(400);
    expect(run.states.some((s) => (s as WindowState).seen >= 40)).toBe(true);
    expect(run.logs.some((l) => l.includes('stepping back'))).toBe(true);
    expectAllRead(run.records, await listing('LayDanhSachHoSo'), dossierKey);
  });

  it('logs in again when the session expires mid-run, after N calls or all at once', async () => {
    control({ action: 'faults', set: { sessionTtlCalls: 4 } });
    const run = await read(dossiersStream, config(), null, (n) => {
      if (n === 10) control({ action: 'expireSessions' });
    });
    control({ action: 'faults', set: { sessionTtlCalls: 0 } });
    expectAllRead(run.records, await listing('LayDanhSachHoSo'), dossierKey);
    expect(run.logs.filter((l) => l.includes('session expired')).length).toBeGreaterThan(4);
    expect(control<{ logins: number }>({ action: 'stats' }).logins).toBeGreaterThan(5);
  });

  it('rides out 5xx answers and dropped connections', async () => {
    control({ action: 'faults', set: { errorRate: 0.2, errorStatus: 503, dropRate: 0.1 } });
    const logs: string[] = [];
    const cfg = config({ windowDays: 120, pageSize: 200 });
    const records: SourceRecord[] = [];
    for await (const msg of dossiersStream.read(cfg, null, context(logs))) if (msg.type === 'records') records.push(...msg.records);
    control({ action: 'faults', set: { errorRate: 0, dropRate: 0 } });
    expectAllRead(records, await listing('LayDanhSachHoSo'), dossierKey);
    expect(logs.filter((l) => l.includes('retrying')).length).toBeGreaterThan(0);
  });

  it('reads online payments and ratings, and maps them', async () => {
    const payments = await read(paymentsStream, config({ pageSize: 50 }));
    const currentPayments = await listing('LayDanhSachThanhToan');
    expect(payments.records).toHaveLength(currentPayments.length);
    expectAllRead(payments.records, currentPayments, (p) => String(p.MaThamChieu));
    const mapped = payments.records.map((r) => paymentsStream.map(r.payload));
    expect(mapped.every((u) => u.kind === 'payment' && u.value.method === 'ONLINE' && !u.value.paidAtReliable)).toBe(true);
    expect(new Set(mapped.map((u) => u.kind === 'payment' && u.value.succeeded))).toEqual(new Set([true, false]));

    const ratings = await read(ratingsStream, config({ pageSize: 50 }));
    const currentRatings = await listing('LayDanhSachDanhGia');
    expect(ratings.records).toHaveLength(currentRatings.length);
    expectAllRead(ratings.records, currentRatings, (r) => `${String(r.MaHoSo)}|${String(r.ThoiGianDanhGia)}`);
    for (const r of ratings.records) expect(ratingsStream.map(r.payload)).toMatchObject({ kind: 'rating', value: { dossierCode: expect.any(String) } });
  });

  it('hands broken records on for quarantine and reads on', async () => {
    control({ action: 'faults', set: { badRecordRate: 0.1 } });
    const run = await read(dossiersStream, config());
    expect(run.records).toHaveLength((await listing('LayDanhSachHoSo')).length);
    let broken = 0;
    for (const r of run.records) {
      try {
        dossiersStream.map(r.payload);
      } catch (error) {
        expect(error).toBeInstanceOf(MappingError);
        broken++;
      }
    }
    expect(broken / run.records.length).toBeGreaterThan(0.05);
    expect(run.records.some((r) => r.key === null)).toBe(true);
  });
});
