import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RawDocument, RawDocumentPage } from '../../connectors/qlvb/raw';
import { McdtDataset } from '../../src/simulators/mcdt/dataset';
import { abbreviation } from '../../src/simulators/qlvb/dataset';
import { startQlvbSimulator, type QlvbControl, type QlvbSimulator, type QlvbSimulatorOptions } from '../../src/simulators/qlvb/server';
import { toNfd, toTcvn3Latin1 } from '../../src/simulators/shared/text';

const KEY = 'test-key';
const NOW = new Date('2025-10-15T10:00:00+07:00');
const HISTORY_FROM = new Date('2024-01-01T00:00:00+07:00');
const OPTIONS: QlvbSimulatorOptions = { seed: 9, size: 2000, apiKey: KEY, now: NOW, historyFrom: HISTORY_FROM, mcdtSize: 2000, controlToken: 'ctl' };

let sim: QlvbSimulator;

beforeAll(async () => {
  sim = await startQlvbSimulator(OPTIONS);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control({ action: 'reset' });
});

function get(path: string, key: string | null = KEY, base = sim.url): Promise<Response> {
  return fetch(base + path, { headers: key === null ? {} : { 'X-API-Key': key } });
}

async function page(query: string): Promise<RawDocumentPage> {
  const res = await get(`/api/v1/van-ban?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()) as RawDocumentPage;
}

/** The whole register, read in 500-row pages. */
async function register(loai: 'den' | 'di', since = '2020-01-01T00:00:00'): Promise<RawDocument[]> {
  const rows: RawDocument[] = [];
  for (let p = 1; ; p++) {
    const answer = await page(`loai=${loai}&ngayCapNhatTu=${since}&page=${p}&pageSize=500`);
    rows.push(...answer.duLieu);
    if (p * 500 >= answer.tongSo) return rows;
  }
}

async function pendingIds(top = 500): Promise<string[]> {
  return ((await (await get(`/edxml/cho-nhan?top=${top}`)).json()) as { ids: string[] }).ids;
}

async function packageXml(id: string): Promise<string> {
  const res = await get(`/edxml/goi-tin/${id}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
  return res.text();
}

const ack = (id: string) => fetch(`${sim.url}/edxml/goi-tin/${id}/da-nhan`, { method: 'POST', headers: { 'X-API-Key': KEY } });

function control<T>(cmd: QlvbControl): T {
  return sim.control(cmd) as T;
}

const tag = (xml: string, name: string): string | null => new RegExp(`<edXML:${name}>([^<]*)</edXML:${name}>`).exec(xml)?.[1] ?? null;

function isSorted(rows: RawDocument[]): boolean {
  return rows.every((r, k) => {
    const prev = rows[k - 1];
    return prev === undefined || prev.NgayCapNhat < r.NgayCapNhat || (prev.NgayCapNhat === r.NgayCapNhat && prev.Id < r.Id);
  });
}

/** `dd/MM/yyyy` → `yyyy/MM/dd`. */
const edxmlDay = (day: string | null) => (day ?? '').split('/').reverse().join('/');

describe('QLVB simulator listing', () => {
  it('answers identically for identical options, and differently for another seed', async () => {
    const twin = await startQlvbSimulator(OPTIONS);
    const other = await startQlvbSimulator({ ...OPTIONS, seed: 10 });
    try {
      for (const path of ['/api/v1/van-ban?loai=den&pageSize=500', '/api/v1/van-ban?loai=di&page=2&pageSize=300', '/edxml/cho-nhan?top=20']) {
        expect(await (await get(path, KEY, twin.url)).text()).toBe(await (await get(path)).text());
      }
      const [id] = await pendingIds(1);
      expect(await (await get(`/edxml/goi-tin/${id ?? ''}`, KEY, twin.url)).text()).toBe(await packageXml(id ?? ''));
      expect(await (await get('/api/v1/van-ban?loai=den&pageSize=20', KEY, other.url)).text()).not.toBe(await (await get('/api/v1/van-ban?loai=den&pageSize=20')).text());
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('pages both registers in (NgayCapNhat, Id) order, inclusive of ngayCapNhatTu', async () => {
    const den = await register('den');
    const di = await register('di');
    expect(den.length + di.length).toBe(2000);
    expect(new Set([...den, ...di].map((d) => d.Id)).size).toBe(2000);
    expect(isSorted(den) && isSorted(di)).toBe(true);
    expect(den.every((d) => d.LoaiSo === 'DEN') && di.every((d) => d.LoaiSo === 'DI')).toBe(true);
    const pages: RawDocument[] = [];
    for (let p = 1; p <= Math.ceil(den.length / 97); p++) pages.push(...(await page(`loai=den&ngayCapNhatTu=2020-01-01T00:00:00&page=${p}&pageSize=97`)).duLieu);
    expect(pages).toEqual(den);
    const pivot = den[800]?.NgayCapNhat ?? '';
    const since = await register('den', pivot);
    expect(since).toEqual(den.filter((d) => d.NgayCapNhat >= pivot));
    expect(since[0]?.NgayCapNhat).toBe(pivot);
    const past = await page(`loai=den&page=${Math.ceil(den.length / 100) + 1}`);
    expect(past).toEqual({ page: Math.ceil(den.length / 100) + 1, pageSize: 100, tongSo: den.length, duLieu: [] });
  });

  it('refuses a wrong or missing X-API-Key and out-of-range parameters', async () => {
    for (const key of ['wrong', null]) {
      for (const path of ['/api/v1/van-ban?loai=den', '/edxml/cho-nhan', `/edxml/goi-tin/${(await pendingIds(1))[0] ?? ''}`]) {
        const res = await get(path, key);
        expect(res.status, path).toBe(401);
        expect(await res.json()).toEqual({ error: 'UNAUTHORIZED' });
      }
    }
    expect((await get('/api/v1/van-ban?loai=den&pageSize=500')).status).toBe(200);
    for (const query of ['loai=den&pageSize=501', 'loai=den&pageSize=0', 'loai=den&page=0', 'loai=xx', 'pageSize=10', 'loai=den&ngayCapNhatTu=2025-02-30T00:00:00', 'loai=den&ngayCapNhatTu=15/10/2025']) {
      const res = await get(`/api/v1/van-ban?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String));
    }
    expect((await get('/edxml/cho-nhan?top=501')).status).toBe(400);
    expect((await get('/edxml/goi-tin/no-such-package')).status).toBe(404);
    expect((await ack('no-such-package')).status).toBe(404);
    expect((await get('/api/v1/van-ban?loai=den')).headers.get('keep-alive')).toBe('timeout=3');
  });

  it('generates real-looking documents with consistent numbers, dates, states and exchange ids', async () => {
    const docs = [...(await register('den')), ...(await register('di'))];
    const states = new Set(docs.map((d) => d.TrangThai));
    expect(states).toEqual(new Set(['CHO_PHAN_CONG', 'DANG_XU_LY', 'DA_XU_LY', 'THU_HOI']));
    expect(new Set(docs.map((d) => d.DoKhan))).toEqual(new Set([0, 1, 2, 3, 4]));
    for (const type of ['Công văn', 'Quyết định', 'Tờ trình', 'Báo cáo', 'Kế hoạch']) expect(docs.some((d) => d.LoaiVanBan === type)).toBe(true);
    let alone = 0;
    let swapped = 0;
    for (const d of docs) {
      expect(JSON.stringify(d)).toBe(JSON.stringify(d).normalize('NFC'));
      expect(d.Id).toMatch(/^\d{9}$/);
      expect(d.CoQuanBanHanh?.MaDinhDanh).toMatch(/^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$/);
      expect(d.NgayCapNhat <= '2025-10-15T10:00:00').toBe(true);
      expect(d.NgayBanHanh).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      if (d.LoaiSo === 'DEN') {
        expect(d.SoDen).toBeGreaterThan(0);
        expect(d.NgayDen).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(edxmlDay(d.NgayBanHanh) <= edxmlDay(d.NgayDen)).toBe(true);
      } else {
        expect([d.SoDen, d.NgayDen]).toEqual([null, null]);
        const code = d.CoQuanBanHanh?.MaDinhDanh ?? '';
        // Our own units: Bắc Kạn codes before the merger, Thái Nguyên codes after it.
        expect(code.endsWith(edxmlDay(d.NgayBanHanh) >= '2025/07/01' ? 'H55' : 'H06')).toBe(true);
      }
      if (d.DoMat > 0) {
        expect(d.TrichYeu).toBe('(Văn bản mật)');
        expect(d.DocumentId).toBeNull();
      } else {
        expect(d.TrichYeu?.length).toBeGreaterThan(10);
      }
      if (/^\d+$/.test(d.SoKyHieu ?? '')) alone++;
      else if (/\/\d+$/.test(d.SoKyHieu ?? '')) swapped++;
      else expect(d.SoKyHieu).toMatch(/^\d+\/\S+$/);
      if (d.DocumentId !== null) {
        // The exchange id is canonical whatever form the listing shows SoKyHieu in.
        const [organ, day, numberSymbol = ''] = d.DocumentId.split(',');
        expect(organ).toBe(d.CoQuanBanHanh?.MaDinhDanh);
        expect(day).toBe(edxmlDay(d.NgayBanHanh));
        const n = /^(\d+)\//.exec(numberSymbol)?.[1] ?? '';
        expect([numberSymbol, n, `${numberSymbol.slice(n.length + 1)}/${n}`]).toContain(d.SoKyHieu);
      }
      for (const u of d.DonViXuLy) expect(u.MaDinhDanh).toMatch(/\.H(06|55)$/);
    }
    expect(alone).toBeGreaterThan(20);
    expect(swapped).toBeGreaterThan(10);
    expect(docs.filter((d) => d.DoMat > 0).length).toBeGreaterThan(20);
    expect(docs.filter((d) => d.DocumentId !== null).length).toBeGreaterThan(1000);
    expect(docs.some((d) => d.CoQuanBanHanh?.MaDinhDanh === '000.00.00.H06' && d.CoQuanBanHanh?.Ten === 'UBND tỉnh Bắc Kạn')).toBe(true);
    expect(docs.some((d) => /^\d+\/UBND-[A-Z]+$/.test(d.SoKyHieu ?? ''))).toBe(true);
    expect(abbreviation('Sở Lao động – Thương binh và Xã hội tỉnh Bắc Kạn')).toBe('SLĐTBXH');
    expect(abbreviation('UBND huyện Ba Bể')).toBe('UBND');
  });

  it('makes some outgoing documents the results of finished MCĐT dossiers of the same seed', async () => {
    const di = await register('di');
    const mcdt = new McdtDataset({ seed: 9, size: 2000, historyFrom: HISTORY_FROM, now: NOW });
    const dossiers = new Map(Array.from({ length: mcdt.size }, (_, i) => mcdt.dossier(i)).map((d) => [d.MaHoSo, d]));
    const results = di.filter((d) => /Mã hồ sơ: /.test(d.TrichYeu ?? ''));
    expect(results.length).toBe(50);
    for (const d of results) {
      const code = /Mã hồ sơ: (\S+)\)/.exec(d.TrichYeu ?? '')?.[1] ?? '';
      const dossier = dossiers.get(code);
      expect(dossier, code).toBeDefined();
      expect(d.SoKyHieu).toBe(dossier?.SoKyHieuKetQua);
      const signed = dossier?.NgayKyKetQua ?? '';
      expect(d.NgayBanHanh).toBe(`${signed.slice(6, 8)}/${signed.slice(4, 6)}/${signed.slice(0, 4)}`);
      expect(d.CoQuanBanHanh?.MaDinhDanh).toBe(dossier?.MaDinhDanhDonVi);
    }
  });

  it('mutate moves documents to the end with a newer NgayCapNhat and advances their state', async () => {
    const before = new Map([...(await register('den')), ...(await register('di'))].map((d) => [d.Id, d]));
    control({ action: 'advanceClock', seconds: 3600 });
    const { mutated } = control<{ mutated: string[] }>({ action: 'mutate', count: 30 });
    expect(mutated).toHaveLength(30);
    const after = [...(await register('den')), ...(await register('di'))];
    expect(after).toHaveLength(2000);
    const changed = after.filter((d) => mutated.includes(d.Id));
    const order = ['CHO_PHAN_CONG', 'DANG_XU_LY', 'DA_XU_LY', 'THU_HOI'];
    for (const d of changed) {
      const old = before.get(d.Id);
      expect(d.NgayCapNhat).toBe('2025-10-15T11:00:00');
      expect(order.indexOf(d.TrangThai)).toBeGreaterThanOrEqual(order.indexOf(old?.TrangThai ?? ''));
      const { NgayCapNhat: _a, ...rest } = d;
      const { NgayCapNhat: _b, ...oldRest } = old ?? d;
      expect(rest).not.toEqual(oldRest);
    }
    const den = await register('den');
    expect(isSorted(den)).toBe(true);
    expect(den.slice(-changed.filter((d) => d.LoaiSo === 'DEN').length).every((d) => mutated.includes(d.Id))).toBe(true);
    expect(control({ action: 'stats' })).toMatchObject({ documents: 2000, mutated: 30, now: '2025-10-15T11:00:00' });
  });
});

describe('QLVB simulator edXML queue', () => {
  it('serves about size/20 pending packages of every kind, in QCVN 102:2016 layout', async () => {
    const ids = await pendingIds();
    expect(ids).toHaveLength(100);
    const den = new Map((await register('den')).filter((d) => d.DocumentId).map((d) => [d.DocumentId, d]));
    const di = new Map((await register('di')).filter((d) => d.DocumentId).map((d) => [d.DocumentId, d]));
    const kinds = new Set<string>();
    for (const id of ids) {
      const xml = await packageXml(id);
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toContain('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">');
      if (xml.includes('<edXML:Status>')) {
        kinds.add('status');
        expect(tag(xml, 'StatusCode')).toMatch(/^(01|02|03|04|05|06|13|15|16)$/);
        expect(tag(xml, 'Timestamp')).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(di.has(tag(xml, 'DocumentId'))).toBe(true);
        continue;
      }
      const type = Number(tag(xml, 'BussinessDocType'));
      kinds.add(String(type));
      expect(tag(xml, 'PromulgationDate')).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
      const own = tag(xml, 'DocumentId') ?? '';
      expect(own).toBe(`${tag(xml, 'OrganId') ?? ''},${tag(xml, 'PromulgationDate') ?? ''},${tag(xml, 'CodeNumber') ?? ''}/${tag(xml, 'CodeNotation') ?? ''}`);
      const target = /<edXML:Bussiness>.*<edXML:DocumentId>([^<]*)<\/edXML:DocumentId>/.exec(xml)?.[1] ?? null;
      if (type === 0) {
        expect(target).toBeNull();
        expect(den.has(own)).toBe(true);
        expect(xml).toMatch(/<ContentTransferEncoded>[A-Za-z0-9+/=]+<\/ContentTransferEncoded>/);
      } else {
        expect(den.has(target)).toBe(true);
        if (type === 3) expect(own).not.toBe(target);
        else expect(own).toBe(target);
      }
    }
    expect(kinds).toEqual(new Set(['0', '1', '2', '3', 'status']));
  });

  it('serves a package again until it is acknowledged, and enqueues pushed packages', async () => {
    const first = await pendingIds(10);
    expect(await pendingIds(10)).toEqual(first);
    for (const id of first.slice(0, 4)) expect(await (await ack(id)).json()).toEqual({ ok: true });
    expect((await ack(first[0] ?? '')).status).toBe(200);
    const next = await pendingIds(10);
    expect(next.slice(0, 6)).toEqual(first.slice(4));
    expect((await get(`/edxml/goi-tin/${first[0] ?? ''}`)).status).toBe(200);
    control({ action: 'advanceClock', seconds: 600 });
    const { pushed } = control<{ pushed: string[] }>({ action: 'pushPackages', count: 3, kind: 'revoke' });
    const all = await pendingIds();
    expect(all.slice(-3)).toEqual(pushed);
    for (const id of pushed) {
      const xml = await packageXml(id);
      expect(tag(xml, 'BussinessDocType')).toBe('1');
      expect(xml).toContain('<edXML:Timestamp>2025/10/15 10:10:00</edXML:Timestamp>');
    }
    expect(control({ action: 'stats' })).toMatchObject({ packages: 103, pending: 99, acknowledged: 4 });
    const bad = await fetch(`${sim.url}/__control`, { method: 'POST', headers: { 'x-control-token': 'ctl' }, body: JSON.stringify({ action: 'pushPackages', count: 1, kind: 'other' }) });
    expect(bad.status).toBe(400);
    control({ action: 'reset' });
    expect(await pendingIds(10)).toEqual(first);
  });
});

describe('QLVB simulator faults', () => {
  it('nfdRate serves the text of that share of documents and packages decomposed', async () => {
    const clean = await register('den');
    const [id] = await pendingIds(1);
    const xml = await packageXml(id ?? '');
    control({ action: 'faults', set: { nfdRate: 0.3 } });
    const served = await register('den');
    let nfd = 0;
    served.forEach((d, k) => {
      const original = JSON.stringify(clean[k]);
      if (JSON.stringify(d) === original) return;
      expect(JSON.stringify(d)).toBe(toNfd(original));
      nfd++;
    });
    expect(nfd / served.length).toBeGreaterThan(0.2);
    expect(nfd / served.length).toBeLessThan(0.4);
    control({ action: 'faults', set: { nfdRate: 1 } });
    expect(await packageXml(id ?? '')).toBe(toNfd(xml));
  });

  it('tcvn3Rate serves some old documents in TCVN3 read as Latin-1', async () => {
    const clean = await register('den');
    control({ action: 'faults', set: { tcvn3Rate: 1 } });
    const served = await register('den');
    let legacy = 0;
    served.forEach((d, k) => {
      if (JSON.stringify(d) === JSON.stringify(clean[k])) return;
      legacy++;
      expect(d).toEqual(JSON.parse(toTcvn3Latin1(JSON.stringify(clean[k]))));
      expect(d.NgayCapNhat < '2025-01-01').toBe(true);
    });
    expect(legacy).toBeGreaterThan(100);
    expect(legacy).toBeLessThan(served.length / 2);
  });

  it('pageDrift touches served rows, so the next page shifts', async () => {
    const base = await register('den');
    control({ action: 'faults', set: { pageDrift: 2 } });
    const first = await page('loai=den&page=1&pageSize=100');
    expect(first.duLieu).toEqual(base.slice(0, 100));
    const second = await page('loai=den&page=2&pageSize=100');
    expect(second.duLieu[0]?.Id).toBe(base[102]?.Id);
    control({ action: 'faults', set: { pageDrift: 0 } });
    const tail = (await register('den')).slice(-4);
    expect(tail.every((d) => d.NgayCapNhat === '2025-10-15T10:00:00')).toBe(true);
  });

  it('duplicateRate repeats the previous page’s last row, and a pending id', async () => {
    control({ action: 'faults', set: { duplicateRate: 1 } });
    const first = await page('loai=di&page=1&pageSize=100');
    const second = await page('loai=di&page=2&pageSize=100');
    expect(first.duLieu).toHaveLength(100);
    expect(second.duLieu).toHaveLength(101);
    expect(second.duLieu[0]).toEqual(first.duLieu[99]);
    const ids = await pendingIds(5);
    expect(ids).toHaveLength(6);
    expect(ids[5]).toBe(ids[0]);
  });

  it('badRecordRate breaks a fixed share of documents and packages, one thing each, and stats counts what it broke', async () => {
    const clean = { 'documents-incoming': await register('den'), 'documents-outgoing': await register('di') };
    const ids = await pendingIds();
    const cleanXml = await Promise.all(ids.map(packageXml));
    control({ action: 'faults', set: { badRecordRate: 0.2 } });
    const { badRecords } = control<{ badRecords: Record<'documents-incoming' | 'documents-outgoing' | 'edxml', { malformed: number; flawed: number }> }>({ action: 'stats' });
    const fields = new Set<string>();
    for (const [stream, loai] of [['documents-incoming', 'den'], ['documents-outgoing', 'di']] as const) {
      const served = (await register(loai)) as unknown as Record<string, unknown>[];
      let broken = 0;
      served.forEach((d, k) => {
        const before = (clean[stream][k] ?? {}) as unknown as Record<string, unknown>;
        const changed = Object.keys(before).filter((f) => JSON.stringify(d[f]) !== JSON.stringify(before[f]));
        if (changed.length === 0) return;
        expect(changed).toHaveLength(1);
        fields.add(changed[0]!);
        broken++;
      });
      expect(broken, stream).toBe(badRecords[stream].malformed + badRecords[stream].flawed);
    }
    expect(fields).toEqual(new Set(['DoKhan', 'NgayBanHanh', 'Id', 'HanXuLy', 'CoQuanBanHanh']));
    const ways = new Set<string>();
    let brokenPackages = 0;
    for (const [k, id] of ids.entries()) {
      const xml = await packageXml(id);
      if (xml === cleanXml[k]) continue;
      brokenPackages++;
      if (XMLValidator.validate(xml) !== true) ways.add('cut short');
      else if (/<edXML:(PromulgationDate|Timestamp)>(2024\/02\/30|2025\/04\/31|2025\/13\/45|2024\/06\/31)/.test(xml)) ways.add('impossible date');
      else if (!xml.includes('<edXML:Status>') && !/<edXML:DocumentId>[^<]*<\/edXML:DocumentId><\/edXML:MessageHeader>/.test(xml)) ways.add('no DocumentId');
      else if (xml.includes('<edXML:BussinessDocType>7<')) ways.add('business type');
      else if (xml.includes('<edXML:StatusCode>07<')) ways.add('status code');
      else if (/<edXML:From>(<edXML:[A-Za-z]+>[^<]*<\/edXML:[A-Za-z]+>)*<edXML:OrganId>(VPCP|UBND)</.test(xml)) ways.add('sender code');
      else if (xml.includes('<edXML:To><edXML:OrganId>UBND<')) ways.add('recipient code');
      else throw new Error(`unexpected change in package ${id}`);
    }
    expect(ways).toEqual(new Set(['cut short', 'impossible date', 'no DocumentId', 'business type', 'status code', 'sender code', 'recipient code']));
    expect(brokenPackages).toBe(badRecords.edxml.malformed + badRecords.edxml.flawed);
  });

  it('errorRate, rateLimit, slowMs and dropRate misbehave on every endpoint', async () => {
    control({ action: 'faults', set: { errorRate: 1, errorStatus: 503 } });
    const res = await get('/edxml/cho-nhan');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'SERVICE_UNAVAILABLE' });
    control({ action: 'reset' });
    control({ action: 'faults', set: { rateLimit: 3 } });
    const answers: number[] = [];
    for (let k = 0; k < 6; k++) {
      const r = await get('/api/v1/van-ban?loai=den&pageSize=1');
      answers.push(r.status);
      if (r.status === 429) expect(r.headers.get('retry-after')).toBe('1');
      await r.arrayBuffer();
    }
    expect(answers).toEqual([200, 200, 429, 200, 200, 429]);
    control({ action: 'reset' });
    control({ action: 'faults', set: { slowMs: 300 } });
    const started = Date.now();
    expect((await get('/edxml/cho-nhan?top=1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    control({ action: 'faults', set: { slowMs: 0, dropRate: 1 } });
    await expect(get('/api/v1/van-ban?loai=di')).rejects.toThrow();
  });

  it('deletedCount makes documents vanish from the listings', async () => {
    const before = [...(await register('den')), ...(await register('di'))];
    control({ action: 'faults', set: { deletedCount: 40 } });
    const after = [...(await register('den')), ...(await register('di'))];
    expect(after).toHaveLength(1960);
    const kept = new Set(after.map((d) => d.Id));
    expect(before.filter((d) => !kept.has(d.Id))).toHaveLength(40);
    expect(control({ action: 'stats' })).toMatchObject({ documents: 1960, deleted: 40 });
  });

  it('starts 200 000 documents in a few seconds and pages them quickly', async () => {
    const started = Date.now();
    const big = await startQlvbSimulator({ ...OPTIONS, size: 200_000 });
    try {
      expect(Date.now() - started).toBeLessThan(8000);
      const res = await get('/api/v1/van-ban?loai=di&ngayCapNhatTu=2025-06-01T00:00:00&page=20&pageSize=500', KEY, big.url);
      const body = (await res.json()) as RawDocumentPage;
      expect(body.duLieu).toHaveLength(500);
      expect(body.tongSo).toBeGreaterThan(10_000);
      expect(((await (await get('/edxml/cho-nhan?top=500', KEY, big.url)).json()) as { ids: string[] }).ids).toHaveLength(500);
      expect(big.control({ action: 'stats' })).toMatchObject({ documents: 200_000, packages: 10_000 });
    } finally {
      await big.close();
    }
  });
});
