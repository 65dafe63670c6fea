import type { AgencyRecord, Channel, PaymentRecord, PortalDossierRecord, ProcedureRecord, RatingRecord } from '../../src/model/records';
import { asArray, asObject, FieldCollector } from '../collect';
import { compactLocalTime, FieldError, flag, integer, nationalProcedureCode, requiredText, text } from '../normalise';

/** Pure mappings from DVC portal wire shapes (raw.ts) to unified records. */

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

/** Key of an online payment: the bank's `MaGiaoDich`, or the portal's `MaThamChieu` when the bank gave none. */
export function paymentKey(row: unknown): string | null {
  return keyField(row, 'MaGiaoDich') ?? keyField(row, 'MaThamChieu');
}

/** Key of a rating: `MaHoSo|ThoiGianDanhGia` (a dossier may be rated more than once). */
export function ratingKey(row: unknown): string | null {
  const code = keyField(row, 'MaHoSo');
  const at = keyField(row, 'ThoiGianDanhGia');
  return code === null || at === null ? null : `${code}|${at}`;
}

/** An integer code within [min, max]; null for blank. */
function codeIn(field: string, value: unknown, min: number, max: number, expected: string): number | null {
  const n = integer(field, value);
  if (n !== null && (n < min || n > max)) throw new FieldError(field, value, expected);
  return n;
}

function required<T>(field: string, value: unknown, parsed: T | null, expected: string): T {
  if (parsed === null) throw new FieldError(field, value, `${expected} (it is required)`);
  return parsed;
}

/** `yyyyMMddHHmmss` that must be present. */
function requiredTime(field: string, value: unknown): Date {
  return required(field, value, compactLocalTime(field, value), 'a yyyyMMddHHmmss time');
}

/** An amount in VND (a number, or digits as text). */
function amount(field: string, value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new FieldError(field, value, 'an amount in VND');
  return n;
}

/** `KenhThucHien`: 1 counter, 2 online, 3 postal; null means counter. */
function mapChannel(value: unknown): Channel {
  const n = codeIn('KenhThucHien', value, 1, 3, '1 (counter), 2 (online) or 3 (postal)');
  return n === null ? 'COUNTER' : (CHANNELS[n] ?? 'COUNTER');
}

function mapApplicantId(item: unknown, i: number): PortalDossierRecord['applicantIds'][number] {
  const f = `DinhDanhCHS[${i}]`;
  const r = asObject(item, f);
  const number = requiredText(`${f}.SoDinhDanh`, r.SoDinhDanh);
  return { type: codeIn(`${f}.LoaiDinhDanh`, r.LoaiDinhDanh, 1, 2, '1 (CCCD) or 2 (CMND)'), number, dummy: isDummyId(number) };
}

/** LayDanhSachHoSo row → PortalDossierRecord. Throws MappingError listing every bad field. */
export function mapPortalDossier(payload: unknown): PortalDossierRecord {
  const r = asObject(payload, 'HoSo');
  const c = new FieldCollector();
  const time = (field: string) => c.take(() => compactLocalTime(field, r[field]), null);
  const str = (field: string) => c.take(() => text(field, r[field]), null);
  const procedure = str('MaTTHC');
  const record: PortalDossierRecord = {
    portalCode: c.take(() => requiredText('MaHoSoQG', r.MaHoSoQG), ''),
    code: str('MaHoSo'),
    nationalProcedureCode: procedure === null ? null : (nationalProcedureCode(procedure) ?? procedure),
    serviceCode: str('MaDVC'),
    agencyCode: str('MaDinhDanhDonVi'),
    channel: c.take(() => mapChannel(r.KenhThucHien), 'ONLINE'),
    applicantName: str('ChuHoSo'),
    applicantIds: c.take(() => asArray('DinhDanhCHS', r.DinhDanhCHS).map(mapApplicantId), []),
    submittedAt: time('NgayNopHoSo'),
    receivedAt: time('NgayTiepNhan'),
    dueAt: time('NgayHenTra'),
    returnedAt: time('NgayTra'),
    status: c.take(() => {
      const expected = 'a status code 1–10, or 11 (a portal-born dossier refused locally)';
      return required('TrangThaiHoSo', r.TrangThaiHoSo, codeIn('TrangThaiHoSo', r.TrangThaiHoSo, 1, 11, expected), expected);
    }, 0),
    onlinePayment: c.take(
      () => codeIn('DuocThanhToanTrucTuyen', r.DuocThanhToanTrucTuyen, 0, 2, '0 (not paid online), 1 (national portal) or 2 (local gateway)'),
      null,
    ),
    vneidVerified: c.take(() => flag('TaiKhoanDuocXacThucVoiVNeID', r.TaiKhoanDuocXacThucVoiVNeID), null),
    sourceUpdatedAt: c.take(() => requiredTime('NgayCapNhat', r.NgayCapNhat), new Date(0)),
  };
  c.done();
  return record;
}

function mapFeeLine(item: unknown, i: number): PaymentRecord['fees'][number] {
  const f = `PhiLePhi[${i}]`;
  const r = asObject(item, f);
  return {
    code: text(`${f}.MaPhiLePhi`, r.MaPhiLePhi),
    name: text(`${f}.TenPhiLePhi`, r.TenPhiLePhi),
    kind: text(`${f}.LoaiPhiLePhi`, r.LoaiPhiLePhi),
    amount: amount(`${f}.SoTien`, r.SoTien),
  };
}

/**
 * LayDanhSachThanhToan row → PaymentRecord (method ONLINE). `ThoiGianGD` is a
 * 12-hour clock without AM/PM: its date is right, its time may be 12 hours early,
 * so it is kept as read and flagged `paidAtReliable: false`.
 */
export function mapOnlinePayment(payload: unknown): PaymentRecord {
  const r = asObject(payload, 'ThanhToan');
  const c = new FieldCollector();
  const status = c.take(() => requiredText('TrangThai', r.TrangThai), '');
  const record: PaymentRecord = {
    sourceCode: paymentKey(r) ?? '',
    dossierCode: c.take(() => text('HoSo', r.HoSo), null),
    amount: c.take(() => amount('SoTien', r.SoTien), null),
    method: 'ONLINE',
    status,
    succeeded: status === '00',
    paidAt: c.take(() => compactLocalTime('ThoiGianGD', r.ThoiGianGD), null),
    paidAtReliable: false,
    fees: c.take(() => asArray('PhiLePhi', r.PhiLePhi).map(mapFeeLine), []),
    sourceUpdatedAt: c.take(() => requiredTime('NgayCapNhat', r.NgayCapNhat), new Date(0)),
  };
  if (record.sourceCode === '') c.problem('MaGiaoDich, MaThamChieu: both missing (one of them identifies the transaction)');
  c.done();
  return record;
}

/** LayDanhSachDanhGia row → RatingRecord. */
export function mapRating(payload: unknown): RatingRecord {
  const r = asObject(payload, 'DanhGia');
  const c = new FieldCollector();
  const expected = 'a satisfaction level 1 (very satisfied) … 5 (very dissatisfied)';
  const record: RatingRecord = {
    dossierCode: c.take(() => requiredText('MaHoSo', r.MaHoSo), ''),
    ratedAt: c.take(() => requiredTime('ThoiGianDanhGia', r.ThoiGianDanhGia), new Date(0)),
    satisfaction: c.take(() => required('MucDoHaiLong', r.MucDoHaiLong, codeIn('MucDoHaiLong', r.MucDoHaiLong, 1, 5, expected), expected), 0),
    comment: c.take(() => text('NoiDung', r.NoiDung), null),
    sourceUpdatedAt: c.take(() => requiredTime('NgayCapNhat', r.NgayCapNhat), new Date(0)),
  };
  c.done();
  return record;
}

/** LayDanhSachTTHC row → ProcedureRecord: the national catalogue has no deadlines, names of fields or local codes. */
export function mapNationalProcedure(payload: unknown): ProcedureRecord {
  const r = asObject(payload, 'TTHC');
  const c = new FieldCollector();
  const code = c.take(() => requiredText('MaTTHC', r.MaTTHC), '');
  const record: ProcedureRecord = {
    code,
    nationalCode: nationalProcedureCode(code),
    name: c.take(() => requiredText('TenTTHC', r.TenTTHC), ''),
    fieldCode: c.take(() => text('MaLinhVuc', r.MaLinhVuc), null),
    fieldName: null,
    serviceLevel: c.take(() => codeIn('MucDo', r.MucDo, 2, 4, 'a service level 2–4'), null),
    processingTime: null,
    processingTimeUnit: null,
    hasFee: c.take(() => flag('CoPhiLePhi', r.CoPhiLePhi), null),
  };
  c.done();
  return record;
}

/** LayDanhMucCoQuan row → AgencyRecord. The portal's catalogue carries no validity dates or successors. */
export function mapPortalAgency(payload: unknown): AgencyRecord {
  const r = asObject(payload, 'CoQuan');
  const c = new FieldCollector();
  const record: AgencyRecord = {
    code: c.take(() => requiredText('MADONVI', r.MADONVI), ''),
    name: c.take(() => requiredText('TENDONVI', r.TENDONVI), ''),
    parentCode: c.take(() => text('MADONVICHA', r.MADONVICHA), null),
    level: c.take(() => codeIn('CAPDONVI', r.CAPDONVI, 1, 4, 'an agency level 1–4'), null),
    validFrom: null,
    validTo: null,
    successorCode: null,
  };
  c.done();
  return record;
}
