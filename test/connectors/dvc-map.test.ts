import { describe, expect, it } from 'vitest';
import {
  isDummyId,
  mapNationalProcedure,
  mapOnlinePayment,
  mapPortalAgency,
  mapPortalDossier,
  mapRating,
  paymentKey,
  portalDossierKey,
  ratingKey,
} from '../../connectors/dvc/map';
import type { RawOnlinePayment, RawPortalDossier, RawRating } from '../../connectors/dvc/raw';
import { NationalProcedureSpec, OnlinePaymentSpec, PortalAgencySpec, PortalDossierSpec } from '../../connectors/dvc/spec';
import { MappingError } from '../../connectors/errors';
import { checkRecord } from '../../connectors/spec/record';

function rawDossier(overrides: Partial<Record<keyof RawPortalDossier, unknown>> = {}): Record<string, unknown> {
  const base: RawPortalDossier = {
    MaHoSoQG: '000.00.02.H06-240115-48213',
    MaHoSo: '000.00.02.H06-240115-0001',
    MaTTHC: '2.000488',
    MaDVC: '2.000488.000.00.00.H06.02',
    MaDinhDanhDonVi: '000.00.02.H06',
    KenhThucHien: 2,
    ChuHoSo: 'Nông Thị Hoa',
    DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: '006190001234' }],
    NgayNopHoSo: '20240114213000',
    NgayTiepNhan: '20240115083000',
    NgayHenTra: '20240129083000',
    NgayTra: '20240126150000',
    TrangThaiHoSo: 10,
    DuocThanhToanTrucTuyen: 1,
    TaiKhoanDuocXacThucVoiVNeID: 1,
    NgayCapNhat: '20240126150412',
  };
  return { ...base, ...overrides };
}

function rawPayment(overrides: Partial<Record<keyof RawOnlinePayment, unknown>> = {}): Record<string, unknown> {
  const base: RawOnlinePayment = {
    NgayCapNhat: '20250315133012',
    MaThamChieu: 'DVC25031500001234',
    HoSo: '000.00.02.H06-250315-0007',
    SoTien: 222_000,
    MaGiaoDich: 'FT25031500004321',
    // 13:30:12 on a 12-hour clock without AM/PM.
    ThoiGianGD: '20250315013012',
    TrangThai: '00',
    PhiLePhi: [
      { MaPhiLePhi: 'LP-2.000488', TenPhiLePhi: 'Lệ phí cấp Phiếu lý lịch tư pháp', LoaiPhiLePhi: 'Lệ phí', SoTien: 200_000 },
      { MaPhiLePhi: 'PHI-BCCI', TenPhiLePhi: 'Phí dịch vụ bưu chính công ích trả kết quả', LoaiPhiLePhi: 'Phí', SoTien: 22_000 },
    ],
  };
  return { ...base, ...overrides };
}

function rawRating(overrides: Partial<Record<keyof RawRating, unknown>> = {}): Record<string, unknown> {
  const base: RawRating = {
    NgayCapNhat: '20240127091500',
    MaHoSo: '000.00.02.H06-240115-0001',
    ThoiGianDanhGia: '20240127091500',
    MucDoHaiLong: 2,
    NoiDung: 'Giải quyết đúng hẹn',
  };
  return { ...base, ...overrides };
}

/** The problems a MappingError lists, or a failure when the mapping succeeds. */
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof MappingError) return error.problems;
    throw error;
  }
  throw new Error('expected a MappingError');
}

describe('DVC portal dossier mapping', () => {
  it('maps every date field as Vietnam local time', () => {
    const d = mapPortalDossier(rawDossier());
    expect(d.submittedAt?.toISOString()).toBe('2024-01-14T14:30:00.000Z');
    expect(d.receivedAt?.toISOString()).toBe('2024-01-15T01:30:00.000Z');
    expect(d.dueAt?.toISOString()).toBe('2024-01-29T01:30:00.000Z');
    expect(d.returnedAt?.toISOString()).toBe('2024-01-26T08:00:00.000Z');
    expect(d.sourceUpdatedAt.toISOString()).toBe('2024-01-26T08:04:12.000Z');
    const open = mapPortalDossier(rawDossier({ NgayTiepNhan: '', NgayHenTra: null, NgayTra: undefined, TrangThaiHoSo: 1 }));
    expect([open.receivedAt, open.dueAt, open.returnedAt]).toEqual([null, null, null]);
  });

  it('maps codes, channel, payment and VNeID flags', () => {
    expect(mapPortalDossier(rawDossier())).toMatchObject({
      portalCode: '000.00.02.H06-240115-48213',
      code: '000.00.02.H06-240115-0001',
      nationalProcedureCode: '2.000488',
      serviceCode: '2.000488.000.00.00.H06.02',
      agencyCode: '000.00.02.H06',
      channel: 'ONLINE',
      applicantName: 'Nông Thị Hoa',
      status: 10,
      onlinePayment: 1,
      vneidVerified: true,
    });
    // The portal's copy may carry no one-stop-shop code, or a local procedure code.
    expect(mapPortalDossier(rawDossier({ MaHoSo: '', MaTTHC: '2.000488.000.00.00.H06' }))).toMatchObject({ code: null, nationalProcedureCode: '2.000488' });
  });

  it('accepts status 11 (portal-born, refused locally) and refuses others outside 1–11', () => {
    expect(mapPortalDossier(rawDossier({ TrangThaiHoSo: 11 })).status).toBe(11);
    expect(mapPortalDossier(rawDossier({ TrangThaiHoSo: '3' })).status).toBe(3);
    for (const bad of [0, 12, 'Không được tiếp nhận', null]) {
      expect(problems(() => mapPortalDossier(rawDossier({ TrangThaiHoSo: bad })))).toEqual([expect.stringContaining('TrangThaiHoSo')]);
    }
  });

  it('keeps dummy applicant ids but flags them, and types ids 1 CCCD / 2 CMND', () => {
    const ids = mapPortalDossier(
      rawDossier({
        DinhDanhCHS: [
          { LoaiDinhDanh: 1, SoDinhDanh: '006190001234' },
          { LoaiDinhDanh: 2, SoDinhDanh: '095123456' },
          { LoaiDinhDanh: 2, SoDinhDanh: '000000001' },
          { LoaiDinhDanh: 2, SoDinhDanh: '000000000' },
        ],
      }),
    ).applicantIds;
    expect(ids).toEqual([
      { type: 1, number: '006190001234', dummy: false },
      { type: 2, number: '095123456', dummy: false },
      { type: 2, number: '000000001', dummy: true },
      { type: 2, number: '000000000', dummy: true },
    ]);
    expect(['000000001', '000000000', '000000000001'].every(isDummyId)).toBe(true);
    expect(['100000000', '006190001234', '01', ''].some(isDummyId)).toBe(false);
    expect(mapPortalDossier(rawDossier({ DinhDanhCHS: null })).applicantIds).toEqual([]);
  });

  it('stores text in NFC', () => {
    expect(mapPortalDossier(rawDossier({ ChuHoSo: 'Nông Thị Hoa'.normalize('NFD') })).applicantName).toBe('Nông Thị Hoa');
  });

  it('lists every bad field of a broken record at once', () => {
    const found = problems(() =>
      mapPortalDossier(rawDossier({ MaHoSoQG: undefined, NgayNopHoSo: '20241332250000', KenhThucHien: 7, DuocThanhToanTrucTuyen: 3, NgayCapNhat: '', DinhDanhCHS: [{ LoaiDinhDanh: 1 }] })),
    );
    expect(found).toHaveLength(5);
    for (const field of ['MaHoSoQG', 'NgayNopHoSo', 'KenhThucHien', 'DuocThanhToanTrucTuyen', 'NgayCapNhat']) {
      expect(found.some((p) => p.startsWith(`${field}:`)), field).toBe(true);
    }
    expect(problems(() => mapPortalDossier('nope'))).toEqual(['HoSo: expected an object, got text']);
  });

  it('leaves out an applicant id without its number, and flags the record', () => {
    const checked = checkRecord(PortalDossierSpec, rawDossier({ DinhDanhCHS: [{ LoaiDinhDanh: 1 }, { LoaiDinhDanh: 2, SoDinhDanh: '095123456' }] }));
    expect(checked).toMatchObject({ ok: true, dropped: ['DinhDanhCHS[0]'] });
    expect(mapPortalDossier(rawDossier({ DinhDanhCHS: [{ LoaiDinhDanh: 1 }, { LoaiDinhDanh: 2, SoDinhDanh: '095123456' }] })).applicantIds).toEqual([{ type: 2, number: '095123456', dummy: false }]);
  });
});

describe('DVC online payment mapping', () => {
  it('succeeds only on code 00, method ONLINE, with its fee lines', () => {
    const paid = mapOnlinePayment(rawPayment());
    expect(paid).toMatchObject({ sourceCode: 'DVC25031500001234', dossierCode: '000.00.02.H06-250315-0007', amount: 222_000, method: 'ONLINE', status: '00', succeeded: true });
    expect(paid.fees).toEqual([
      { code: 'LP-2.000488', name: 'Lệ phí cấp Phiếu lý lịch tư pháp', kind: 'Lệ phí', amount: 200_000 },
      { code: 'PHI-BCCI', name: 'Phí dịch vụ bưu chính công ích trả kết quả', kind: 'Phí', amount: 22_000 },
    ]);
    for (const code of ['24', '51', '11', '0']) expect(mapOnlinePayment(rawPayment({ TrangThai: code })).succeeded).toBe(false);
    expect(mapOnlinePayment(rawPayment({ SoTien: '222000' })).amount).toBe(222_000);
  });

  it('keeps the date of the 12-hour ThoiGianGD and flags its time as unreliable', () => {
    const p = mapOnlinePayment(rawPayment());
    // Read as 01:30:12 local: the right day, the time 12 hours early.
    expect(p.paidAt?.toISOString()).toBe('2025-03-14T18:30:12.000Z');
    expect(p.paidAtReliable).toBe(false);
    expect(mapOnlinePayment(rawPayment({ ThoiGianGD: '20250315113000' })).paidAtReliable).toBe(false);
    expect(p.sourceUpdatedAt.toISOString()).toBe('2025-03-15T06:30:12.000Z');
  });

  it('is keyed by the portal reference MaThamChieu; the bank id may be empty, the reference may not', () => {
    expect(paymentKey(rawPayment())).toBe('DVC25031500001234');
    const cancelled = rawPayment({ MaGiaoDich: '', TrangThai: '24' });
    expect(paymentKey(cancelled)).toBe('DVC25031500001234');
    expect(mapOnlinePayment(cancelled)).toMatchObject({ sourceCode: 'DVC25031500001234', succeeded: false });
    const unreferenced = rawPayment({ MaThamChieu: '' });
    expect(paymentKey(unreferenced)).toBeNull();
    expect(problems(() => mapOnlinePayment(unreferenced))).toEqual(['MaThamChieu: missing (it is required)']);
  });

  it('lists every bad field; an impossible ThoiGianGD is left empty and flagged', () => {
    const found = problems(() => mapOnlinePayment(rawPayment({ MaThamChieu: undefined, SoTien: '222.000 đ', ThoiGianGD: '20251332250000', TrangThai: '' })));
    expect(found).toHaveLength(3);
    for (const field of ['MaThamChieu', 'SoTien', 'TrangThai']) expect(found.some((p) => p.startsWith(`${field}:`)), field).toBe(true);
    expect(checkRecord(OnlinePaymentSpec, rawPayment({ ThoiGianGD: '20251332250000' }))).toMatchObject({ ok: true, dropped: ['ThoiGianGD'], value: { ThoiGianGD: null } });
  });
});

describe('DVC rating mapping', () => {
  it('maps levels 1–5, times and comments', () => {
    expect(mapRating(rawRating())).toEqual({
      dossierCode: '000.00.02.H06-240115-0001',
      ratedAt: new Date('2024-01-27T02:15:00.000Z'),
      satisfaction: 2,
      comment: 'Giải quyết đúng hẹn',
      sourceUpdatedAt: new Date('2024-01-27T02:15:00.000Z'),
    });
    expect(mapRating(rawRating({ NoiDung: null, MucDoHaiLong: 5 }))).toMatchObject({ comment: null, satisfaction: 5 });
    expect(ratingKey(rawRating())).toBe('000.00.02.H06-240115-0001|20240127091500');
    expect(ratingKey(rawRating({ MaHoSo: '' }))).toBeNull();
  });

  it('refuses a level outside 1–5, and a missing dossier or time', () => {
    for (const bad of [0, 6, 'Hài lòng', null]) expect(problems(() => mapRating(rawRating({ MucDoHaiLong: bad })))).toEqual([expect.stringContaining('MucDoHaiLong')]);
    expect(problems(() => mapRating(rawRating({ MaHoSo: undefined, ThoiGianDanhGia: '' })))).toHaveLength(2);
  });
});

describe('DVC catalogue mapping', () => {
  it('maps a national procedure', () => {
    expect(mapNationalProcedure({ MaTTHC: '2.000488', TenTTHC: 'Thủ tục cấp Phiếu lý lịch tư pháp', MaLinhVuc: 'G09-TP06', MucDo: 4, CoPhiLePhi: 1 })).toEqual({
      code: '2.000488',
      nationalCode: '2.000488',
      name: 'Thủ tục cấp Phiếu lý lịch tư pháp',
      fieldCode: 'G09-TP06',
      fieldName: null,
      serviceLevel: 4,
      processingTime: null,
      processingTimeUnit: null,
      hasFee: true,
    });
    expect(problems(() => mapNationalProcedure({ MaTTHC: '', TenTTHC: 'x', MucDo: 7, CoPhiLePhi: 2 }))).toEqual(['MaTTHC: missing (it is required)']);
    expect(checkRecord(NationalProcedureSpec, { MaTTHC: '2.000488', TenTTHC: 'x', MucDo: 7, CoPhiLePhi: 2 })).toMatchObject({ ok: true, dropped: ['MucDo', 'CoPhiLePhi'] });
    expect(problems(() => mapNationalProcedure({ MaTTHC: '2.000488.000.00.00.H06', TenTTHC: 'x' }))).toEqual([expect.stringMatching(/^MaTTHC: not a national procedure code/)]);
  });

  it('maps an agency whose level and parent come as text', () => {
    expect(mapPortalAgency({ MADONVI: '000.00.02.H06', TENDONVI: 'Sở Tư pháp tỉnh Bắc Kạn', CAPDONVI: '2', MADONVICHA: '000.00.00.H06' })).toEqual({
      code: '000.00.02.H06',
      name: 'Sở Tư pháp tỉnh Bắc Kạn',
      parentCode: '000.00.00.H06',
      level: 2,
      validFrom: null,
      validTo: null,
      successorCode: null,
    });
    expect(mapPortalAgency({ MADONVI: '000.00.00.H06', TENDONVI: 'UBND tỉnh Bắc Kạn', CAPDONVI: 1, MADONVICHA: '' }).parentCode).toBeNull();
    expect(problems(() => mapPortalAgency({ MADONVI: '000.00.00.H06', CAPDONVI: 'tỉnh' }))).toEqual(['TENDONVI: missing (it is required)']);
    expect(checkRecord(PortalAgencySpec, { MADONVI: '000.00.00.H06', TENDONVI: 'x', CAPDONVI: 'tỉnh' })).toMatchObject({ ok: true, dropped: ['CAPDONVI'] });
    expect(problems(() => mapPortalAgency({ MADONVI: 'H06', TENDONVI: 'x' }))).toEqual([expect.stringMatching(/^MADONVI: not a dotted agency code/)]);
  });

  it('reads the portal dossier key', () => {
    expect(portalDossierKey(rawDossier())).toBe('000.00.02.H06-240115-48213');
    expect(portalDossierKey(rawDossier({ MaHoSoQG: '' }))).toBeNull();
    expect(portalDossierKey(null)).toBeNull();
  });
});
