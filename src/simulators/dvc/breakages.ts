import type { RawNationalProcedure, RawOnlinePayment, RawPortalAgency, RawPortalDossier, RawRating } from '../../../connectors/dvc/raw';
import { statusText } from '../mcdt/dataset';
import { type Breakage, impossibleCompact } from '../shared/bad-records';

/**
 * How the portal serves a broken record, per service (the bad-record fault).
 * `malformed` ways break what the contract requires (the key, a required or a
 * meaning-bearing field); `flawed` ways spoil an optional, descriptive value only.
 */

type Loose<R> = { [K in keyof R]: unknown };

/** `1.234.000 đ`: an amount as a clerk would type it, where a number belongs. */
function amountText(n: unknown): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

export const DOSSIER_BREAKS: readonly Breakage<Loose<RawPortalDossier>>[] = [
  { what: 'TrangThaiHoSo as its text', outcome: 'malformed', apply: (r) => (r.TrangThaiHoSo = statusText(Number(r.TrangThaiHoSo)) || 'Từ chối tiếp nhận') },
  { what: 'an impossible NgayNopHoSo', outcome: 'malformed', apply: (r, pick) => (r.NgayNopHoSo = impossibleCompact(r.NgayNopHoSo, pick)) },
  { what: 'no MaHoSoQG', outcome: 'malformed', apply: (r) => delete (r as Partial<Loose<RawPortalDossier>>).MaHoSoQG },
  { what: 'TaiKhoanDuocXacThucVoiVNeID as text', outcome: 'flawed', apply: (r) => (r.TaiKhoanDuocXacThucVoiVNeID = 'có') },
  { what: 'MaDVC as an object', outcome: 'flawed', apply: (r) => (r.MaDVC = { ma: r.MaDVC }) },
];

/** A payment without its reference keeps the bank's id: it must still not be taken for a payment. */
export const PAYMENT_BREAKS: readonly Breakage<Loose<RawOnlinePayment>>[] = [
  { what: 'SoTien as a clerk types it', outcome: 'malformed', apply: (r) => (r.SoTien = amountText(r.SoTien)) },
  { what: 'no MaThamChieu', outcome: 'malformed', apply: (r) => delete (r as Partial<Loose<RawOnlinePayment>>).MaThamChieu },
  { what: 'an impossible ThoiGianGD', outcome: 'flawed', apply: (r, pick) => (r.ThoiGianGD = impossibleCompact(r.ThoiGianGD, pick)) },
];

export const RATING_BREAKS: readonly Breakage<Loose<RawRating>>[] = [
  { what: 'MucDoHaiLong as text', outcome: 'malformed', apply: (r) => (r.MucDoHaiLong = 'Hài lòng') },
  { what: 'an impossible ThoiGianDanhGia', outcome: 'malformed', apply: (r, pick) => (r.ThoiGianDanhGia = impossibleCompact(r.ThoiGianDanhGia, pick)) },
  { what: 'no MaHoSo', outcome: 'malformed', apply: (r) => delete (r as Partial<Loose<RawRating>>).MaHoSo },
  { what: 'NoiDung as an object', outcome: 'flawed', apply: (r) => (r.NoiDung = { noiDung: r.NoiDung }) },
];

export const PROCEDURE_BREAKS: readonly Breakage<Loose<RawNationalProcedure>>[] = [
  { what: 'MaTTHC a local code', outcome: 'malformed', apply: (r) => (r.MaTTHC = `TS_${String(r.MaTTHC).replace(/\D/g, '')}`) },
  { what: 'MucDo out of range', outcome: 'flawed', apply: (r) => (r.MucDo = 9) },
];

export const AGENCY_BREAKS: readonly Breakage<Loose<RawPortalAgency>>[] = [
  { what: 'MADONVICHA in short form', outcome: 'malformed', apply: (r) => (r.MADONVICHA = String(r.MADONVI).slice(-3)) },
  { what: 'CAPDONVI as words', outcome: 'flawed', apply: (r) => (r.CAPDONVI = `cấp ${String(r.CAPDONVI)}`) },
];
