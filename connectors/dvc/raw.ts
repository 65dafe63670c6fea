/**
 * Wire shapes of the DVC public-service portal (national-portal adapter style),
 * exactly as shared/source-systems.md §C names them: what a valid record looks like.
 * What arrives may differ in a bad record (a field missing or of the wrong type);
 * `spec.ts` says, field by field, what passes.
 *
 * Dates are `yyyyMMddHHmmss` local time (UTC+7, no offset), except `ThoiGianGD`,
 * written `yyyyMMddhhmmss`: a 12-hour clock without AM/PM. Empty string or null
 * both mean "no value".
 */

/** `POST /dvc/auth` body. */
export interface RawAuthRequest {
  username: string;
  password: string;
}

/** `POST /dvc/auth` answer: `error_code` is a number here (0 ok, 1 refused), a string everywhere else. */
export interface RawAuthReply {
  session: string;
  error_code: number;
  message?: string;
}

export type DvcListService = 'LayDanhSachHoSo' | 'LayDanhSachThanhToan' | 'LayDanhSachDanhGia';
export type DvcCatalogueService = 'LayDanhSachTTHC' | 'LayDanhMucCoQuan';
export type DvcService = DvcListService | DvcCatalogueService;

/** Paging and window parameters of the list services (`tuNgay`/`denNgay` inclusive, over NgayCapNhat). */
export interface RawListParams {
  tuNgay: string;
  denNgay: string;
  /** From 1. */
  pageIndex: number;
  /** At most 200. */
  pageSize: number;
}

/** `POST /dvc/api` body. */
export type RawApiRequest = { session: string; madonvi: string; service: DvcService } & Partial<RawListParams>;

/**
 * `POST /dvc/api` answer. `error_code`: `"00"` ok, `"-1"` session expired (log in
 * again and repeat), `"01"` unknown service or unit, `"02"` a parameter missing or
 * out of range (sent with HTTP 400). `result` and `total` come with `"00"` only.
 */
export interface RawApiReply<T> {
  error_code: string;
  message: string;
  result?: T[];
  total?: number;
}

/** One applicant identifier (`DinhDanhCHS`): 1 CCCD (12 digits), 2 CMND (9 digits). */
export interface RawApplicantId {
  LoaiDinhDanh: number;
  /** `000000001` or `000000000` stand in for a missing id. */
  SoDinhDanh: string;
}

/** `LayDanhSachHoSo`: one online dossier as the portal holds it; ordered by (NgayCapNhat, MaHoSoQG). */
export interface RawPortalDossier {
  /** The portal's own code: the key. */
  MaHoSoQG: string;
  /** The one-stop-shop code when known; else empty or a different code. */
  MaHoSo: string;
  /** National procedure code `d.dddddd`. */
  MaTTHC: string;
  /** Online-service code: the local procedure code plus a suffix. */
  MaDVC: string;
  MaDinhDanhDonVi: string;
  /** Always 2 (online) here. */
  KenhThucHien: number;
  ChuHoSo: string | null;
  DinhDanhCHS: RawApplicantId[];
  NgayNopHoSo: string | null;
  NgayTiepNhan: string | null;
  NgayHenTra: string | null;
  NgayTra: string | null;
  /** 1–10 (domain.md A2.2), and 11 for portal-born dossiers refused locally. */
  TrangThaiHoSo: number;
  /** 0 no, 1 on the national portal, 2 through the local payment gateway. */
  DuocThanhToanTrucTuyen: number;
  TaiKhoanDuocXacThucVoiVNeID: number;
  NgayCapNhat: string;
}

/** One fee line of an online payment. */
export interface RawFeeLine {
  MaPhiLePhi: string;
  TenPhiLePhi: string;
  /** `Phí` or `Lệ phí`. */
  LoaiPhiLePhi: string;
  SoTien: number;
}

/**
 * `LayDanhSachThanhToan`: one payment-platform transaction. Its key is the portal's
 * reference `MaThamChieu`; the bank's `MaGiaoDich` may be empty (an attempt cancelled
 * before reaching the bank). Ordered by (NgayCapNhat, MaThamChieu).
 */
export interface RawOnlinePayment {
  NgayCapNhat: string;
  MaThamChieu: string;
  /** The dossier code as the portal shows it (`MaHoSo`, or `MaHoSoQG` when that is empty). */
  HoSo: string;
  SoTien: number;
  /** The bank's transaction id; empty when the attempt never reached the bank. */
  MaGiaoDich: string;
  /** `yyyyMMddhhmmss`, 12-hour clock without AM/PM: afternoon times read 12 h early. */
  ThoiGianGD: string;
  /** `00` success; any other code is a failure. */
  TrangThai: string;
  PhiLePhi: RawFeeLine[];
}

/** `LayDanhSachDanhGia`: one satisfaction rating; key and order (NgayCapNhat, MaHoSo, ThoiGianDanhGia). */
export interface RawRating {
  NgayCapNhat: string;
  MaHoSo: string;
  ThoiGianDanhGia: string;
  /** 1 very satisfied … 5 very dissatisfied. */
  MucDoHaiLong: number;
  NoiDung: string | null;
}

/** `LayDanhSachTTHC`: one national procedure; ordered by MaTTHC. */
export interface RawNationalProcedure {
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  MucDo: number;
  CoPhiLePhi: number;
}

/** `LayDanhMucCoQuan`: one agency; ordered by MADONVI. Level and parent come as text. */
export interface RawPortalAgency {
  MADONVI: string;
  TENDONVI: string;
  CAPDONVI: string;
  /** Empty for the top of the tree. */
  MADONVICHA: string;
}
