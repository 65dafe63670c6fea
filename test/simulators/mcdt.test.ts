import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RawAgency, RawDossier, RawDossierPage, RawPayment, RawProcedure } from '../../connectors/mcdt/raw';
import { startMcdtSimulator, type McdtControl, type McdtSimulator, type McdtSimulatorOptions } from '../../src/simulators/mcdt/server';
import { toNfd, toTcvn3Latin1 } from '../../src/simulators/shared/text';
import { parseCompact } from '../../src/simulators/shared/time';

const KEY = 'test-key';
const NOW = '20251015100000';
const OPTIONS: McdtSimulatorOptions = { seed: 9, size: 2000, apiKey: KEY, now: new Date('2025-10-15T10:00:00+07:00'), controlToken: 'ctl' };
const EVERYTHING = 'tuNgay=01/01/2024&denNgay=15/10/2025';
/** Valid process-log transitions (status → next status). */
const NEXT: Record<number, number[]> = { 1: [2, 3], 2: [4, 7], 4: [5, 6, 7, 8, 9], 5: [4], 6: [4, 9], 9: [10] };

let sim: McdtSimulator;

beforeAll(async () => {
  sim = await startMcdtSimulator(OPTIONS);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control({ action: 'reset' });
});

function get(path: string, key: string | null = KEY, base = sim.url): Promise<Response> {
  return fetch(base + path, { headers: key === null ? {} : { ApiKey: key } });
}

async function page(query: string): Promise<RawDossierPage> {
  const res = await get(`/api/hoso?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RawDossierPage;
}

async function listing(window = EVERYTHING): Promise<RawDossier[]> {
  return (await page(`${window}&start=-1&end=-1`)).DuLieu;
}

function control<T>(cmd: McdtControl): T {
  return sim.control(cmd) as T;
}

function sec(text: string | null): number | null {
  return text === null || text === '' ? null : parseCompact(text);
}

function isSorted(rows: RawDossier[]): boolean {
  return rows.every((r, k) => {
    const prev = rows[k - 1];
    return prev === undefined || prev.NgayCapNhat < r.NgayCapNhat || (prev.NgayCapNhat === r.NgayCapNhat && prev.MaHoSo < r.MaHoSo);
  });
}

describe('MCĐT simulator', () => {
  it('answers identically for identical options, and differently for another seed', async () => {
    const twin = await startMcdtSimulator(OPTIONS);
    const other = await startMcdtSimulator({ ...OPTIONS, seed: 10 });
    try {
      for (const path of [`/api/hoso?${EVERYTHING}&start=-1&end=-1`, '/api/donvi', '/api/thutuc', `/api/thanhtoan?${EVERYTHING}`]) {
        const a = await (await get(path)).text();
        const b = await (await get(path, KEY, twin.url)).text();
        expect(b).toBe(a);
      }
      const mine = await (await get(`/api/hoso?${EVERYTHING}&start=0&end=9`)).text();
      const theirs = await (await get(`/api/hoso?${EVERYTHING}&start=0&end=9`, KEY, other.url)).text();
      expect(theirs).not.toBe(mine);
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('pages concatenate to the whole window, ordered by (NgayCapNhat, MaHoSo), within the window days', async () => {
    const window = 'tuNgay=01/06/2025&denNgay=30/09/2025';
    const whole = await page(`${window}&start=-1&end=-1`);
    expect(whole.TongSo).toBe(whole.DuLieu.length);
    expect(whole.TongSo).toBeGreaterThan(200);
    const pages: RawDossier[] = [];
    for (let start = 0; start < whole.TongSo; start += 97) {
      const p = await page(`${window}&start=${start}&end=${start + 96}`);
      expect(p.TongSo).toBe(whole.TongSo);
      pages.push(...p.DuLieu);
    }
    expect(pages).toEqual(whole.DuLieu);
    expect(isSorted(whole.DuLieu)).toBe(true);
    for (const d of whole.DuLieu) expect(d.NgayCapNhat >= '20250601000000' && d.NgayCapNhat <= '20250930235959').toBe(true);
    const past = await page(`${window}&start=${whole.TongSo}&end=${whole.TongSo + 10}`);
    expect(past).toEqual({ TongSo: whole.TongSo, DuLieu: [] });
    const all = await listing();
    expect(all).toHaveLength(2000);
    expect(new Set(all.map((d) => d.MaHoSo)).size).toBe(2000);
  });

  it('refuses a wrong or missing ApiKey and out-of-range parameters', async () => {
    for (const key of ['wrong', null]) {
      const res = await get(`/api/hoso?${EVERYTHING}&start=0&end=9`, key);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'UNAUTHORIZED' });
      expect((await get('/api/donvi', key)).status).toBe(401);
    }
    expect((await get(`/api/hoso?${EVERYTHING}&start=0&end=499`)).status).toBe(200);
    for (const query of [
      `${EVERYTHING}&start=0&end=500`,
      `${EVERYTHING}&start=100&end=600`,
      `${EVERYTHING}&start=-1&end=5`,
      `${EVERYTHING}&start=10&end=5`,
      `${EVERYTHING}`,
      'tuNgay=31/02/2025&denNgay=01/03/2025&start=0&end=9',
      'tuNgay=2025-01-01&denNgay=01/03/2025&start=0&end=9',
      'denNgay=01/03/2025&start=0&end=9',
      'tuNgay=02/03/2025&denNgay=01/03/2025&start=0&end=9',
    ]) {
      const res = await get(`/api/hoso?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String));
    }
    expect((await get('/api/thanhtoan?tuNgay=x&denNgay=01/03/2025')).status).toBe(400);
  });

  it('closes idle keep-alive connections after about 3 s', async () => {
    const res = await get('/api/thutuc');
    expect(res.headers.get('keep-alive')).toBe('timeout=3');
  });

  it('serves a consistent agency tree with the 2025 merger and a real-looking procedure catalogue', async () => {
    const agencies = (await (await get('/api/donvi')).json()) as RawAgency[];
    const byCode = new Map(agencies.map((a) => [a.MaDinhDanh, a]));
    expect(byCode.get('000.00.00.H06')).toMatchObject({ Ten: 'UBND tỉnh Bắc Kạn', Cap: 1, MaDinhDanhCha: null });
    expect(agencies.map((a) => a.MaDinhDanh)).toEqual(agencies.map((a) => a.MaDinhDanh).sort());
    for (const a of agencies) {
      expect(a.MaDinhDanh).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H(06|55)$/);
      if (a.MaDinhDanhCha !== null) expect(byCode.get(a.MaDinhDanhCha)?.Cap).toBe(a.Cap - 1);
      if (a.MaDinhDanh.endsWith('H06')) {
        expect(a).toMatchObject({ HieuLucDen: '30/06/2025' });
        expect(byCode.get(a.MaDinhDanhSauSapXep ?? '')).toMatchObject({ HieuLucTu: '01/07/2025', HieuLucDen: null });
      } else {
        expect(a).toMatchObject({ HieuLucTu: '01/07/2025', MaDinhDanhSauSapXep: null });
      }
    }
    expect(new Set(agencies.map((a) => a.Cap))).toEqual(new Set([1, 2, 3, 4]));

    const procedures = (await (await get('/api/thutuc')).json()) as RawProcedure[];
    expect(procedures.length).toBeGreaterThanOrEqual(30);
    expect(procedures.length).toBeLessThanOrEqual(60);
    expect(new Set(procedures.map((p) => p.MaTTHCQG)).size).toBe(procedures.length);
    for (const p of procedures) {
      expect(p.MaTTHC).toBe(`${p.MaTTHCQG}.000.00.00.H06`);
      expect(p.MaTTHCQG).toMatch(/^\d\.\d{6}$/);
      expect([2, 3, 4]).toContain(p.MucDo);
      expect(p.DonViTinh === null).toBe(p.ThoiGianGiaiQuyet === 0);
    }
    expect(new Set(procedures.map((p) => p.MucDo))).toEqual(new Set([2, 3, 4]));
    expect(new Set(procedures.map((p) => p.CoPhiLePhi))).toEqual(new Set([0, 1]));
    expect(new Set(procedures.map((p) => p.DonViTinh))).toEqual(new Set(['ngay', 'ngay-lam-viec', null]));
  });

  it('generates every status with consistent dates, codes and process logs', async () => {
    const dossiers = await listing();
    const procedures = new Map(((await (await get('/api/thutuc')).json()) as RawProcedure[]).map((p) => [p.MaTTHC, p]));
    const now = parseCompact(NOW) ?? 0;
    const merger = parseCompact('20250701000000') ?? 0;
    const seen = new Set<number>();
    let late = 0;
    let noDeadline = 0;
    let nullChannel = 0;
    let dummy = 0;
    for (const d of dossiers) {
      const s = d.TrangThaiHoSo;
      seen.add(s);
      const submitted = sec(d.NgayNopHoSo);
      const accepted = sec(d.NgayTiepNhan);
      const due = sec(d.NgayHenTra);
      const finished = sec(d.NgayKetThucXuLy);
      const returned = sec(d.NgayTra);
      const refused = sec(d.NgayTuChoi);
      const updated = sec(d.NgayCapNhat) ?? 0;
      expect(submitted).not.toBeNull();
      const chain = [submitted, accepted, finished, returned].filter((t): t is number => t !== null);
      expect(chain).toEqual([...chain].sort((a, b) => a - b));
      expect(updated).toBeLessThanOrEqual(now);
      expect(d.MaHoSo).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H(06|55)-\d{6}-\d{4}$/);
      expect(d.MaHoSo.startsWith(`${d.MaDinhDanhDonVi}-`)).toBe(true);
      const codeTime = accepted ?? submitted ?? 0;
      expect(d.MaHoSo.slice(-11, -5)).toBe(d.NgayTiepNhan ? d.NgayTiepNhan.slice(2, 8) : d.NgayNopHoSo?.slice(2, 8));
      expect(d.MaDinhDanhDonVi.endsWith(codeTime >= merger ? 'H55' : 'H06')).toBe(true);
      expect(d.SoGiayToChuHoSo).toMatch(/^(\d{12}|\d{9}|000000001)$/);
      expect(JSON.stringify(d)).toBe(JSON.stringify(d).normalize('NFC'));
      expect([1, 2, 3, null]).toContain(d.KenhThucHien);
      if (d.KenhThucHien === null) nullChannel++;
      if (d.SoGiayToChuHoSo === '000000001') dummy++;

      const steps = d.QuaTrinhXuLy;
      expect(steps[0]?.TrangThai).toBe(1);
      expect(steps[steps.length - 1]?.TrangThai).toBe(s);
      steps.forEach((step, k) => {
        const prev = steps[k - 1];
        if (prev === undefined) return;
        expect(NEXT[Number(prev.TrangThai)]).toContain(Number(step.TrangThai));
        expect(step.ThoiGian >= prev.ThoiGian).toBe(true);
      });
      const events = [...steps.map((st) => st.ThoiGian), d.NgayNopHoSo ?? '', d.NgayTiepNhan ?? '', d.NgayKetThucXuLy ?? '', d.NgayTra ?? '', d.NgayTuChoi ?? ''];
      expect(d.NgayCapNhat).toBe(events.sort().at(-1));

      const procedure = procedures.get(d.MaTTHC);
      expect(procedure).toBeDefined();
      if (accepted !== null) {
        expect(due === null).toBe(procedure?.ThoiGianGiaiQuyet === 0);
        if (due === null) noDeadline++;
      }
      if (finished !== null && due !== null && finished > due) late++;
      const processed = s === 9 || s === 10;
      expect(Boolean(d.SoKyHieuKetQua)).toBe(processed);
      expect(Boolean(d.NgayKyKetQua)).toBe(processed);
      switch (s) {
        case 1:
          expect([accepted, due, finished, returned, refused]).toEqual([null, null, null, null, null]);
          break;
        case 3:
          expect(accepted).toBeNull();
          expect(refused).not.toBeNull();
          expect(d.LyDoTuChoi).toBeTruthy();
          break;
        case 5:
          expect(d.DanhSachHoSoBoSung.length).toBeGreaterThan(0);
          expect(d.DanhSachHoSoBoSung.at(-1)?.NgayBoSung ?? '').toBe('');
          break;
        case 7:
          expect(finished).not.toBeNull();
          expect(returned).toBeNull();
          break;
        case 8:
          expect(accepted).not.toBeNull();
          expect(refused).not.toBeNull();
          expect(d.LyDoTuChoi).toBeTruthy();
          break;
        case 9:
          expect(finished).not.toBeNull();
          expect(returned).toBeNull();
          break;
        case 10:
          expect(finished).not.toBeNull();
          expect(returned).not.toBeNull();
          break;
        default:
          expect(accepted).not.toBeNull();
          expect(finished).toBeNull();
      }
      if (s !== 3 && s !== 8) expect(refused).toBeNull();
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(late).toBeGreaterThan(10);
    expect(noDeadline).toBeGreaterThan(10);
    expect(nullChannel).toBeGreaterThan(0);
    expect(dummy).toBeGreaterThan(0);
    expect(dossiers.some((d) => d.MaDinhDanhDonVi.endsWith('H55'))).toBe(true);
    expect(dossiers.some((d) => d.MaHoSoKhac)).toBe(true);
  });

  it('serves counter and transfer payments of fee-bearing dossiers', async () => {
    const payments = (await (await get(`/api/thanhtoan?${EVERYTHING}`)).json()) as RawPayment[];
    const dossiers = new Map((await listing()).map((d) => [d.MaHoSo, d]));
    expect(payments.length).toBeGreaterThan(100);
    expect(new Set(payments.map((p) => p.TrangThai))).toEqual(
      new Set(['Chưa thanh toán', 'Chờ thanh toán', 'Đã thanh toán', 'Hủy thanh toán', 'Đã hoàn phí']),
    );
    expect(new Set(payments.map((p) => p.HinhThucThanhToan))).toEqual(new Set(['tien-mat', 'chuyen-khoan']));
    payments.forEach((p, k) => {
      expect(p.Ma).toBe(`${p.MaHoSo}-${p.ThoiGian}`);
      expect(dossiers.has(p.MaHoSo)).toBe(true);
      expect(p.SoTien).toBeGreaterThan(0);
      expect(p.NgayCapNhat >= p.ThoiGian).toBe(true);
      const prev = payments[k - 1];
      if (prev) expect(prev.NgayCapNhat < p.NgayCapNhat || (prev.NgayCapNhat === p.NgayCapNhat && prev.Ma < p.Ma)).toBe(true);
    });
    const oneDay = (await (await get('/api/thanhtoan?tuNgay=01/10/2025&denNgay=01/10/2025')).json()) as RawPayment[];
    expect(oneDay).toEqual(payments.filter((p) => p.NgayCapNhat.startsWith('20251001')));
  });

  it('mutate moves records to the end of the listing with a newer NgayCapNhat', async () => {
    const before = new Map((await listing()).map((d) => [d.MaHoSo, d]));
    control({ action: 'advanceClock', seconds: 3600 });
    const { mutated } = control<{ mutated: string[] }>({ action: 'mutate', count: 25 });
    expect(mutated).toHaveLength(25);
    const after = await listing();
    expect(after).toHaveLength(2000);
    expect(isSorted(after)).toBe(true);
    const tail = after.slice(-25);
    expect(new Set(tail.map((d) => d.MaHoSo))).toEqual(new Set(mutated));
    for (const d of tail) {
      const old = before.get(d.MaHoSo);
      expect(d.NgayCapNhat).toBe('20251015110000');
      expect(old && d.NgayCapNhat > old.NgayCapNhat).toBe(true);
      if (d.TrangThaiHoSo !== old?.TrangThaiHoSo) {
        expect(NEXT[old?.TrangThaiHoSo ?? 0]).toContain(d.TrangThaiHoSo);
        expect(d.QuaTrinhXuLy.at(-1)).toMatchObject({ TrangThai: d.TrangThaiHoSo, ThoiGian: '20251015110000' });
      } else {
        const { NgayCapNhat: _a, ...rest } = d;
        const { NgayCapNhat: _b, ...oldRest } = old;
        expect(rest).not.toEqual(oldRest);
      }
    }
    expect(control<{ mutated: number; now: string }>({ action: 'stats' })).toMatchObject({ mutated: 25, now: '20251015110000' });
  });

  it('stamps mutations ahead of or behind its clock, and runs its clock skewed from the hub’s', async () => {
    const ahead = control<{ mutated: string[] }>({ action: 'mutate', count: 2, stampOffsetSeconds: 600 }).mutated;
    const late = control<{ mutated: string[] }>({ action: 'mutate', count: 2, stampOffsetSeconds: -600 }).mutated;
    const byCode = new Map((await page(`${EVERYTHING.replace('15/10/2025', '16/10/2025')}&start=-1&end=-1`)).DuLieu.map((d) => [d.MaHoSo, d.NgayCapNhat]));
    for (const code of ahead) expect(byCode.get(code)).toBe('20251015101000');
    for (const code of late) expect(byCode.get(code)).toBe('20251015095000');
    const bad = await fetch(`${sim.url}/__control`, { method: 'POST', headers: { 'x-control-token': 'ctl' }, body: JSON.stringify({ action: 'mutate', count: 1, stampOffsetSeconds: 1.5 }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/stampOffsetSeconds must be a whole number/);
    const behind = await startMcdtSimulator({ ...OPTIONS, size: 100, clockSkewSeconds: -30 * 86_400 });
    try {
      expect(behind.control({ action: 'stats' })).toMatchObject({ now: '20250915100000' });
    } finally {
      await behind.close();
    }
  });

  it('accepts the same commands over POST /__control with the control token, and refuses them without', async () => {
    const headers = { 'x-control-token': 'ctl' };
    const res = await fetch(`${sim.url}/__control`, { method: 'POST', headers, body: JSON.stringify({ action: 'stats' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dossiers: 2000, agencies: 90, procedures: 50, requests: 0 });
    const bad = await fetch(`${sim.url}/__control`, { method: 'POST', headers, body: JSON.stringify({ action: 'faults', set: { nfdRate: 2 } }) });
    expect(bad.status).toBe(400);
    const noToken = await fetch(`${sim.url}/__control`, { method: 'POST', body: JSON.stringify({ action: 'faults', set: { errorRate: 1 } }) });
    const wrongToken = await fetch(`${sim.url}/__control`, { method: 'POST', headers: { 'x-control-token': 'ctx' }, body: JSON.stringify({ action: 'faults', set: { errorRate: 1 } }) });
    expect([noToken.status, wrongToken.status]).toEqual([401, 401]);
    const closed = await startMcdtSimulator({ ...OPTIONS, controlToken: undefined });
    try {
      const off = await fetch(`${closed.url}/__control`, { method: 'POST', headers, body: JSON.stringify({ action: 'faults', set: { errorRate: 1 } }) });
      expect(off.status).toBe(403);
      expect((await fetch(`${closed.url}/api/donvi`, { headers: { ApiKey: KEY } })).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});

describe('MCĐT simulator faults', () => {
  it('nfdRate serves the text of that share of dossiers decomposed', async () => {
    const clean = await listing();
    control({ action: 'faults', set: { nfdRate: 0.3 } });
    const served = await listing();
    let nfd = 0;
    served.forEach((d, k) => {
      const original = JSON.stringify(clean[k]);
      const text = JSON.stringify(d);
      if (text === original) return;
      expect(text).toBe(toNfd(original));
      nfd++;
    });
    expect(nfd / served.length).toBeGreaterThan(0.2);
    expect(nfd / served.length).toBeLessThan(0.4);
    expect(JSON.stringify(await listing())).toBe(JSON.stringify(served));
  });

  it('tcvn3Rate serves some old records in TCVN3 read as Latin-1', async () => {
    const clean = await listing();
    control({ action: 'faults', set: { tcvn3Rate: 1 } });
    const served = await listing();
    const cutoff = [...clean].sort((a, b) => (a.NgayNopHoSo ?? '').localeCompare(b.NgayNopHoSo ?? ''))[Math.floor(clean.length / 10)]?.NgayNopHoSo ?? '';
    let legacy = 0;
    served.forEach((d, k) => {
      const original = clean[k];
      if (JSON.stringify(d) === JSON.stringify(original)) return;
      legacy++;
      expect(d).toEqual(JSON.parse(toTcvn3Latin1(JSON.stringify(original))));
      expect((original?.NgayNopHoSo ?? '') < '20250000000000').toBe(true);
    });
    expect(legacy).toBeGreaterThan(0);
    expect(served.some((d) => (d.NgayNopHoSo ?? '') < cutoff && d.DiaChiChuHoSo?.endsWith('tØnh B¾c K¹n'))).toBe(true);
    expect(toTcvn3Latin1('Ninh Bình')).toBe('Ninh B×nh');
    expect(toTcvn3Latin1('Cộng hoà xã hội chủ nghĩa Việt Nam')).toBe('Céng hoµ x· héi chñ nghÜa ViÖt Nam');
    expect(toTcvn3Latin1('Độc lập - Tự do - Hạnh phúc')).toBe('§éc lËp - Tù do - H¹nh phóc');
  });

  it('pageDrift touches served rows, so the next page shifts', async () => {
    const base = await listing();
    control({ action: 'faults', set: { pageDrift: 2 } });
    const first = await page(`${EVERYTHING}&start=0&end=99`);
    expect(first.DuLieu).toEqual(base.slice(0, 100));
    const second = await page(`${EVERYTHING}&start=100&end=199`);
    expect(second.DuLieu[0]?.MaHoSo).toBe(base[102]?.MaHoSo);
    control({ action: 'faults', set: { pageDrift: 0 } });
    const tail = (await listing()).slice(-4);
    expect(tail.every((d) => d.NgayCapNhat === NOW)).toBe(true);
    const firstCodes = new Set(first.DuLieu.map((d) => d.MaHoSo));
    const secondCodes = new Set(second.DuLieu.map((d) => d.MaHoSo));
    expect(tail.filter((d) => firstCodes.has(d.MaHoSo))).toHaveLength(2);
    expect(tail.filter((d) => secondCodes.has(d.MaHoSo))).toHaveLength(2);
  });

  it('duplicateRate repeats the previous page’s last row at the top of a page', async () => {
    control({ action: 'faults', set: { duplicateRate: 1 } });
    const first = await page(`${EVERYTHING}&start=0&end=99`);
    const second = await page(`${EVERYTHING}&start=100&end=199`);
    expect(first.DuLieu).toHaveLength(100);
    expect(second.DuLieu).toHaveLength(101);
    expect(second.DuLieu[0]).toEqual(first.DuLieu[99]);
    expect(second.TongSo).toBe(2000);
  });

  it('badRecordRate breaks a fixed share of every stream, one field per record, and stats counts what it broke', async () => {
    const read = async () => ({
      dossiers: (await listing()) as unknown as Record<string, unknown>[],
      agencies: (await (await get('/api/donvi')).json()) as Record<string, unknown>[],
      procedures: (await (await get('/api/thutuc')).json()) as Record<string, unknown>[],
      payments: (await (await get(`/api/thanhtoan?${EVERYTHING}`)).json()) as Record<string, unknown>[],
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
      expect(broken, stream).toBeGreaterThan(clean[stream].length * 0.1);
      return fields;
    };
    expect(fieldsBroken('dossiers')).toEqual(new Set(['TrangThaiHoSo', 'NgayNopHoSo', 'MaHoSo', 'NgayKyKetQua', 'MucDo']));
    expect(fieldsBroken('agencies')).toEqual(new Set(['HieuLucDen', 'Cap']));
    expect(fieldsBroken('procedures')).toEqual(new Set(['DonViTinh', 'MucDo']));
    expect(fieldsBroken('payments')).toEqual(new Set(['SoTien', 'ThoiGian']));
    for (const d of served.dossiers) if (typeof d.NgayNopHoSo === 'string' && parseCompact(d.NgayNopHoSo) === null) expect(d.NgayNopHoSo).toMatch(/^\d{4}(0230090000|0431090000|0615240000|1332250000)$/);
    expect(JSON.stringify(await read())).toBe(JSON.stringify(served));
    control({ action: 'faults', set: { badRecordRate: 0 } });
    expect(control<{ badRecords: unknown }>({ action: 'stats' }).badRecords).toEqual({
      agencies: { malformed: 0, flawed: 0 },
      procedures: { malformed: 0, flawed: 0 },
      dossiers: { malformed: 0, flawed: 0 },
      payments: { malformed: 0, flawed: 0 },
    });
  });

  it('errorRate answers errorStatus', async () => {
    control({ action: 'faults', set: { errorRate: 1, errorStatus: 503 } });
    const res = await get('/api/donvi');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'SERVICE_UNAVAILABLE' });
    control({ action: 'faults', set: { errorRate: 0.5, errorStatus: 500 } });
    const statuses = new Set<number>();
    for (let k = 0; k < 20; k++) statuses.add((await get('/api/thutuc')).status);
    expect(statuses).toEqual(new Set([200, 500]));
  });

  it('rateLimit answers 429 with Retry-After on every Nth request', async () => {
    control({ action: 'faults', set: { rateLimit: 3 } });
    const answers: number[] = [];
    for (let k = 0; k < 6; k++) {
      const res = await get('/api/thutuc');
      answers.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
      await res.arrayBuffer();
    }
    expect(answers).toEqual([200, 200, 429, 200, 200, 429]);
  });

  it('slowMs delays answers', async () => {
    control({ action: 'faults', set: { slowMs: 300 } });
    const started = Date.now();
    expect((await get('/api/thutuc')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('dropRate destroys the connection without an answer', async () => {
    control({ action: 'faults', set: { dropRate: 1 } });
    await expect(get('/api/thutuc')).rejects.toThrow();
    control({ action: 'faults', set: { dropRate: 0 } });
    expect((await get('/api/thutuc')).status).toBe(200);
  });

  it('deletedCount makes dossiers and their payments vanish from listings', async () => {
    const before = await listing();
    const paymentsBefore = (await (await get(`/api/thanhtoan?${EVERYTHING}`)).json()) as RawPayment[];
    control({ action: 'faults', set: { deletedCount: 40 } });
    const after = await listing();
    expect(after).toHaveLength(1960);
    expect((await page(`${EVERYTHING}&start=0&end=0`)).TongSo).toBe(1960);
    const kept = new Set(after.map((d) => d.MaHoSo));
    const gone = before.filter((d) => !kept.has(d.MaHoSo)).map((d) => d.MaHoSo);
    expect(gone).toHaveLength(40);
    const paymentsAfter = (await (await get(`/api/thanhtoan?${EVERYTHING}`)).json()) as RawPayment[];
    expect(paymentsAfter).toEqual(paymentsBefore.filter((p) => kept.has(p.MaHoSo)));
    control({ action: 'faults', set: { deletedCount: 10 } });
    const fewer = new Set((await listing()).map((d) => d.MaHoSo));
    expect(gone.filter((code) => !fewer.has(code))).toHaveLength(10);
  });
});
