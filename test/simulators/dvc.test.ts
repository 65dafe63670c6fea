import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RawNationalProcedure, RawOnlinePayment, RawPortalAgency, RawPortalDossier, RawRating } from '../../connectors/dvc/raw';
import type { RawAgency, RawDossier, RawPayment, RawProcedure } from '../../connectors/mcdt/raw';
import { startDvcSimulator, type DvcControl, type DvcSimulator, type DvcSimulatorOptions } from '../../src/simulators/dvc/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { toNfd } from '../../src/simulators/shared/text';

const PASSWORD = 'test-pass';
const NOW = '20251015100000';
const OPTIONS: DvcSimulatorOptions = { seed: 9, size: 2000, password: PASSWORD, now: new Date('2025-10-15T10:00:00+07:00'), controlToken: 'ctl' };
const EVERYTHING = { tuNgay: '20240101000000', denNgay: NOW };
const UNIT = '000.00.00.H06';

interface Answer<T> {
  error_code: string;
  message: string;
  result: T[];
  total: number;
}

let sim: DvcSimulator;
let mcdt: McdtSimulator;
let session: string;

beforeAll(async () => {
  [sim, mcdt] = await Promise.all([startDvcSimulator(OPTIONS), startMcdtSimulator({ seed: 9, size: 2000, apiKey: 'k', now: OPTIONS.now })]);
});
afterAll(async () => {
  await Promise.all([sim.close(), mcdt.close()]);
});
beforeEach(async () => {
  sim.control({ action: 'reset' });
  session = await login();
});

function post(path: string, body: unknown, base = sim.url): Promise<Response> {
  return fetch(base + path, { method: 'POST', headers: { 'x-control-token': 'ctl' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function login(password = PASSWORD, base = sim.url): Promise<string> {
  const res = await post('/dvc/auth', { username: 'demo', password }, base);
  return ((await res.json()) as { session: string }).session;
}

async function call<T>(service: string, params: Record<string, unknown> = {}, base = sim.url, token = session): Promise<{ status: number; body: Answer<T> }> {
  const res = await post('/dvc/api', { session: token, madonvi: UNIT, service, ...params }, base);
  return { status: res.status, body: (await res.json()) as Answer<T> };
}

async function page<T>(service: string, pageIndex: number, pageSize: number, window = EVERYTHING): Promise<Answer<T>> {
  const { status, body } = await call<T>(service, { ...window, pageIndex, pageSize });
  expect(status).toBe(200);
  expect(body.error_code).toBe('00');
  return body;
}

async function all<T>(service: string, window = EVERYTHING, base = sim.url): Promise<T[]> {
  const token = base === sim.url ? session : await login(PASSWORD, base);
  const rows: T[] = [];
  for (let pageIndex = 1; ; pageIndex++) {
    const { body } = await call<T>(service, { ...window, pageIndex, pageSize: 200 }, base, token);
    rows.push(...body.result);
    if (rows.length >= body.total || body.result.length === 0) return rows;
  }
}

function control<T>(cmd: DvcControl): T {
  return sim.control(cmd) as T;
}

async function mcdtGet<T>(path: string): Promise<T> {
  return (await fetch(mcdt.url + path, { headers: { ApiKey: 'k' } })).json() as Promise<T>;
}

const mcdtDossiers = (): Promise<RawDossier[]> => mcdtGet<{ DuLieu: RawDossier[] }>('/api/hoso?tuNgay=01/01/2024&denNgay=15/10/2025&start=-1&end=-1').then((p) => p.DuLieu);
const minute = (t: string | null): string => (t ? t.slice(0, 12) : '');
const isSorted = (keys: string[][]): boolean =>
  keys.every((k, n) => {
    const prev = keys[n - 1];
    return prev === undefined || prev.join('\u0000') <= k.join('\u0000');
  });

describe('DVC simulator: session and envelope', () => {
  it('logs in with the right password only, error_code a number', async () => {
    const good = await post('/dvc/auth', { username: 'demo', password: PASSWORD });
    expect(good.status).toBe(200);
    const ok = (await good.json()) as { session: string; error_code: unknown };
    expect(ok.error_code).toBe(0);
    expect(ok.session).toMatch(/\S{16,}/);
    for (const body of [{ username: 'demo', password: 'wrong' }, { username: 'other', password: PASSWORD }, {}]) {
      const res = await post('/dvc/auth', body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ session: '', error_code: 1, message: expect.any(String) });
    }
    expect((await post('/dvc/auth', 'not json')).status).toBe(400);
  });

  it('answers the envelope, and refuses bad sessions, units, services and parameters with their codes', async () => {
    const ok = await call('LayDanhSachHoSo', { ...EVERYTHING, pageIndex: 1, pageSize: 5 });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ error_code: '00', message: '', result: expect.any(Array), total: expect.any(Number) });
    expect(ok.body.result).toHaveLength(5);
    // The portal's clients send numbers as text too.
    expect((await call('LayDanhSachHoSo', { ...EVERYTHING, pageIndex: '2', pageSize: '5' })).body.result).toHaveLength(5);

    for (const token of ['unknown', '', 42]) {
      expect(await call('LayDanhSachTTHC', {}, sim.url, token as string)).toEqual({ status: 200, body: { error_code: '-1', message: 'Phiên làm việc hết hạn' } });
    }
    const unit = await post('/dvc/api', { session, madonvi: '999.99.99.X99', service: 'LayDanhSachTTHC' });
    expect(unit.status).toBe(200);
    expect(await unit.json()).toMatchObject({ error_code: '01', message: expect.stringContaining('madonvi') });
    expect(await call('LayDanhSachKhac')).toMatchObject({ status: 200, body: { error_code: '01' } });
    for (const params of [
      { ...EVERYTHING, pageIndex: 1, pageSize: 201 },
      { ...EVERYTHING, pageIndex: 0, pageSize: 10 },
      { ...EVERYTHING, pageIndex: 1 },
      { ...EVERYTHING, pageIndex: 1.5, pageSize: 10 },
      { tuNgay: '2024-01-01', denNgay: NOW, pageIndex: 1, pageSize: 10 },
      { tuNgay: '20240231000000', denNgay: NOW, pageIndex: 1, pageSize: 10 },
      { tuNgay: NOW, denNgay: '20240101000000', pageIndex: 1, pageSize: 10 },
      { denNgay: NOW, pageIndex: 1, pageSize: 10 },
    ]) {
      const res = await call('LayDanhSachThanhToan', params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body).toEqual({ error_code: '02', message: expect.any(String) });
    }
    expect((await fetch(`${sim.url}/dvc/api`)).status).toBe(405);
    expect((await post('/dvc/other', {})).status).toBe(404);
  });

  it('expires a session after sessionTtlCalls calls, and every session on expireSessions', async () => {
    control({ action: 'faults', set: { sessionTtlCalls: 2 } });
    const fresh = await login();
    expect((await call('LayDanhSachTTHC', {}, sim.url, fresh)).body.error_code).toBe('00');
    expect((await call('LayDanhSachTTHC', {}, sim.url, fresh)).body.error_code).toBe('00');
    expect((await call('LayDanhSachTTHC', {}, sim.url, fresh)).body.error_code).toBe('-1');
    expect((await call('LayDanhSachTTHC', {}, sim.url, await login())).body.error_code).toBe('00');
    control({ action: 'faults', set: { sessionTtlCalls: 0 } });
    expect((await call('LayDanhSachTTHC')).body.error_code).toBe('00');
    expect(control<{ expired: number }>({ action: 'expireSessions' }).expired).toBeGreaterThan(1);
    expect((await call('LayDanhSachTTHC')).body.error_code).toBe('-1');
    expect((await call('LayDanhSachTTHC', {}, sim.url, await login())).body.error_code).toBe('00');
  });

  it('is deterministic for a seed, and closes idle keep-alive connections after about 3 s', async () => {
    const twin = await startDvcSimulator(OPTIONS);
    const other = await startDvcSimulator({ ...OPTIONS, seed: 10 });
    try {
      for (const service of ['LayDanhSachHoSo', 'LayDanhSachThanhToan', 'LayDanhSachDanhGia', 'LayDanhSachTTHC', 'LayDanhMucCoQuan']) {
        expect(JSON.stringify(await all(service, EVERYTHING, twin.url))).toBe(JSON.stringify(await all(service)));
      }
      expect(JSON.stringify(await all('LayDanhSachHoSo', EVERYTHING, other.url))).not.toBe(JSON.stringify(await all('LayDanhSachHoSo')));
    } finally {
      await twin.close();
      await other.close();
    }
    const res = await post('/dvc/api', { session, madonvi: UNIT, service: 'LayDanhSachTTHC' });
    expect(res.headers.get('keep-alive')).toBe('timeout=3');
  });
});

describe('DVC simulator: listings', () => {
  it('pages concatenate to the window, ordered by (NgayCapNhat, key), windows inclusive to the second', async () => {
    const window = { tuNgay: '20250301000000', denNgay: '20250831235959' };
    const whole = await all<RawPortalDossier>('LayDanhSachHoSo', window);
    expect(whole.length).toBeGreaterThan(150);
    const pages: RawPortalDossier[] = [];
    for (let pageIndex = 1; pages.length < whole.length; pageIndex++) {
      const p = await page<RawPortalDossier>('LayDanhSachHoSo', pageIndex, 37, window);
      expect(p.total).toBe(whole.length);
      pages.push(...p.result);
    }
    expect(pages).toEqual(whole);
    expect((await page('LayDanhSachHoSo', 99, 37, window)).result).toEqual([]);
    expect(isSorted(whole.map((d) => [d.NgayCapNhat, d.MaHoSoQG]))).toBe(true);
    for (const d of whole) expect(d.NgayCapNhat >= window.tuNgay && d.NgayCapNhat <= window.denNgay).toBe(true);
    const one = whole[10];
    const exact = await all<RawPortalDossier>('LayDanhSachHoSo', { tuNgay: one?.NgayCapNhat ?? '', denNgay: one?.NgayCapNhat ?? '' });
    expect(exact).toContainEqual(one);

    const payments = await all<RawOnlinePayment>('LayDanhSachThanhToan');
    expect(isSorted(payments.map((p) => [p.NgayCapNhat, p.MaThamChieu]))).toBe(true);
    const ratings = await all<RawRating>('LayDanhSachDanhGia');
    expect(isSorted(ratings.map((r) => [r.NgayCapNhat, r.MaHoSo, r.ThoiGianDanhGia]))).toBe(true);
  });

  it('copies the online one-stop-shop dossiers, linked by MaHoSo, by MaHoSoKhac, by the national code kept as MaHoSo, or only by the fallback rule', async () => {
    const portal = await all<RawPortalDossier>('LayDanhSachHoSo');
    const local = await mcdtDossiers();
    const online = local.filter((d) => d.KenhThucHien === 2);
    const byCode = new Map(local.map((d) => [d.MaHoSo, d]));
    const byOther = new Map(online.filter((d) => d.MaHoSoKhac).map((d) => [d.MaHoSoKhac ?? '', d]));
    const fallbackKey = (agency: string, national: string, accepted: string | null, id: string): string => [agency, national, minute(accepted), id].join('|');
    const byFallback = new Map<string, RawDossier[]>();
    for (const d of online) {
      if (!d.NgayTiepNhan) continue;
      const key = fallbackKey(d.MaDinhDanhDonVi, d.MaTTHC.slice(0, 8), d.NgayTiepNhan, d.SoGiayToChuHoSo ?? '');
      byFallback.set(key, [...(byFallback.get(key) ?? []), d]);
    }

    expect(portal.length / online.length).toBeGreaterThan(0.94);
    expect(portal.length / online.length).toBeLessThan(1);
    expect(new Set(portal.map((d) => d.MaHoSoQG)).size).toBe(portal.length);
    const counts = { sameCode: 0, otherCodeOnly: 0, nationalCodeOnly: 0, fallbackOnly: 0, unlinkable: 0, status11: 0 };
    const ids = new Set<string>();
    const linked = new Set<string>();
    for (const d of portal) {
      // A portal code of the portal's making (5 digits), or the one-stop-shop code it is kept under (4).
      expect(d.MaHoSoQG).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H(06|55)-\d{6}-\d{4,5}$/);
      expect(d.KenhThucHien).toBe(2);
      for (const t of [d.NgayNopHoSo, d.NgayTiepNhan, d.NgayHenTra, d.NgayTra]) if (t) expect(t.slice(12)).toBe('00');
      const id = d.DinhDanhCHS[0]?.SoDinhDanh ?? '';
      ids.add(id);
      expect(d.DinhDanhCHS[0]?.LoaiDinhDanh).toBe(id.length === 12 ? 1 : 2);
      let twin = byCode.get(d.MaHoSo);
      if (twin) counts.sameCode++;
      else if ((twin = byOther.get(d.MaHoSoQG))) counts.otherCodeOnly++;
      else if ((twin = byCode.get(d.MaHoSoQG))) {
        counts.nationalCodeOnly++;
        expect(twin.MaHoSoKhac ?? '').toBe('');
      }
      else if (d.NgayTiepNhan && !/^0+1?$/.test(id)) {
        const matches = byFallback.get(fallbackKey(d.MaDinhDanhDonVi, d.MaTTHC, d.NgayTiepNhan, id)) ?? [];
        expect(matches).toHaveLength(1);
        twin = matches[0];
        counts.fallbackOnly++;
      } else {
        counts.unlinkable++;
        continue;
      }
      if (!twin) throw new Error(`no one-stop-shop dossier for ${d.MaHoSoQG}`);
      expect(linked.has(twin.MaHoSo)).toBe(false);
      linked.add(twin.MaHoSo);
      expect(twin.KenhThucHien).toBe(2);
      expect([d.MaDinhDanhDonVi, d.MaTTHC, d.ChuHoSo, d.NgayNopHoSo]).toEqual([twin.MaDinhDanhDonVi, twin.MaTTHC.slice(0, 8), twin.ChuHoSo, twin.NgayNopHoSo && minute(twin.NgayNopHoSo) + '00']);
      if (d.TrangThaiHoSo === 11) {
        counts.status11++;
        expect(twin.TrangThaiHoSo).toBe(3);
        expect([twin.MaHoSoKhac, twin.MaHoSo]).toContain(d.MaHoSoQG);
      } else {
        expect(d.TrangThaiHoSo).toBe(twin.TrangThaiHoSo);
      }
    }
    expect(counts.sameCode / portal.length).toBeGreaterThan(0.75);
    expect(counts.otherCodeOnly).toBeGreaterThan(20);
    expect(counts.nationalCodeOnly).toBeGreaterThan(5);
    expect(counts.fallbackOnly).toBeGreaterThan(5);
    expect(counts.status11).toBeGreaterThan(0);
    expect(ids.has('000000001')).toBe(true);
    expect(ids.has('000000000')).toBe(true);
    expect(portal.some((d) => d.MaHoSo === '')).toBe(true);
    expect(portal.some((d) => d.MaDinhDanhDonVi.endsWith('H55'))).toBe(true);
  });

  it('lists online payments of fee-bearing dossiers the one-stop-shop did not collect, 12-hour ThoiGianGD', async () => {
    const payments = await all<RawOnlinePayment>('LayDanhSachThanhToan');
    const portal = await all<RawPortalDossier>('LayDanhSachHoSo');
    const procedures = new Map((await all<RawNationalProcedure>('LayDanhSachTTHC')).map((p) => [p.MaTTHC, p]));
    const counter = new Set((await mcdtGet<RawPayment[]>('/api/thanhtoan?tuNgay=01/01/2024&denNgay=15/10/2025')).map((p) => p.MaHoSo));
    const byShownCode = new Map(portal.map((d) => [d.MaHoSo || d.MaHoSoQG, d]));
    expect(payments.length).toBeGreaterThan(100);
    const statuses = new Set<string>();
    let afternoon = 0;
    const paid = new Set<string>();
    for (const p of payments) {
      statuses.add(p.TrangThai);
      const clock = Number(p.NgayCapNhat.slice(8, 10));
      expect(p.ThoiGianGD.slice(0, 8)).toBe(p.NgayCapNhat.slice(0, 8));
      expect(Number(p.ThoiGianGD.slice(8, 10))).toBe(clock % 12 || 12);
      expect(p.ThoiGianGD.slice(10)).toBe(p.NgayCapNhat.slice(10));
      if (clock >= 13) afternoon++;
      expect(p.SoTien).toBe(p.PhiLePhi.reduce((sum, line) => sum + line.SoTien, 0));
      expect(p.MaGiaoDich === '').toBe(p.TrangThai === '24');
      const dossier = byShownCode.get(p.HoSo);
      expect(dossier, p.HoSo).toBeDefined();
      expect(procedures.get(dossier?.MaTTHC ?? '')?.CoPhiLePhi).toBe(1);
      if (p.TrangThai === '00') paid.add(dossier?.MaHoSoQG ?? '');
      if (dossier?.MaHoSo) expect(counter.has(dossier.MaHoSo)).toBe(false);
    }
    expect(afternoon).toBeGreaterThan(10);
    expect(statuses.has('00')).toBe(true);
    expect([...statuses].filter((s) => s !== '00').length).toBeGreaterThanOrEqual(3);
    expect(new Set(payments.map((p) => p.MaThamChieu)).size).toBe(payments.length);
    expect(payments.some((p) => p.MaGiaoDich === '')).toBe(true);
    for (const d of portal) expect(d.DuocThanhToanTrucTuyen > 0).toBe(paid.has(d.MaHoSoQG));
    expect(new Set(portal.map((d) => d.DuocThanhToanTrucTuyen))).toEqual(new Set([0, 1, 2]));
  });

  it('lists ratings of a share of returned dossiers, levels 1–5', async () => {
    const ratings = await all<RawRating>('LayDanhSachDanhGia');
    const portal = new Map((await all<RawPortalDossier>('LayDanhSachHoSo')).map((d) => [d.MaHoSo || d.MaHoSoQG, d]));
    const returned = [...portal.values()].filter((d) => d.TrangThaiHoSo === 10).length;
    expect(ratings.length / returned).toBeGreaterThan(0.25);
    expect(ratings.length / returned).toBeLessThan(0.45);
    expect(new Set(ratings.map((r) => r.MucDoHaiLong))).toEqual(new Set([1, 2, 3, 4, 5]));
    for (const r of ratings) {
      const d = portal.get(r.MaHoSo);
      expect(d?.TrangThaiHoSo).toBe(10);
      expect(r.ThoiGianDanhGia >= (d?.NgayTra ?? '')).toBe(true);
      expect(r.NgayCapNhat <= NOW).toBe(true);
    }
    expect(ratings.some((r) => r.NoiDung)).toBe(true);
  });

  it('serves catalogues consistent with the one-stop-shop’s', async () => {
    const procedures = await all<RawNationalProcedure>('LayDanhSachTTHC');
    const local = await mcdtGet<RawProcedure[]>('/api/thutuc');
    expect(procedures).toEqual(
      local.map((p) => ({ MaTTHC: p.MaTTHCQG, TenTTHC: p.TenTTHC, MaLinhVuc: p.MaLinhVuc, MucDo: p.MucDo, CoPhiLePhi: p.CoPhiLePhi })).sort((a, b) => (a.MaTTHC < b.MaTTHC ? -1 : 1)),
    );
    const agencies = await all<RawPortalAgency>('LayDanhMucCoQuan');
    const localAgencies = await mcdtGet<RawAgency[]>('/api/donvi');
    expect(agencies).toEqual(localAgencies.map((a) => ({ MADONVI: a.MaDinhDanh, TENDONVI: a.Ten, CAPDONVI: String(a.Cap), MADONVICHA: a.MaDinhDanhCha ?? '' })));
    expect((await call('LayDanhMucCoQuan')).body.total).toBe(agencies.length);
  });

  it('mutate moves dossiers to the end with NgayCapNhat = now, as the one-stop-shop would change them', async () => {
    const before = new Map((await all<RawPortalDossier>('LayDanhSachHoSo')).map((d) => [d.MaHoSoQG, d]));
    control({ action: 'advanceClock', seconds: 3600 });
    const { mutated } = control<{ mutated: string[] }>({ action: 'mutate', count: 30 });
    expect(mutated).toHaveLength(30);
    const after = await all<RawPortalDossier>('LayDanhSachHoSo', { tuNgay: EVERYTHING.tuNgay, denNgay: '20251015110000' });
    expect(after).toHaveLength(before.size);
    const tail = after.slice(-30);
    expect(new Set(tail.map((d) => d.MaHoSoQG))).toEqual(new Set(mutated));
    let moved = 0;
    for (const d of tail) {
      expect(d.NgayCapNhat).toBe('20251015110000');
      const old = before.get(d.MaHoSoQG);
      if (d.TrangThaiHoSo !== old?.TrangThaiHoSo) moved++;
      if (old?.TrangThaiHoSo === 1 && d.TrangThaiHoSo === 2) expect(d.NgayTiepNhan).toBe('20251015110000');
    }
    expect(moved).toBeGreaterThan(0);
    expect(control({ action: 'stats' })).toMatchObject({ mutated: 30, now: '20251015110000', dossiers: before.size });
    const res = await post('/__control', { action: 'stats' });
    expect(await res.json()).toMatchObject({ agencies: 90, procedures: 50, mutated: 30 });
    expect((await post('/__control', { action: 'faults', set: { nfdRate: 2 } })).status).toBe(400);
    expect((await post('/__control', { action: 'faults', set: { sessionTtlCalls: 1.5 } })).status).toBe(400);
  });
});

describe('DVC simulator faults', () => {
  it('nfdRate serves the text of that share of records decomposed', async () => {
    const clean = await all<RawPortalDossier>('LayDanhSachHoSo');
    control({ action: 'faults', set: { nfdRate: 0.3 } });
    const served = await all<RawPortalDossier>('LayDanhSachHoSo');
    const changed = served.filter((d, k) => JSON.stringify(d) !== JSON.stringify(clean[k]));
    changed.forEach((d) => expect(JSON.stringify(d)).toBe(toNfd(JSON.stringify(clean[served.indexOf(d)]))));
    expect(changed.length / served.length).toBeGreaterThan(0.2);
    expect(changed.length / served.length).toBeLessThan(0.4);
    expect((await all<RawRating>('LayDanhSachDanhGia')).some((r) => r.NoiDung && r.NoiDung !== r.NoiDung.normalize('NFC'))).toBe(true);
  });

  it('pageDrift changes rows just served, so the next page shifts', async () => {
    const base = await all<RawPortalDossier>('LayDanhSachHoSo');
    control({ action: 'faults', set: { pageDrift: 2 } });
    const first = await page<RawPortalDossier>('LayDanhSachHoSo', 1, 50);
    expect(first.result).toEqual(base.slice(0, 50));
    const second = await page<RawPortalDossier>('LayDanhSachHoSo', 2, 50);
    expect(second.result[0]?.MaHoSoQG).toBe(base[52]?.MaHoSoQG);
    const touched = (await all<RawPortalDossier>('LayDanhSachHoSo')).filter((d) => d.NgayCapNhat === NOW);
    expect(touched.length).toBeGreaterThanOrEqual(4);
  });

  it('duplicateRate repeats the previous page’s last row at the top of a page', async () => {
    control({ action: 'faults', set: { duplicateRate: 1 } });
    const first = await page<RawOnlinePayment>('LayDanhSachThanhToan', 1, 40);
    const second = await page<RawOnlinePayment>('LayDanhSachThanhToan', 2, 40);
    expect(first.result).toHaveLength(40);
    expect(second.result).toHaveLength(41);
    expect(second.result[0]).toEqual(first.result[39]);
  });

  it('badRecordRate breaks a fixed share of every service, one field per record, and stats counts what it broke', async () => {
    const read = async () => ({
      dossiers: await all<Record<string, unknown>>('LayDanhSachHoSo'),
      payments: await all<Record<string, unknown>>('LayDanhSachThanhToan'),
      ratings: await all<Record<string, unknown>>('LayDanhSachDanhGia'),
      procedures: (await call<Record<string, unknown>>('LayDanhSachTTHC')).body.result ?? [],
      agencies: (await call<Record<string, unknown>>('LayDanhMucCoQuan')).body.result ?? [],
    });
    const clean = await read();
    control({ action: 'faults', set: { badRecordRate: 0.2 } });
    const served = await read();
    const { badRecords } = control<{ badRecords: Record<keyof typeof clean, { malformed: number; flawed: number }> }>({ action: 'stats' });
    const fieldsBroken = (stream: keyof typeof clean): Set<string> => {
      const fields = new Set<string>();
      let broken = 0;
      served[stream].forEach((row, k) => {
        const before = clean[stream][k] ?? {};
        const changed = Object.keys(before).filter((f) => JSON.stringify(row[f]) !== JSON.stringify(before[f]));
        if (changed.length === 0) return;
        expect(changed, JSON.stringify(before)).toHaveLength(1);
        fields.add(changed[0]!);
        broken++;
      });
      expect(broken, stream).toBe(badRecords[stream].malformed + badRecords[stream].flawed);
      return fields;
    };
    expect(fieldsBroken('dossiers')).toEqual(new Set(['TrangThaiHoSo', 'NgayNopHoSo', 'MaHoSoQG', 'TaiKhoanDuocXacThucVoiVNeID', 'MaDVC']));
    // A payment without its reference still has the bank's id: it must not pass for a payment.
    expect(fieldsBroken('payments')).toEqual(new Set(['SoTien', 'MaThamChieu', 'ThoiGianGD']));
    expect(served.payments.filter((p) => !('MaThamChieu' in p)).every((p) => typeof p.MaGiaoDich === 'string')).toBe(true);
    expect(fieldsBroken('ratings')).toEqual(new Set(['MucDoHaiLong', 'ThoiGianDanhGia', 'MaHoSo', 'NoiDung']));
    expect(fieldsBroken('procedures')).toEqual(new Set(['MaTTHC', 'MucDo']));
    expect(fieldsBroken('agencies')).toEqual(new Set(['MADONVICHA', 'CAPDONVI']));
    expect(JSON.stringify(await read())).toBe(JSON.stringify(served));
  });

  it('errorRate, rateLimit, slowMs and dropRate hit /dvc requests', async () => {
    control({ action: 'faults', set: { errorRate: 1, errorStatus: 503 } });
    expect((await post('/dvc/auth', { username: 'demo', password: PASSWORD })).status).toBe(503);
    control({ action: 'faults', set: { errorRate: 0, rateLimit: 2 } });
    const statuses: number[] = [];
    for (let k = 0; k < 4; k++) {
      const res = await post('/dvc/api', { session, madonvi: UNIT, service: 'LayDanhSachTTHC' });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
      await res.arrayBuffer();
    }
    // Every second request: which of the four is first depends on the requests made before.
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses[0]).not.toBe(statuses[1]);
    control({ action: 'faults', set: { rateLimit: 0, slowMs: 250 } });
    const started = Date.now();
    expect((await call('LayDanhSachTTHC')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    control({ action: 'faults', set: { slowMs: 0, dropRate: 1 } });
    await expect(call('LayDanhSachTTHC')).rejects.toThrow();
  });

  it('deletedCount hides dossiers with their payments and ratings', async () => {
    const dossiers = await all<RawPortalDossier>('LayDanhSachHoSo');
    const payments = await all<RawOnlinePayment>('LayDanhSachThanhToan');
    const ratings = await all<RawRating>('LayDanhSachDanhGia');
    control({ action: 'faults', set: { deletedCount: 60 } });
    const kept = await all<RawPortalDossier>('LayDanhSachHoSo');
    expect(kept).toHaveLength(dossiers.length - 60);
    const shown = new Set(kept.map((d) => d.MaHoSo || d.MaHoSoQG));
    expect(await all('LayDanhSachThanhToan')).toEqual(payments.filter((p) => shown.has(p.HoSo)));
    expect(await all('LayDanhSachDanhGia')).toEqual(ratings.filter((r) => shown.has(r.MaHoSo)));
    expect(payments.some((p) => !shown.has(p.HoSo))).toBe(true);
  });
});
