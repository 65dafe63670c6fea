import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MappingError, SourceAuthError } from '../../connectors/errors';
import { qlvbConnector } from '../../connectors/qlvb';
import { type QlvbConfig, QlvbConfigSchema } from '../../connectors/qlvb/config';
import type { RawDocument, RawDocumentPage } from '../../connectors/qlvb/raw';
import { incomingDocumentsStream, outgoingDocumentsStream } from '../../connectors/qlvb/streams/documents';
import { edxmlStream } from '../../connectors/qlvb/streams/edxml';
import type { ReadContext, SourceRecord, Stream, StreamStateValue } from '../../connectors/types';
import type { EdxmlPackageRecord } from '../../src/model/records';
import { startQlvbSimulator, type QlvbControl, type QlvbSimulator } from '../../src/simulators/qlvb/server';

const KEY = 'read-key';
const NOW = new Date('2025-10-15T10:00:00+07:00');

let sim: QlvbSimulator;

beforeAll(async () => {
  sim = await startQlvbSimulator({ seed: 12, size: 1500, apiKey: KEY, now: NOW, historyFrom: new Date('2024-01-01T00:00:00+07:00'), mcdtSize: 1000 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control({ action: 'reset' });
});

const control = <T>(cmd: QlvbControl): T => sim.control(cmd) as T;

function config(overrides: Partial<QlvbConfig> = {}): QlvbConfig {
  return QlvbConfigSchema.parse({ baseUrl: sim.url, apiKey: KEY, startDate: '2024-01-01', pageSize: 50, maxRetries: 6, ...overrides });
}

function context(logs: string[] = []): ReadContext {
  return { signal: new AbortController().signal, now: () => NOW, log: (message) => logs.push(message) };
}

interface Collected {
  records: SourceRecord[];
  states: StreamStateValue[];
  fractions: (number | null)[];
}

/**
 * Reads a stream like the engine does: records, then at each checkpoint "commit"
 * and run afterCommit (unless told not to). `onCheckpoint` lets a test change the
 * source between pages; returning false stops the run there, as a killed worker would.
 */
async function collect(stream: Stream<QlvbConfig>, cfg: QlvbConfig, state: StreamStateValue | null, opts: { ctx?: ReadContext; acknowledge?: boolean; onCheckpoint?: (state: StreamStateValue) => boolean | void } = {}): Promise<Collected> {
  const out: Collected = { records: [], states: [], fractions: [] };
  let pending: SourceRecord[] = [];
  for await (const msg of stream.read(cfg, state, opts.ctx ?? context())) {
    if (msg.type === 'records') pending.push(...msg.records);
    else if (msg.type === 'progress') out.fractions.push(msg.fraction);
    else {
      out.records.push(...pending);
      pending = [];
      out.states.push(msg.state);
      if (opts.acknowledge !== false) await msg.afterCommit?.();
      if (opts.onCheckpoint?.(msg.state) === false) break;
    }
  }
  out.records.push(...pending);
  return out;
}

/** The register as the source lists it now, from `since`. */
async function listing(loai: 'den' | 'di', since = '2020-01-01T00:00:00'): Promise<RawDocument[]> {
  const rows: RawDocument[] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(`${sim.url}/api/v1/van-ban?loai=${loai}&ngayCapNhatTu=${since}&page=${page}&pageSize=500`, { headers: { 'X-API-Key': KEY } });
    const body = (await res.json()) as RawDocumentPage;
    rows.push(...body.duLieu);
    if (page * 500 >= body.tongSo) return rows;
  }
}

const version = (d: unknown) => `${String((d as RawDocument).Id)}@${String((d as RawDocument).NgayCapNhat)}`;

/** Every current version of the listing is among the versions read. */
function expectEveryVersionRead(current: RawDocument[], records: SourceRecord[]): void {
  const read = new Set(records.map((r) => version(r.payload)));
  expect(current.filter((d) => !read.has(version(d))).map(version)).toEqual([]);
}

describe('QLVB document streams', () => {
  it('read each register whole, page by page, with a checkpoint after every page', async () => {
    for (const [stream, loai] of [[incomingDocumentsStream, 'den'], [outgoingDocumentsStream, 'di']] as const) {
      const current = await listing(loai);
      const { records, states, fractions } = await collect(stream, config(), null);
      expect(new Set(records.map((r) => r.key))).toEqual(new Set(current.map((d) => d.Id)));
      expect(records.every((r) => r.key === (r.payload as RawDocument).Id)).toBe(true);
      expect(states.length).toBeGreaterThanOrEqual(Math.ceil(current.length / 50));
      // The next run starts an hour (lookbackMinutes) before the newest change read, by the source's clock.
      const newest = String(current.at(-1)?.NgayCapNhat);
      const hourBefore = new Date(Date.parse(`${newest}+07:00`) - 3_600_000 + 7 * 3_600_000).toISOString().slice(0, 19);
      expect(states.at(-1)).toEqual({ since: hourBefore, offset: 0, lastKey: null, newest });
      expect(fractions.at(-1)).toBe(1);
      const mapped = records.map((r) => stream.map(r.payload));
      expect(mapped.every((m) => m.kind === 'document' && m.value.register === (loai === 'den' ? 'INCOMING' : 'OUTGOING'))).toBe(true);
    }
  });

  it('misses no version when pages drift, rows repeat and the clock moves between pages', async () => {
    control({ action: 'faults', set: { pageDrift: 3, duplicateRate: 0.3 } });
    const first = await collect(incomingDocumentsStream, config(), null, {
      onCheckpoint: () => {
        control({ action: 'advanceClock', seconds: 1 });
      },
    });
    control({ action: 'faults', set: { pageDrift: 0, duplicateRate: 0 } });
    expect(control<{ mutated: number }>({ action: 'stats' }).mutated).toBeGreaterThan(50);
    // The run's last answer drifted rows after it was read: the next run, from the
    // checkpoint, reads them; everything older than that checkpoint was read already.
    const since = String(first.states.at(-1)?.since);
    const current = await listing('den');
    expectEveryVersionRead(current.filter((d) => d.NgayCapNhat < since), first.records);
    const next = await collect(incomingDocumentsStream, config(), first.states.at(-1) ?? null);
    expectEveryVersionRead(current, [...first.records, ...next.records]);
  });

  it('resumes from a committed checkpoint after a stop, missing nothing changed meanwhile', async () => {
    control({ action: 'faults', set: { pageDrift: 2 } });
    let seen = 0;
    const before = await collect(outgoingDocumentsStream, config(), null, { onCheckpoint: () => ++seen < 5 });
    control({ action: 'faults', set: { pageDrift: 0 } });
    control({ action: 'advanceClock', seconds: 60 });
    control({ action: 'mutate', count: 40 });
    const after = await collect(outgoingDocumentsStream, config(), before.states.at(-1) ?? null);
    expect(before.records.length).toBe(250);
    expectEveryVersionRead(await listing('di'), [...before.records, ...after.records]);
  });

  it('pages through more rows sharing one NgayCapNhat than fit in a page, stepping back when they shift', async () => {
    control({ action: 'advanceClock', seconds: 3600 });
    control({ action: 'mutate', count: 300 });
    const since = '2025-10-15T11:00:00';
    const run = await listing('den', since);
    expect(run.length).toBeGreaterThan(150);
    const logs: string[] = [];
    const { records, states } = await collect(incomingDocumentsStream, config(), { since, offset: 0, lastKey: null }, {
      ctx: context(logs),
      onCheckpoint: (state) => {
        // Two rows of the next page and the boundary probe leave the second while it is read.
        if (state.offset === 100) {
          control({ action: 'advanceClock', seconds: 1 });
          control({ action: 'faults', set: { pageDrift: 2 } });
        }
        if (state.offset === 150) control({ action: 'faults', set: { pageDrift: 0 } });
      },
    });
    expect(states.slice(0, 3)).toEqual([
      { since, offset: 50, lastKey: run[49]?.Id, newest: since },
      { since, offset: 100, lastKey: run[99]?.Id, newest: since },
      { since, offset: 150, lastKey: run[149]?.Id, newest: since },
    ]);
    expect(logs).toContain('rows shifted within one change second; stepping back');
    expectEveryVersionRead(await listing('den', since), records);
  });

  it('retries transient faults and surfaces a wrong key as SourceAuthError', async () => {
    const current = await listing('di');
    control({ action: 'faults', set: { errorRate: 0.2, errorStatus: 503, rateLimit: 10, dropRate: 0.2 } });
    const faults: string[] = [];
    const ctx: ReadContext = { ...context(), log: (_message, fields) => faults.push(String(fields?.error)) };
    const { records } = await collect(outgoingDocumentsStream, config({ pageSize: 50 }), null, { ctx });
    expect(new Set(records.map((r) => r.key))).toEqual(new Set(current.map((d) => d.Id)));
    expect(faults.some((f) => f.includes('HTTP 503'))).toBe(true);
    expect(faults.some((f) => f.includes('HTTP 429'))).toBe(true);
    expect(faults.some((f) => f.includes('failed: fetch failed'))).toBe(true);
    control({ action: 'reset' });
    await expect(collect(incomingDocumentsStream, config({ apiKey: 'wrong' }), null)).rejects.toThrow(SourceAuthError);
    await expect(collect(edxmlStream, config({ apiKey: 'wrong' }), null)).rejects.toThrow(SourceAuthError);
  });

  it('yields broken rows for the engine to quarantine, and goes on', async () => {
    control({ action: 'faults', set: { badRecordRate: 0.05 } });
    const { records } = await collect(incomingDocumentsStream, config({ pageSize: 500 }), null);
    let bad = 0;
    for (const r of records) {
      try {
        incomingDocumentsStream.map(r.payload);
      } catch (error) {
        expect(error).toBeInstanceOf(MappingError);
        bad++;
      }
    }
    expect(bad).toBeGreaterThan(15);
    expect(records.filter((r) => r.key === null).length).toBeGreaterThan(0);
    // Rows sharing the second a page ends on are read twice; the store's hash makes that free.
    expect(new Set(records.map((r) => JSON.stringify(r.payload))).size).toBe((await listing('den')).length);
  });
});

describe('QLVB edXML stream', () => {
  it('fetches every pending package, and acknowledges each batch only after commit', async () => {
    const { records, states } = await collect(edxmlStream, config({ packageBatch: 30 }), null);
    expect(records).toHaveLength(75);
    expect(new Set(records.map((r) => r.key)).size).toBe(75);
    expect(states).toHaveLength(3);
    expect(control({ action: 'stats' })).toMatchObject({ pending: 0, acknowledged: 75 });
    const mapped = records.map((r) => edxmlStream.map(r.payload).value as EdxmlPackageRecord);
    expect(new Set(mapped.map((m) => (m.type === 'STATUS' ? 'status' : String(m.businessDocType))))).toEqual(new Set(['0', '1', '2', '3', 'status']));
    for (const m of mapped) {
      expect(m.packageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      if (m.type === 'STATUS') expect(m.statusAt).toBeInstanceOf(Date);
      else expect(m.documentId).toMatch(/^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2},\d{4}\/\d{2}\/\d{2},\d+\/\S+$/);
      if (m.businessDocType === 0) expect(m.attachments.length).toBeGreaterThan(0);
      for (const a of m.attachments) expect(a).toEqual({ name: expect.any(String), contentType: expect.any(String), size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    // Nothing more to read: the next run ends at once.
    expect((await collect(edxmlStream, config(), null)).records).toHaveLength(0);
  });

  it('does not acknowledge what was never committed, and does not loop on it', async () => {
    const { records, states } = await collect(edxmlStream, config({ packageBatch: 50 }), null, { acknowledge: false });
    expect(records).toHaveLength(50);
    expect(states).toHaveLength(1);
    expect(control({ action: 'stats' })).toMatchObject({ pending: 75, acknowledged: 0 });
    const again = await collect(edxmlStream, config({ packageBatch: 500 }), null);
    expect(again.records).toHaveLength(75);
    expect(again.records.map((r) => r.key)).toEqual(expect.arrayContaining(records.map((r) => r.key)));
  });

  it('quarantines unreadable packages but still acknowledges them, and reads pushed ones', async () => {
    control({ action: 'faults', set: { badRecordRate: 0.2, duplicateRate: 1, nfdRate: 0.5 } });
    control({ action: 'advanceClock', seconds: 120 });
    const { pushed } = control<{ pushed: string[] }>({ action: 'pushPackages', count: 5, kind: 'replace' });
    const { records } = await collect(edxmlStream, config({ packageBatch: 40 }), null);
    expect(records).toHaveLength(80);
    expect(new Set(records.map((r) => r.key)).size).toBe(80);
    const problems: string[] = [];
    for (const r of records) {
      try {
        const m = edxmlStream.map(r.payload).value as EdxmlPackageRecord;
        expect(JSON.stringify(m)).toBe(JSON.stringify(m).normalize('NFC'));
        if (pushed.includes(m.packageId)) expect(m.businessDocType).toBe(3);
      } catch (error) {
        expect(error).toBeInstanceOf(MappingError);
        problems.push((error as MappingError).message);
      }
    }
    expect(problems.some((p) => /not readable as edXML \(not well-formed XML/.test(p))).toBe(true);
    expect(problems.some((p) => /(PromulgationDate|Timestamp): no such (date|time)/.test(p))).toBe(true);
    expect(control({ action: 'stats' })).toMatchObject({ pending: 0, acknowledged: 80 });
  });
});

describe('QLVB connector', () => {
  it('checks with one cheap authenticated call and explains a failure', async () => {
    expect(qlvbConnector.kind).toBe('qlvb');
    expect(qlvbConnector.streams.map((s) => s.definition.name)).toEqual(['documents-incoming', 'documents-outgoing', 'edxml']);
    expect(await qlvbConnector.check(config(), context())).toEqual({ ok: true });
    const refused = await qlvbConnector.check(config({ apiKey: 'nope' }), context());
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/refused \(HTTP 401\).*credentials/) });
    const unreachable = await qlvbConnector.check(config({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }), context());
    expect(unreachable.ok).toBe(false);
  });

  it('validates its config with messages that name what is expected', () => {
    const result = QlvbConfigSchema.safeParse({ baseUrl: 'not a url', startDate: '2024-02-30', pageSize: 900, extra: 1 });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'baseUrl: must be an http(s) URL, e.g. https://qlvb.example.gov.vn',
        'apiKey: is required (sent in the X-API-Key header)',
        'startDate: must be a real calendar date',
        'pageSize: must be at most 500 (the source refuses more)',
        expect.stringMatching(/Unrecognized key/),
      ]),
    );
    expect(QlvbConfigSchema.parse({ baseUrl: 'https://qlvb.example.gov.vn', apiKey: 'k', startDate: '2024-01-01' })).toMatchObject({ pageSize: 200, packageBatch: 100 });
  });
});
