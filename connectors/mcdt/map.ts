import type { AgencyRecord, Channel, DossierRecord, PaymentMethod, PaymentRecord, ProcedureRecord } from '../../src/model/records';
import { nationalProcedureCode } from '../normalise';
import { type CheckedOf, checkThen } from '../spec/record';
import { AgencySpec, DossierSpec, PaymentSpec, ProcedureSpec } from './spec';

/**
 * Pure mappings from MCĐT records that passed their spec (spec.ts) to unified records.
 * Every value is already typed, in range and NFC; what is left is the hub's reading.
 */

export type CheckedDossier = CheckedOf<typeof DossierSpec>;

const CHANNELS: Record<number, Channel> = { 1: 'COUNTER', 2: 'ONLINE', 3: 'POSTAL' };

/** B1 `HoSo` → DossierRecord. `KenhThucHien` empty means the counter. */
export function toDossier(r: CheckedDossier): DossierRecord {
  return {
    code: r.MaHoSo,
    otherCode: r.MaHoSoKhac,
    agencyCode: r.MaDinhDanhDonVi,
    agencyName: r.TenDonVi,
    procedureCode: r.MaTTHC,
    nationalProcedureCode: nationalProcedureCode(r.MaTTHC),
    procedureName: r.TenTTHC,
    fieldCode: r.MaLinhVuc,
    fieldName: r.TenLinhVuc,
    channel: CHANNELS[r.KenhThucHien ?? 1] ?? 'COUNTER',
    serviceLevel: r.MucDo,
    applicantType: r.LoaiDoiTuong,
    applicantName: r.ChuHoSo,
    applicantIdType: r.LoaiGiayToChuHoSo,
    applicantIdNumber: r.SoGiayToChuHoSo,
    applicantPhone: r.SoDienThoaiChuHoSo,
    applicantEmail: r.EmailChuHoSo,
    applicantAddress: r.DiaChiChuHoSo,
    summary: r.TrichYeuHoSo,
    submittedAt: r.NgayNopHoSo,
    receivedAt: r.NgayTiepNhan,
    dueAt: r.NgayHenTra,
    finishedAt: r.NgayKetThucXuLy,
    returnedAt: r.NgayTra,
    refusedAt: r.NgayTuChoi,
    refusalReason: r.LyDoTuChoi,
    status: r.TrangThaiHoSo,
    supplements: (r.DanhSachHoSoBoSung ?? []).map((s) => ({
      requestedAt: s.NgayYeuCau,
      content: s.NoiDung,
      suppliedAt: s.NgayBoSung,
      previousDueAt: s.NgayHenTraTruoc,
      newDueAt: s.NgayHenTraMoi,
    })),
    hasDigitisedComponents: r.HoSoCoThanhPhanSoHoa,
    resultDigitised: r.DaSoHoaKetQua,
    resultDocumentNumber: r.SoKyHieuKetQua,
    resultSignedAt: r.NgayKyKetQua,
    sourceUpdatedAt: r.NgayCapNhat,
    events: (r.QuaTrinhXuLy ?? []).map((s) => ({
      occurredAt: s.ThoiGian,
      status: s.TrangThai,
      actor: s.NguoiXuLy,
      actorTitle: s.ChucDanh,
      department: s.PhongBanXuLy,
      content: s.NoiDungXuLy,
      stepDueAt: s.NgayHetHanBuocXuLy,
    })),
  };
}

/** B2 đơn vị → AgencyRecord. */
export function toAgency(r: CheckedOf<typeof AgencySpec>): AgencyRecord {
  return {
    code: r.MaDinhDanh,
    name: r.Ten,
    parentCode: r.MaDinhDanhCha,
    level: r.Cap,
    validFrom: r.HieuLucTu,
    validTo: r.HieuLucDen,
    successorCode: r.MaDinhDanhSauSapXep,
  };
}

/** B2 thủ tục → ProcedureRecord. `ThoiGianGiaiQuyet` 0, or no unit, means no legal deadline. */
export function toProcedure(r: CheckedOf<typeof ProcedureSpec>): ProcedureRecord {
  const unit = r.DonViTinh === 'ngay' ? 'DAYS' : r.DonViTinh === 'ngay-lam-viec' ? 'WORKING_DAYS' : null;
  const noDeadline = unit === null || !r.ThoiGianGiaiQuyet;
  return {
    code: r.MaTTHC,
    nationalCode: r.MaTTHCQG ?? nationalProcedureCode(r.MaTTHC),
    name: r.TenTTHC,
    fieldCode: r.MaLinhVuc,
    fieldName: r.TenLinhVuc,
    serviceLevel: r.MucDo,
    processingTime: noDeadline ? null : r.ThoiGianGiaiQuyet,
    processingTimeUnit: noDeadline ? null : unit,
    hasFee: r.CoPhiLePhi,
  };
}

const PAYMENT_METHODS: Record<string, PaymentMethod> = { 'tien-mat': 'CASH', 'chuyen-khoan': 'TRANSFER' };

/** B3 thanh toán → PaymentRecord. */
export function toPayment(r: CheckedOf<typeof PaymentSpec>): PaymentRecord {
  return {
    sourceCode: r.Ma,
    dossierCode: r.MaHoSo,
    amount: r.SoTien,
    method: PAYMENT_METHODS[r.HinhThucThanhToan] ?? 'CASH',
    status: r.TrangThai,
    succeeded: r.TrangThai === 'Đã thanh toán',
    paidAt: r.ThoiGian,
    paidAtReliable: true,
    fees: [],
    sourceUpdatedAt: r.NgayCapNhat,
  };
}

/** Raw payload → unified record, for callers outside the engine (benchmarks, tests). */
export const mapDossier = checkThen(DossierSpec, toDossier);
export const mapAgency = checkThen(AgencySpec, toAgency);
export const mapProcedure = checkThen(ProcedureSpec, toProcedure);
export const mapPayment = checkThen(PaymentSpec, toPayment);
