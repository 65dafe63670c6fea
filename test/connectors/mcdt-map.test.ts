import { describe, expect, it } from 'vitest';
import { MappingError } from '../../connectors/errors';
import { mapAgency, mapDossier, mapProcedure } from '../../connectors/mcdt/map';
import type { RawDossier } from '../../connectors/mcdt/raw';
import { DossierSpec } from '../../connectors/mcdt/spec';
import { compactLocalTime, nationalProcedureCode } from '../../connectors/normalise';
import { compactTime, slashDate } from '../../connectors/spec/formats';
import { checkRecord } from '../../connectors/spec/record';

/** A complete, valid raw dossier; tests override what they examine. */
function rawDossier(overrides: Partial<Record<keyof RawDossier, unknown>> = {}): Record<string, unknown> {
  const base: RawDossier = {
    MaHoSo: '000.00.12.H06-240115-0001',
    MaHoSoKhac: 'G22.99-240115-000123',
    MaDinhDanhDonVi: '000.00.12.H06',
    TenDonVi: 'Sở Tư pháp tỉnh Bắc Kạn',
    MaTTHC: '2.000488.000.00.00.H06',
    TenTTHC: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    MaLinhVuc: 'G09-TP05',
    TenLinhVuc: 'Lý lịch tư pháp',
    KenhThucHien: 2,
    MucDo: 4,
    LoaiDoiTuong: 'Công dân',
    ChuHoSo: 'Nguyễn Văn An',
    LoaiGiayToChuHoSo: 'CCCD',
    SoGiayToChuHoSo: '006090001234',
    SoDienThoaiChuHoSo: '0912345678',
    EmailChuHoSo: 'an.nguyen@example.vn',
    DiaChiChuHoSo: 'Tổ 1, phường Đức Xuân, thành phố Bắc Kạn, tỉnh Bắc Kạn',
    TrichYeuHoSo: 'Cấp phiếu lý lịch tư pháp số 1',
    NgayNopHoSo: '20240115081500',
    NgayTiepNhan: '20240115083000',
    NgayHenTra: '20240125170000',
    NgayKetThucXuLy: '20240124100000',
    NgayTra: '20240125090000',
    NgayTuChoi: '',
    LyDoTuChoi: null,
    TrangThaiHoSo: 10,
    QuaTrinhXuLy: [
      { ThoiGian: '20240115083000', TrangThai: 2, NguoiXuLy: 'Hoàng Thị Bình', ChucDanh: 'Chuyên viên', PhongBanXuLy: 'Bộ phận một cửa', NoiDungXuLy: 'Tiếp nhận hồ sơ', NgayHetHanBuocXuLy: '20240116170000' },
      { ThoiGian: '20240125090000', TrangThai: 10, NguoiXuLy: null, ChucDanh: null, PhongBanXuLy: null, NoiDungXuLy: 'Trả kết quả', NgayHetHanBuocXuLy: null },
    ],
    DanhSachHoSoBoSung: [{ NgayYeuCau: '20240117090000', NoiDung: 'Bổ sung bản sao CCCD', NgayBoSung: '20240118100000', NgayHenTraTruoc: '20240124170000', NgayHenTraMoi: '20240125170000' }],
    HoSoCoThanhPhanSoHoa: 1,
    DaSoHoaKetQua: 0,
    SoKyHieuKetQua: '123/STP-LLTP',
    NgayKyKetQua: '20240124100000',
    NgayCapNhat: '20240125090000',
  };
  return { ...base, ...overrides };
}

describe('MCĐT time and code parsing', () => {
  it('reads yyyyMMddHHmmss as Vietnam local time (UTC+7)', () => {
    expect(compactLocalTime('f', '20240115083000')?.toISOString()).toBe('2024-01-15T01:30:00.000Z');
    // Just after local midnight is the previous UTC day.
    expect(compactLocalTime('f', '20240101000500')?.toISOString()).toBe('2023-12-31T17:05:00.000Z');
  });

  it('treats empty, null and missing times as no value', () => {
    expect(compactLocalTime('f', '')).toBeNull();
    expect(compactLocalTime('f', null)).toBeNull();
    expect(compactLocalTime('f', undefined)).toBeNull();
  });

  it('rejects impossible and malformed times, naming the field', () => {
    expect(() => compactLocalTime('NgayTiepNhan', '20241332250000')).toThrow(/NgayTiepNhan: "20241332250000" is not a yyyyMMddHHmmss time/);
    expect(() => compactLocalTime('NgayTiepNhan', '20240230080000')).toThrow(/NgayTiepNhan/);
    expect(() => compactLocalTime('NgayTiepNhan', '2024-01-15 08:30')).toThrow(/NgayTiepNhan/);
    expect(() => compactLocalTime('NgayTiepNhan', { y: 2024 })).toThrow(/NgayTiepNhan/);
  });

  it('reads dd/MM/yyyy catalogue dates as calendar days; 31 June does not exist', () => {
    expect(slashDate().schema.parse('30/06/2025')).toBe('2025-06-30');
    expect(slashDate().schema.safeParse('31/06/2025').error?.issues[0]?.message).toBe('no such date (day 31 of a month with 30 days)');
  });

  it('reads impossible times as malformed, not shifted: 30 February, 31 April, 24:00, month 13', () => {
    const read = (v: string) => compactTime().schema.safeParse(v).error?.issues[0]?.message;
    expect(read('20240230080000')).toBe('no such time (day 30 of a month with 29 days)');
    expect(read('20250431080000')).toBe('no such time (day 31 of a month with 30 days)');
    expect(read('20240115240000')).toBe('no such time (hour 24)');
    expect(read('20241315080000')).toBe('no such time (month 13)');
    expect(read('20240229235959')).toBeUndefined();
  });

  it('extracts the national procedure code', () => {
    expect(nationalProcedureCode('2.000488.000.00.00.H06')).toBe('2.000488');
    expect(nationalProcedureCode('2.002621.H56')).toBe('2.002621');
    expect(nationalProcedureCode('TS_lop1.000.00.00.H22')).toBeNull();
  });

  it('maps every channel code, null meaning the counter', () => {
    const channel = (v: unknown) => mapDossier(rawDossier({ KenhThucHien: v })).channel;
    expect([1, 2, 3, null, '2'].map(channel)).toEqual(['COUNTER', 'ONLINE', 'POSTAL', 'COUNTER', 'ONLINE']);
    expect(() => channel(4)).toThrow(/KenhThucHien/);
  });

  it('accepts exactly the status codes 1–10', () => {
    for (let s = 1; s <= 10; s++) expect(mapDossier(rawDossier({ TrangThaiHoSo: s })).status).toBe(s);
    expect(mapDossier(rawDossier({ TrangThaiHoSo: '7' })).status).toBe(7);
    for (const bad of [0, 11, null, 'x', 2.5]) expect(() => mapDossier(rawDossier({ TrangThaiHoSo: bad }))).toThrow(/TrangThaiHoSo/);
  });
});

describe('mapDossier', () => {
  it('maps every field of a complete dossier', () => {
    const d = mapDossier(rawDossier());
    expect(d).toMatchObject({
      code: '000.00.12.H06-240115-0001',
      otherCode: 'G22.99-240115-000123',
      agencyCode: '000.00.12.H06',
      procedureCode: '2.000488.000.00.00.H06',
      nationalProcedureCode: '2.000488',
      channel: 'ONLINE',
      serviceLevel: 4,
      status: 10,
      applicantIdNumber: '006090001234',
      refusedAt: null,
      refusalReason: null,
      hasDigitisedComponents: true,
      resultDigitised: false,
      resultDocumentNumber: '123/STP-LLTP',
    });
    expect(d.submittedAt?.toISOString()).toBe('2024-01-15T01:15:00.000Z');
    expect(d.receivedAt?.toISOString()).toBe('2024-01-15T01:30:00.000Z');
    expect(d.dueAt?.toISOString()).toBe('2024-01-25T10:00:00.000Z');
    expect(d.finishedAt?.toISOString()).toBe('2024-01-24T03:00:00.000Z');
    expect(d.returnedAt?.toISOString()).toBe('2024-01-25T02:00:00.000Z');
    expect(d.resultSignedAt?.toISOString()).toBe('2024-01-24T03:00:00.000Z');
    expect(d.sourceUpdatedAt.toISOString()).toBe('2024-01-25T02:00:00.000Z');
    expect(d.events).toHaveLength(2);
    expect(d.events[0]).toMatchObject({ status: 2, actor: 'Hoàng Thị Bình', department: 'Bộ phận một cửa' });
    expect(d.events[0]!.stepDueAt?.toISOString()).toBe('2024-01-16T10:00:00.000Z');
    expect(d.supplements[0]!.requestedAt?.toISOString()).toBe('2024-01-17T02:00:00.000Z');
    expect(d.supplements[0]!.newDueAt?.toISOString()).toBe('2024-01-25T10:00:00.000Z');
  });

  it('stores text in NFC whatever form it arrives in', () => {
    const nfd = 'Nguyễn Văn An'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Văn An');
    const d = mapDossier(rawDossier({ ChuHoSo: nfd, TenDonVi: 'Sở Tư pháp'.normalize('NFD') }));
    expect(d.applicantName).toBe('Nguyễn Văn An');
    expect(d.agencyName).toBe('Sở Tư pháp');
  });

  it('keeps a dossier with no due date (procedures without a deadline)', () => {
    expect(mapDossier(rawDossier({ NgayHenTra: '' })).dueAt).toBeNull();
  });

  it('keeps a dossier whose processing end is missing but whose return time is there: the return time stands in', () => {
    const d = mapDossier(rawDossier({ NgayKetThucXuLy: null }));
    expect(d.finishedAt).toBeNull();
    expect(d.returnedAt?.toISOString()).toBe('2024-01-25T02:00:00.000Z');
  });

  it('empties a wrong descriptive value and flags it, but quarantines a wrong date', () => {
    expect(checkRecord(DossierSpec, rawDossier({ EmailChuHoSo: { at: 'x' }, NgayKyKetQua: '20240231100000' }))).toMatchObject({
      ok: true,
      dropped: ['EmailChuHoSo', 'NgayKyKetQua'],
      value: { EmailChuHoSo: null, NgayKyKetQua: null },
    });
    expect(checkRecord(DossierSpec, rawDossier({ NgayTra: '20240231100000' }))).toEqual({ ok: false, problems: ['NgayTra: no such time (day 31 of a month with 29 days)'] });
  });

  it('never puts the value itself in a reason', () => {
    const id = '006090001234';
    const result = checkRecord(DossierSpec, rawDossier({ MaHoSo: { id }, NgayTiepNhan: `${id}99` }));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(id);
  });

  it('ignores unknown extra fields', () => {
    expect(mapDossier({ ...rawDossier(), TruongMoi: 'x' }).code).toBe('000.00.12.H06-240115-0001');
  });

  it('lists every problem of a malformed record at once', () => {
    let error: unknown;
    try {
      mapDossier(rawDossier({ MaHoSo: '', NgayTiepNhan: '20241332250000', TrangThaiHoSo: 'done', KenhThucHien: 9 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MappingError);
    const problems = (error as MappingError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/MaHoSo/);
    expect(problems.join('\n')).toMatch(/NgayTiepNhan/);
    expect(problems.join('\n')).toMatch(/TrangThaiHoSo/);
    expect(problems.join('\n')).toMatch(/KenhThucHien/);
    expect(problems.join('\n')).not.toMatch(/done|20241332250000/);
  });

  it('rejects a payload that is not an object', () => {
    expect(() => mapDossier('oops')).toThrow(MappingError);
    expect(() => mapDossier(null)).toThrow(MappingError);
  });
});

describe('catalogues', () => {
  it('maps an agency with validity dates and a successor', () => {
    expect(mapAgency({ MaDinhDanh: '000.00.21.H06', Ten: 'UBND huyện Ba Bể', MaDinhDanhCha: '000.00.00.H06', Cap: 2, HieuLucTu: null, HieuLucDen: '30/06/2025', MaDinhDanhSauSapXep: '000.00.21.H55' })).toEqual({
      code: '000.00.21.H06',
      name: 'UBND huyện Ba Bể',
      parentCode: '000.00.00.H06',
      level: 2,
      validFrom: null,
      validTo: '2025-06-30',
      successorCode: '000.00.21.H55',
    });
  });

  it('maps a procedure, turning "0 with no unit" into no deadline', () => {
    const base = { MaTTHC: '1.004616.000.00.00.H06', MaTTHCQG: '1.004616', TenTTHC: 'Đăng ký khai sinh', MaLinhVuc: 'HT', TenLinhVuc: 'Hộ tịch', MucDo: 4, CoPhiLePhi: 0 };
    expect(mapProcedure({ ...base, ThoiGianGiaiQuyet: 3, DonViTinh: 'ngay-lam-viec' })).toMatchObject({ nationalCode: '1.004616', processingTime: 3, processingTimeUnit: 'WORKING_DAYS', hasFee: false });
    expect(mapProcedure({ ...base, ThoiGianGiaiQuyet: 0, DonViTinh: null })).toMatchObject({ processingTime: null, processingTimeUnit: null });
    expect(() => mapProcedure({ ...base, ThoiGianGiaiQuyet: 3, DonViTinh: 'gio' })).toThrow(/DonViTinh: not one of ngay, ngay-lam-viec/);
  });
});
