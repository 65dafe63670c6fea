import type { AgencyRecord, Channel, DossierEventRecord, DossierRecord, PaymentMethod, PaymentRecord, ProcedureRecord, SupplementRecord } from '../../src/model/records';
import { asArray, asObject, FieldCollector } from '../collect';
import { compactLocalTime, flag, integer, nationalProcedureCode, requiredText, slashDate, text } from '../normalise';

/** Pure mappings from MCĐT wire shapes (raw.ts) to unified records. */

const CHANNELS: Record<number, Channel> = { 1: 'COUNTER', 2: 'ONLINE', 3: 'POSTAL' };

/** `KenhThucHien`: 1 counter, 2 online, 3 postal; null means counter. */
export function mapChannel(value: unknown): Channel {
  const n = integer('KenhThucHien', value);
  if (n === null) return 'COUNTER';
  const channel = CHANNELS[n];
  if (!channel) throw new Error(`KenhThucHien: ${JSON.stringify(value)} is not 1 (counter), 2 (online) or 3 (postal)`);
  return channel;
}

/** `TrangThaiHoSo`: the national 1–10 status set. */
export function mapStatus(value: unknown): number {
  const n = integer('TrangThaiHoSo', value);
  if (n === null || n < 1 || n > 10) throw new Error(`TrangThaiHoSo: ${JSON.stringify(value)} is not a status code 1–10`);
  return n;
}

/** `MucDo`: service level 2, 3 or 4. */
export function mapServiceLevel(field: string, value: unknown): number | null {
  const n = integer(field, value);
  if (n !== null && (n < 2 || n > 4)) throw new Error(`${field}: ${JSON.stringify(value)} is not a service level 2–4`);
  return n;
}

function mapEvent(step: unknown, i: number): DossierEventRecord {
  const f = `QuaTrinhXuLy[${i}]`;
  const s = asObject(step, f);
  return {
    occurredAt: compactLocalTime(`${f}.ThoiGian`, s.ThoiGian),
    status: integer(`${f}.TrangThai`, s.TrangThai),
    actor: text(`${f}.NguoiXuLy`, s.NguoiXuLy),
    actorTitle: text(`${f}.ChucDanh`, s.ChucDanh),
    department: text(`${f}.PhongBanXuLy`, s.PhongBanXuLy),
    content: text(`${f}.NoiDungXuLy`, s.NoiDungXuLy),
    stepDueAt: compactLocalTime(`${f}.NgayHetHanBuocXuLy`, s.NgayHetHanBuocXuLy),
  };
}

function mapSupplement(round: unknown, i: number): SupplementRecord {
  const f = `DanhSachHoSoBoSung[${i}]`;
  const r = asObject(round, f);
  return {
    requestedAt: compactLocalTime(`${f}.NgayYeuCau`, r.NgayYeuCau),
    content: text(`${f}.NoiDung`, r.NoiDung),
    suppliedAt: compactLocalTime(`${f}.NgayBoSung`, r.NgayBoSung),
    previousDueAt: compactLocalTime(`${f}.NgayHenTraTruoc`, r.NgayHenTraTruoc),
    newDueAt: compactLocalTime(`${f}.NgayHenTraMoi`, r.NgayHenTraMoi),
  };
}

/** B1 `HoSo` → DossierRecord. Throws MappingError listing every bad field. */
export function mapDossier(payload: unknown): DossierRecord {
  const r = asObject(payload, 'HoSo');
  const c = new FieldCollector();
  const time = (field: string) => c.take(() => compactLocalTime(field, r[field]), null);
  const str = (field: string) => c.take(() => text(field, r[field]), null);
  const procedureCode = c.take(() => requiredText('MaTTHC', r.MaTTHC), '');
  const record: DossierRecord = {
    code: c.take(() => requiredText('MaHoSo', r.MaHoSo), ''),
    otherCode: str('MaHoSoKhac'),
    agencyCode: c.take(() => requiredText('MaDinhDanhDonVi', r.MaDinhDanhDonVi), ''),
    agencyName: str('TenDonVi'),
    procedureCode,
    nationalProcedureCode: nationalProcedureCode(procedureCode),
    procedureName: str('TenTTHC'),
    fieldCode: str('MaLinhVuc'),
    fieldName: str('TenLinhVuc'),
    channel: c.take(() => mapChannel(r.KenhThucHien), 'COUNTER'),
    serviceLevel: c.take(() => mapServiceLevel('MucDo', r.MucDo), null),
    applicantType: str('LoaiDoiTuong'),
    applicantName: str('ChuHoSo'),
    applicantIdType: str('LoaiGiayToChuHoSo'),
    applicantIdNumber: str('SoGiayToChuHoSo'),
    applicantPhone: str('SoDienThoaiChuHoSo'),
    applicantEmail: str('EmailChuHoSo'),
    applicantAddress: str('DiaChiChuHoSo'),
    summary: str('TrichYeuHoSo'),
    submittedAt: time('NgayNopHoSo'),
    receivedAt: time('NgayTiepNhan'),
    dueAt: time('NgayHenTra'),
    finishedAt: time('NgayKetThucXuLy'),
    returnedAt: time('NgayTra'),
    refusedAt: time('NgayTuChoi'),
    refusalReason: str('LyDoTuChoi'),
    status: c.take(() => mapStatus(r.TrangThaiHoSo), 0),
    supplements: c.take(() => asArray('DanhSachHoSoBoSung', r.DanhSachHoSoBoSung).map(mapSupplement), []),
    hasDigitisedComponents: c.take(() => flag('HoSoCoThanhPhanSoHoa', r.HoSoCoThanhPhanSoHoa), null),
    resultDigitised: c.take(() => flag('DaSoHoaKetQua', r.DaSoHoaKetQua), null),
    resultDocumentNumber: str('SoKyHieuKetQua'),
    resultSignedAt: time('NgayKyKetQua'),
    sourceUpdatedAt: c.take(() => compactLocalTime('NgayCapNhat', r.NgayCapNhat), null) ?? new Date(0),
    events: c.take(() => asArray('QuaTrinhXuLy', r.QuaTrinhXuLy).map(mapEvent), []),
  };
  if (r.NgayCapNhat === null || r.NgayCapNhat === undefined || r.NgayCapNhat === '') c.problem('NgayCapNhat: missing (every listed record must carry its change time)');
  c.done();
  return record;
}

/** B2 đơn vị → AgencyRecord. */
export function mapAgency(payload: unknown): AgencyRecord {
  const r = asObject(payload, 'DonVi');
  const c = new FieldCollector();
  const record: AgencyRecord = {
    code: c.take(() => requiredText('MaDinhDanh', r.MaDinhDanh), ''),
    name: c.take(() => requiredText('Ten', r.Ten), ''),
    parentCode: c.take(() => text('MaDinhDanhCha', r.MaDinhDanhCha), null),
    level: c.take(() => integer('Cap', r.Cap), null),
    validFrom: c.take(() => slashDate('HieuLucTu', r.HieuLucTu), null),
    validTo: c.take(() => slashDate('HieuLucDen', r.HieuLucDen), null),
    successorCode: c.take(() => text('MaDinhDanhSauSapXep', r.MaDinhDanhSauSapXep), null),
  };
  c.done();
  return record;
}

/** B2 thủ tục → ProcedureRecord. `ThoiGianGiaiQuyet` 0 with no unit means no legal deadline. */
export function mapProcedure(payload: unknown): ProcedureRecord {
  const r = asObject(payload, 'ThuTuc');
  const c = new FieldCollector();
  const code = c.take(() => requiredText('MaTTHC', r.MaTTHC), '');
  const national = c.take(() => text('MaTTHCQG', r.MaTTHCQG), null);
  const time = c.take(() => {
    const v = r.ThoiGianGiaiQuyet;
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`ThoiGianGiaiQuyet: ${JSON.stringify(v)} is not a number of days`);
    return n;
  }, null);
  const unit = c.take(() => {
    const u = text('DonViTinh', r.DonViTinh);
    if (u === null) return null;
    if (u === 'ngay') return 'DAYS' as const;
    if (u === 'ngay-lam-viec') return 'WORKING_DAYS' as const;
    throw new Error(`DonViTinh: ${JSON.stringify(u)} is not "ngay" or "ngay-lam-viec"`);
  }, null);
  const noDeadline = unit === null || !time;
  const record: ProcedureRecord = {
    code,
    nationalCode: national ?? nationalProcedureCode(code),
    name: c.take(() => requiredText('TenTTHC', r.TenTTHC), ''),
    fieldCode: c.take(() => text('MaLinhVuc', r.MaLinhVuc), null),
    fieldName: c.take(() => text('TenLinhVuc', r.TenLinhVuc), null),
    serviceLevel: c.take(() => mapServiceLevel('MucDo', r.MucDo), null),
    processingTime: noDeadline ? null : time,
    processingTimeUnit: noDeadline ? null : unit,
    hasFee: c.take(() => flag('CoPhiLePhi', r.CoPhiLePhi), null),
  };
  c.done();
  return record;
}

const PAYMENT_METHODS: Record<string, PaymentMethod> = { 'tien-mat': 'CASH', 'chuyen-khoan': 'TRANSFER' };
const PAYMENT_STATES = ['Chưa thanh toán', 'Chờ thanh toán', 'Đã thanh toán', 'Hủy thanh toán', 'Đã hoàn phí'];

/** B3 thanh toán → PaymentRecord. The status is Vietnamese text; compared after NFC. */
export function mapPayment(payload: unknown): PaymentRecord {
  const r = asObject(payload, 'ThanhToan');
  const c = new FieldCollector();
  const status = c.take(() => {
    const s = requiredText('TrangThai', r.TrangThai);
    if (!PAYMENT_STATES.includes(s)) throw new Error(`TrangThai: ${JSON.stringify(s)} is not one of ${PAYMENT_STATES.join(', ')}`);
    return s;
  }, '');
  const record: PaymentRecord = {
    sourceCode: c.take(() => requiredText('Ma', r.Ma), ''),
    dossierCode: c.take(() => text('MaHoSo', r.MaHoSo), null),
    amount: c.take(() => {
      const v = r.SoTien;
      if (v === null || v === undefined || v === '') return null;
      const n = typeof v === 'string' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`SoTien: ${JSON.stringify(v)} is not an amount`);
      return n;
    }, null),
    method: c.take(() => {
      const m = PAYMENT_METHODS[String(r.HinhThucThanhToan)];
      if (!m) throw new Error(`HinhThucThanhToan: ${JSON.stringify(r.HinhThucThanhToan)} is not "tien-mat" or "chuyen-khoan"`);
      return m;
    }, 'CASH'),
    status,
    succeeded: status === 'Đã thanh toán',
    paidAt: c.take(() => compactLocalTime('ThoiGian', r.ThoiGian), null),
    paidAtReliable: true,
    fees: [],
    sourceUpdatedAt: c.take(() => compactLocalTime('NgayCapNhat', r.NgayCapNhat), null) ?? new Date(0),
  };
  if (!r.NgayCapNhat) c.problem('NgayCapNhat: missing (every listed record must carry its change time)');
  c.done();
  return record;
}
