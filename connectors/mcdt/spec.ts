import { agencyCode, amount, compactTime, count, flag, identifier, list, longText, nationalProcedureCode, oneOf, range, slashDate, text, words } from '../spec/formats';
import { critical, defineRecordSpec, type FieldsOf, object, optional, personal, required } from '../spec/record';
import type { RawAgency, RawDossier, RawPayment, RawProcedure, RawProcessStep, RawSupplementRound } from './raw';

/**
 * What a valid MCĐT record is, stream by stream (shared/source-systems.md §B). A field
 * whose wrong value would change a figure or a link if it were emptied quarantines the
 * record (`required`, `critical`); descriptive text, names and contact details are
 * emptied and flagged instead (`optional`).
 */

const CHANGE_TIME = 'the change time the listing is read by';
const ON_TIME = 'decides the on-time indicator; empty has a meaning of its own';

const step = object(
  {
    ThoiGian: optional(compactTime()),
    TrangThai: optional(count(0, 'a status code')),
    NguoiXuLy: personal(optional(text())),
    ChucDanh: optional(text()),
    PhongBanXuLy: optional(text()),
    NoiDungXuLy: optional(longText()),
    NgayHetHanBuocXuLy: optional(compactTime()),
  } satisfies FieldsOf<RawProcessStep>,
  'a process step',
);

const SUPPLEMENT = 'supplement rounds are subtracted from the processing time (on-time indicator)';
const round = object(
  {
    NgayYeuCau: critical(compactTime(), SUPPLEMENT),
    NoiDung: optional(longText()),
    NgayBoSung: critical(compactTime(), SUPPLEMENT),
    NgayHenTraTruoc: critical(compactTime(), SUPPLEMENT),
    NgayHenTraMoi: critical(compactTime(), SUPPLEMENT),
  } satisfies FieldsOf<RawSupplementRound>,
  'a supplement round',
);

/** B1 `HoSo`. */
export const DossierSpec = defineRecordSpec({
  name: 'HoSo',
  key: ['MaHoSo'],
  cursor: 'NgayCapNhat',
  fields: {
    MaHoSo: required(identifier('a dossier code, usually {agency code}-{yyMMdd}-{NNNN}'), 'the key'),
    MaHoSoKhac: critical(identifier('a dossier code'), 'links the portal copy; emptied, the dossier would count twice'),
    MaDinhDanhDonVi: required(agencyCode(), 'the handling agency every indicator is grouped by'),
    TenDonVi: optional(text()),
    MaTTHC: required(identifier('a local procedure code, e.g. 2.000488.000.00.00.H06'), 'the procedure every indicator is grouped by'),
    TenTTHC: optional(text()),
    MaLinhVuc: optional(identifier('a procedure field code')),
    TenLinhVuc: optional(text()),
    KenhThucHien: critical(oneOf([1, 2, 3], '1 counter, 2 online, 3 public postal service'), 'empty means the counter: a wrong value would move the dossier out of the online rate'),
    MucDo: optional(oneOf([2, 3, 4], '2 not online, 3 partly online, 4 fully online')),
    LoaiDoiTuong: optional(text()),
    ChuHoSo: personal(optional(text())),
    LoaiGiayToChuHoSo: optional(text()),
    SoGiayToChuHoSo: personal(optional(text({ max: 50, description: 'an id number' }))),
    SoDienThoaiChuHoSo: personal(optional(text({ max: 50, description: 'a phone number' }))),
    EmailChuHoSo: personal(optional(text({ max: 320, description: 'an e-mail address' }))),
    DiaChiChuHoSo: personal(optional(text())),
    TrichYeuHoSo: optional(longText()),
    NgayNopHoSo: critical(compactTime(), 'the submission time: counts the dossier in its period'),
    NgayTiepNhan: critical(compactTime(), ON_TIME),
    NgayHenTra: critical(compactTime(), `${ON_TIME} (no deadline)`),
    NgayKetThucXuLy: critical(compactTime(), `${ON_TIME} (NgayTra stands in when it is empty)`),
    NgayTra: critical(compactTime(), ON_TIME),
    NgayTuChoi: critical(compactTime(), ON_TIME),
    LyDoTuChoi: optional(longText()),
    TrangThaiHoSo: required(range(1, 10, '1 new … 10 returned'), 'the status every indicator reads'),
    QuaTrinhXuLy: optional(list(step)),
    DanhSachHoSoBoSung: critical(list(round), SUPPLEMENT),
    HoSoCoThanhPhanSoHoa: critical(flag(), 'the digitisation indicator; empty means unknown'),
    DaSoHoaKetQua: critical(flag(), 'the digitisation indicator; empty means unknown'),
    SoKyHieuKetQua: optional(text({ max: 100, description: 'a number/symbol' })),
    NgayKyKetQua: optional(compactTime()),
    NgayCapNhat: required(compactTime(), CHANGE_TIME),
  } satisfies FieldsOf<RawDossier>,
});

const VALIDITY = 'agency versions (the 2025 merger); empty means open-ended';

/** B2 đơn vị. */
export const AgencySpec = defineRecordSpec({
  name: 'DonVi',
  key: ['MaDinhDanh'],
  cursor: null,
  fields: {
    MaDinhDanh: required(agencyCode(), 'the key'),
    Ten: required(text(), 'an agency is shown by its name'),
    MaDinhDanhCha: critical(agencyCode(), 'the agency tree indicators roll up; empty makes a root'),
    Cap: optional(range(1, 4, '1 province … 4 below a commune')),
    HieuLucTu: critical(slashDate(), VALIDITY),
    HieuLucDen: critical(slashDate(), VALIDITY),
    MaDinhDanhSauSapXep: critical(agencyCode(), 'maps the old code to its successor; empty means no successor'),
  } satisfies FieldsOf<RawAgency>,
});

/** B2 thủ tục. */
export const ProcedureSpec = defineRecordSpec({
  name: 'ThuTuc',
  key: ['MaTTHC'],
  cursor: null,
  fields: {
    MaTTHC: required(identifier('a local procedure code'), 'the key'),
    MaTTHCQG: optional(nationalProcedureCode()),
    TenTTHC: required(text(), 'a procedure is shown by its name'),
    MaLinhVuc: optional(identifier('a procedure field code')),
    TenLinhVuc: optional(text()),
    MucDo: optional(oneOf([2, 3, 4], '2 not online, 3 partly online, 4 fully online')),
    ThoiGianGiaiQuyet: critical(count(0, 'a number of days'), 'the legal time of the on-time rule when a dossier has no due date; empty means none'),
    DonViTinh: critical(words(['ngay', 'ngay-lam-viec']), 'days or working days of the legal time'),
    CoPhiLePhi: optional(flag()),
  } satisfies FieldsOf<RawProcedure>,
});

/** B3 thanh toán. */
export const PaymentSpec = defineRecordSpec({
  name: 'ThanhToan',
  key: ['Ma'],
  cursor: 'NgayCapNhat',
  fields: {
    Ma: required(identifier('a payment code'), 'the key'),
    MaHoSo: critical(identifier('a dossier code'), 'the dossier the payment belongs to'),
    SoTien: critical(amount(), 'the amount paid'),
    HinhThucThanhToan: required(words(['tien-mat', 'chuyen-khoan']), 'cash or transfer'),
    TrangThai: required(words(['Chưa thanh toán', 'Chờ thanh toán', 'Đã thanh toán', 'Hủy thanh toán', 'Đã hoàn phí']), 'whether it was paid'),
    ThoiGian: optional(compactTime()),
    NgayCapNhat: required(compactTime(), CHANGE_TIME),
  } satisfies FieldsOf<RawPayment>,
});
