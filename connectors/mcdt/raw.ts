/**
 * Raw shapes served by an MCĐT (electronic one-stop-shop) system, exactly as the
 * contract in shared/source-systems.md §B names them. These are what arrives on
 * the wire: every field may be missing or of the wrong type in a bad record, so
 * `spec.ts` judges them, field by field, before anything is mapped.
 *
 * Dates: `yyyyMMddHHmmss` local time (UTC+7, no offset) on dossiers and payments,
 * `dd/MM/yyyy` on catalogues. Empty string or null both mean "no value".
 */

/** One step of a dossier's process log (`QuaTrinhXuLy`). */
export interface RawProcessStep {
  ThoiGian: string;
  TrangThai: number | string;
  NguoiXuLy: string | null;
  ChucDanh: string | null;
  PhongBanXuLy: string | null;
  NoiDungXuLy: string | null;
  NgayHetHanBuocXuLy: string | null;
}

/** One supplement round (`DanhSachHoSoBoSung`). */
export interface RawSupplementRound {
  NgayYeuCau: string | null;
  NoiDung: string | null;
  NgayBoSung: string | null;
  NgayHenTraTruoc: string | null;
  NgayHenTraMoi: string | null;
}

/** B1: one dossier (`HoSo`). */
export interface RawDossier {
  MaHoSo: string;
  MaHoSoKhac: string | null;
  MaDinhDanhDonVi: string;
  TenDonVi: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string | null;
  TenLinhVuc: string | null;
  /** 1 counter, 2 online, 3 public postal service; null means counter. */
  KenhThucHien: number | null;
  /** 2 not online, 3 partly online, 4 fully online. */
  MucDo: number | null;
  LoaiDoiTuong: string | null;
  ChuHoSo: string | null;
  LoaiGiayToChuHoSo: string | null;
  SoGiayToChuHoSo: string | null;
  SoDienThoaiChuHoSo: string | null;
  EmailChuHoSo: string | null;
  DiaChiChuHoSo: string | null;
  TrichYeuHoSo: string | null;
  NgayNopHoSo: string | null;
  NgayTiepNhan: string | null;
  NgayHenTra: string | null;
  NgayKetThucXuLy: string | null;
  NgayTra: string | null;
  NgayTuChoi: string | null;
  LyDoTuChoi: string | null;
  /** 1..10, see domain.md A2.2. */
  TrangThaiHoSo: number;
  QuaTrinhXuLy: RawProcessStep[];
  DanhSachHoSoBoSung: RawSupplementRound[];
  HoSoCoThanhPhanSoHoa: number | null;
  DaSoHoaKetQua: number | null;
  SoKyHieuKetQua: string | null;
  NgayKyKetQua: string | null;
  NgayCapNhat: string;
}

/** B1 response envelope. */
export interface RawDossierPage {
  TongSo: number;
  DuLieu: RawDossier[];
}

/** B2: one agency (`GET /api/donvi`). */
export interface RawAgency {
  MaDinhDanh: string;
  Ten: string;
  MaDinhDanhCha: string | null;
  /** Level under Decision 20/2020: 1 province, 2 department/district, 3 commune, 4 unit below a commune. */
  Cap: number;
  /** `dd/MM/yyyy` or null. */
  HieuLucTu: string | null;
  HieuLucDen: string | null;
  /** Successor's code after the 2025 rearrangement, or null. */
  MaDinhDanhSauSapXep: string | null;
}

/** B2: one local procedure (`GET /api/thutuc`). */
export interface RawProcedure {
  MaTTHC: string;
  MaTTHCQG: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  MucDo: number;
  /** 0 together with DonViTinh null: no legal deadline. */
  ThoiGianGiaiQuyet: number;
  DonViTinh: 'ngay' | 'ngay-lam-viec' | null;
  CoPhiLePhi: number;
}

/** B3: one counter/transfer payment (`GET /api/thanhtoan`). */
export interface RawPayment {
  Ma: string;
  MaHoSo: string;
  SoTien: number;
  HinhThucThanhToan: 'tien-mat' | 'chuyen-khoan';
  TrangThai: 'Chưa thanh toán' | 'Chờ thanh toán' | 'Đã thanh toán' | 'Hủy thanh toán' | 'Đã hoàn phí';
  ThoiGian: string;
  NgayCapNhat: string;
}
