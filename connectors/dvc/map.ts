import type { AgencyRecord, Channel, PaymentRecord, PortalDossierRecord, ProcedureRecord, RatingRecord } from '../../src/model/records';
import { type CheckedOf, checkThen } from '../spec/record';
import { NationalProcedureSpec, OnlinePaymentSpec, PortalAgencySpec, PortalDossierSpec, RatingSpec } from './spec';

/** Pure mappings from DVC portal records that passed their spec (spec.ts) to unified records. */

const CHANNELS: Record<number, Channel> = { 1: 'COUNTER', 2: 'ONLINE', 3: 'POSTAL' };

/** Applicant ids that stand in for a missing one (`000000001`, `000000000`): never used to match people or dossiers. */
export function isDummyId(id: string): boolean {
  return /^0{8,}1?$/.test(id);
}

/** A non-empty string field of a raw row, or null. */
function keyField(row: unknown, field: string): string | null {
  const v: unknown = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Key of a portal dossier: `MaHoSoQG`. */
export function portalDossierKey(row: unknown): string | null {
  return keyField(row, 'MaHoSoQG');
}

/** Key of an online payment: the portal's `MaThamChieu` (the bank's `MaGiaoDich` may be empty). */
export function paymentKey(row: unknown): string | null {
  return keyField(row, 'MaThamChieu');
}

/** Key of a rating: `MaHoSo|ThoiGianDanhGia` (a dossier may be rated more than once). */
export function ratingKey(row: unknown): string | null {
  const code = keyField(row, 'MaHoSo');
  const at = keyField(row, 'ThoiGianDanhGia');
  return code === null || at === null ? null : `${code}|${at}`;
}

/** LayDanhSachHoSo row → PortalDossierRecord. `KenhThucHien` empty means the counter. */
export function toPortalDossier(r: CheckedOf<typeof PortalDossierSpec>): PortalDossierRecord {
  return {
    portalCode: r.MaHoSoQG,
    code: r.MaHoSo,
    nationalProcedureCode: r.MaTTHC,
    serviceCode: r.MaDVC,
    agencyCode: r.MaDinhDanhDonVi,
    channel: CHANNELS[r.KenhThucHien ?? 1] ?? 'COUNTER',
    applicantName: r.ChuHoSo,
    applicantIds: (r.DinhDanhCHS ?? []).map((id) => ({ type: id.LoaiDinhDanh, number: id.SoDinhDanh, dummy: isDummyId(id.SoDinhDanh) })),
    submittedAt: r.NgayNopHoSo,
    receivedAt: r.NgayTiepNhan,
    dueAt: r.NgayHenTra,
    returnedAt: r.NgayTra,
    status: r.TrangThaiHoSo,
    onlinePayment: r.DuocThanhToanTrucTuyen,
    vneidVerified: r.TaiKhoanDuocXacThucVoiVNeID,
    sourceUpdatedAt: r.NgayCapNhat,
  };
}

/**
 * LayDanhSachThanhToan row → PaymentRecord (method ONLINE), keyed by `MaThamChieu`.
 * `ThoiGianGD` is a 12-hour clock without AM/PM: its date is right, its time may be
 * 12 hours early, so it is kept as read and flagged `paidAtReliable: false`.
 */
export function toOnlinePayment(r: CheckedOf<typeof OnlinePaymentSpec>): PaymentRecord {
  return {
    sourceCode: r.MaThamChieu,
    dossierCode: r.HoSo,
    amount: r.SoTien,
    method: 'ONLINE',
    status: r.TrangThai,
    succeeded: r.TrangThai === '00',
    paidAt: r.ThoiGianGD,
    paidAtReliable: false,
    fees: (r.PhiLePhi ?? []).map((f) => ({ code: f.MaPhiLePhi, name: f.TenPhiLePhi, kind: f.LoaiPhiLePhi, amount: f.SoTien })),
    sourceUpdatedAt: r.NgayCapNhat,
  };
}

/** LayDanhSachDanhGia row → RatingRecord. */
export function toRating(r: CheckedOf<typeof RatingSpec>): RatingRecord {
  return { dossierCode: r.MaHoSo, ratedAt: r.ThoiGianDanhGia, satisfaction: r.MucDoHaiLong, comment: r.NoiDung, sourceUpdatedAt: r.NgayCapNhat };
}

/** LayDanhSachTTHC row → ProcedureRecord: the national catalogue has no deadlines, names of fields or local codes. */
export function toNationalProcedure(r: CheckedOf<typeof NationalProcedureSpec>): ProcedureRecord {
  return {
    code: r.MaTTHC,
    nationalCode: r.MaTTHC,
    name: r.TenTTHC,
    fieldCode: r.MaLinhVuc,
    fieldName: null,
    serviceLevel: r.MucDo,
    processingTime: null,
    processingTimeUnit: null,
    hasFee: r.CoPhiLePhi,
  };
}

/** LayDanhMucCoQuan row → AgencyRecord. The portal's catalogue carries no validity dates or successors. */
export function toPortalAgency(r: CheckedOf<typeof PortalAgencySpec>): AgencyRecord {
  return { code: r.MADONVI, name: r.TENDONVI, parentCode: r.MADONVICHA, level: r.CAPDONVI, validFrom: null, validTo: null, successorCode: null };
}

/** Raw payload → unified record, for callers outside the engine (benchmarks, tests). */
export const mapPortalDossier = checkThen(PortalDossierSpec, toPortalDossier);
export const mapOnlinePayment = checkThen(OnlinePaymentSpec, toOnlinePayment);
export const mapRating = checkThen(RatingSpec, toRating);
export const mapNationalProcedure = checkThen(NationalProcedureSpec, toNationalProcedure);
export const mapPortalAgency = checkThen(PortalAgencySpec, toPortalAgency);
