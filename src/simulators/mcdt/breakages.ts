import type { RawAgency, RawDossier, RawPayment, RawProcedure } from '../../../connectors/mcdt/raw';
import { type Breakage, impossibleCompact, impossibleSlash } from '../shared/bad-records';
import { statusText } from './dataset';

/**
 * How the one-stop-shop serves a broken record, per stream (the bad-record fault).
 * `malformed` ways break what the contract requires (the key, a required or a
 * meaning-bearing field); `flawed` ways spoil an optional, descriptive value only.
 */

type Loose<R> = { [K in keyof R]: unknown };

export const DOSSIER_BREAKS: readonly Breakage<Loose<RawDossier>>[] = [
  { what: 'TrangThaiHoSo as its text', outcome: 'malformed', apply: (r) => (r.TrangThaiHoSo = statusText(Number(r.TrangThaiHoSo)) || 'Đã tiếp nhận') },
  { what: 'an impossible NgayNopHoSo', outcome: 'malformed', apply: (r, pick) => (r.NgayNopHoSo = impossibleCompact(r.NgayNopHoSo, pick)) },
  { what: 'no MaHoSo', outcome: 'malformed', apply: (r) => delete (r as Partial<Loose<RawDossier>>).MaHoSo },
  { what: 'an impossible NgayKyKetQua', outcome: 'flawed', apply: (r, pick) => (r.NgayKyKetQua = impossibleCompact(r.NgayNopHoSo, pick)) },
  { what: 'MucDo out of range', outcome: 'flawed', apply: (r) => (r.MucDo = 7) },
];

export const AGENCY_BREAKS: readonly Breakage<Loose<RawAgency>>[] = [
  { what: 'an impossible HieuLucDen', outcome: 'malformed', apply: (r, pick) => (r.HieuLucDen = impossibleSlash('2025', pick)) },
  { what: 'Cap out of range', outcome: 'flawed', apply: (r) => (r.Cap = 9) },
];

export const PROCEDURE_BREAKS: readonly Breakage<Loose<RawProcedure>>[] = [
  { what: 'DonViTinh not a unit', outcome: 'malformed', apply: (r) => (r.DonViTinh = 'gio') },
  { what: 'MucDo as text', outcome: 'flawed', apply: (r) => (r.MucDo = 'toàn trình') },
];

export const PAYMENT_BREAKS: readonly Breakage<Loose<RawPayment>>[] = [
  { what: 'SoTien as a clerk types it', outcome: 'malformed', apply: (r) => (r.SoTien = `${String(r.SoTien).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`) },
  { what: 'an impossible ThoiGian', outcome: 'flawed', apply: (r, pick) => (r.ThoiGian = impossibleCompact(r.ThoiGian, pick)) },
];
