import { agencyCode, amount, code, compactTime, flag, identifier, list, longText, nationalPart, nationalProcedureCode, oneOf, range, text, twelveHourTime } from '../spec/formats';
import { critical, defineRecordSpec, type FieldsOf, object, optional, personal, required } from '../spec/record';
import type { RawApplicantId, RawFeeLine, RawNationalProcedure, RawOnlinePayment, RawPortalAgency, RawPortalDossier, RawRating } from './raw';

/**
 * What a valid DVC portal record is, service by service (shared/source-systems.md §C).
 * As for the one-stop-shop: a field whose wrong value would change a figure or a link
 * if emptied quarantines the record; descriptive fields are emptied and flagged.
 */

const CHANGE_TIME = 'the change time the listing is read by';
const LINK = 'links the portal copy to its one-stop-shop dossier; emptied, the dossier could count twice';
const DATES = 'the portal copy supplies these dates when the one-stop-shop has no record; empty has a meaning of its own';

const applicantId = object(
  {
    LoaiDinhDanh: optional(oneOf([1, 2], '1 CCCD, 2 CMND')),
    SoDinhDanh: personal(required(code('a 9- or 12-digit id number', /^(\d{9}|\d{12})$/), 'an id entry without its number says nothing')),
  } satisfies FieldsOf<RawApplicantId>,
  'an applicant id',
);

/** `LayDanhSachHoSo`. */
export const PortalDossierSpec = defineRecordSpec({
  name: 'HoSo',
  key: ['MaHoSoQG'],
  cursor: 'NgayCapNhat',
  fields: {
    MaHoSoQG: required(identifier('a portal dossier code'), 'the key'),
    MaHoSo: critical(identifier('a dossier code'), LINK),
    MaTTHC: critical(nationalPart(), `${LINK} (by agency, procedure, accepted minute and applicant)`),
    MaDVC: optional(identifier('an online-service code')),
    MaDinhDanhDonVi: critical(agencyCode(), LINK),
    KenhThucHien: critical(oneOf([1, 2, 3], '1 counter, 2 online, 3 public postal service'), 'the online rate; empty means the counter'),
    ChuHoSo: personal(optional(text())),
    DinhDanhCHS: optional(list(applicantId)),
    NgayNopHoSo: critical(compactTime(), DATES),
    NgayTiepNhan: critical(compactTime(), `${DATES}; also links by the accepted minute`),
    NgayHenTra: critical(compactTime(), DATES),
    NgayTra: critical(compactTime(), DATES),
    TrangThaiHoSo: required(range(1, 11, '1 new … 10 returned, 11 refused locally (portal-born)'), 'the status every indicator reads'),
    DuocThanhToanTrucTuyen: critical(oneOf([0, 1, 2], '0 no, 1 national portal, 2 local gateway'), 'the online-payment indicator'),
    TaiKhoanDuocXacThucVoiVNeID: optional(flag()),
    NgayCapNhat: required(compactTime(), CHANGE_TIME),
  } satisfies FieldsOf<RawPortalDossier>,
});

const feeLine = object(
  {
    MaPhiLePhi: optional(identifier('a fee code')),
    TenPhiLePhi: optional(text()),
    LoaiPhiLePhi: optional(text({ max: 50 })),
    SoTien: optional(amount()),
  } satisfies FieldsOf<RawFeeLine>,
  'a fee line',
);

/** `LayDanhSachThanhToan`: keyed by the portal's reference; the bank's id may be empty. */
export const OnlinePaymentSpec = defineRecordSpec({
  name: 'ThanhToan',
  key: ['MaThamChieu'],
  cursor: 'NgayCapNhat',
  fields: {
    NgayCapNhat: required(compactTime(), CHANGE_TIME),
    MaThamChieu: required(identifier('a payment reference'), 'the key'),
    HoSo: critical(identifier('a dossier code'), 'the dossier the payment belongs to'),
    SoTien: critical(amount(), 'the amount paid'),
    MaGiaoDich: optional(identifier('a bank transaction id')),
    ThoiGianGD: optional(twelveHourTime()),
    TrangThai: required(code('a result code of letters and digits (00 success)', /^[0-9A-Za-z]{1,10}$/), 'whether the payment succeeded'),
    PhiLePhi: optional(list(feeLine)),
  } satisfies FieldsOf<RawOnlinePayment>,
});

/** `LayDanhSachDanhGia`: a dossier may be rated more than once, so the time is part of the key. */
export const RatingSpec = defineRecordSpec({
  name: 'DanhGia',
  key: ['MaHoSo', 'ThoiGianDanhGia'],
  cursor: 'NgayCapNhat',
  fields: {
    NgayCapNhat: required(compactTime(), CHANGE_TIME),
    MaHoSo: required(identifier('a dossier code'), 'part of the key'),
    ThoiGianDanhGia: required(compactTime(), 'part of the key'),
    MucDoHaiLong: required(range(1, 5, '1 very satisfied … 5 very dissatisfied'), 'the satisfaction indicator'),
    NoiDung: optional(longText()),
  } satisfies FieldsOf<RawRating>,
});

/** `LayDanhSachTTHC`. */
export const NationalProcedureSpec = defineRecordSpec({
  name: 'TTHC',
  key: ['MaTTHC'],
  cursor: null,
  fields: {
    MaTTHC: required(nationalProcedureCode(), 'the key'),
    TenTTHC: required(text(), 'a procedure is shown by its name'),
    MaLinhVuc: optional(identifier('a procedure field code')),
    MucDo: optional(oneOf([2, 3, 4], '2 not online, 3 partly online, 4 fully online')),
    CoPhiLePhi: optional(flag()),
  } satisfies FieldsOf<RawNationalProcedure>,
});

/** `LayDanhMucCoQuan`: level and parent come as text. */
export const PortalAgencySpec = defineRecordSpec({
  name: 'CoQuan',
  key: ['MADONVI'],
  cursor: null,
  fields: {
    MADONVI: required(agencyCode(), 'the key'),
    TENDONVI: required(text(), 'an agency is shown by its name'),
    CAPDONVI: optional(range(1, 4, '1 province … 4 below a commune')),
    MADONVICHA: critical(agencyCode(), 'the agency tree indicators roll up; empty makes a root'),
  } satisfies FieldsOf<RawPortalAgency>,
});
