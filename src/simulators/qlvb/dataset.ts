/**
 * Deterministic data of the QLVB (document management) simulator: the incoming
 * and outgoing registers, the edXML packages waiting on the exchange axis, and
 * the live changes made through /__control (mutations, deletions, clock, pushes).
 *
 * A document is never stored: its text is regenerated from (seed, index). Start-up
 * keeps typed arrays only (times, register, issuer, numbers, listing order), so
 * 200 000 documents cost a few megabytes. Documents are laid on the working hours
 * of the history in index order, so vendor ids and register numbers grow with time,
 * as in a real register.
 *
 * Agencies come from the MCĐT simulator's tree (same seed, same codes), and a few
 * outgoing documents are the results of its finished dossiers: `SoKyHieu` and
 * `NgayBanHanh` are the dossier's `SoKyHieuKetQua`/`NgayKyKetQua` and `TrichYeu`
 * names the dossier code. The link holds when both simulators share seed,
 * history, `now` and the MCĐT size.
 */
import type { RawAgency } from '../../../connectors/mcdt/raw';
import type { RawDocument, RawDocumentState, RawOrgan } from '../../../connectors/qlvb/raw';
import { McdtDataset } from '../mcdt/dataset';
import { foldAscii } from '../shared/text';
import { personName, phoneNumber } from '../shared/names';
import { Rng, Scatter, hash32 } from '../shared/prng';
import { DAY_SEC, VN_OFFSET_SEC, formatDay, localDayStart, localSec, localWeekday, parseCompact, toSec } from '../shared/time';

// ------------------------------------------------------------ time formats

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function local(sec: number): { y: number; mo: string; d: string; time: string } {
  const t = new Date((sec + VN_OFFSET_SEC) * 1000);
  return {
    y: t.getUTCFullYear(),
    mo: pad2(t.getUTCMonth() + 1),
    d: pad2(t.getUTCDate()),
    time: `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`,
  };
}

/** `yyyy-MM-ddTHH:mm:ss`, the listing's change times. */
function formatLocalIso(sec: number): string {
  const p = local(sec);
  return `${p.y}-${p.mo}-${p.d}T${p.time}`;
}

/** `yyyy/MM/dd`, edXML dates. */
function formatEdxmlDay(sec: number): string {
  const p = local(sec);
  return `${p.y}/${p.mo}/${p.d}`;
}

/** `yyyy/MM/dd HH:mm:ss`, edXML timestamps. */
function formatEdxmlTime(sec: number): string {
  const p = local(sec);
  return `${p.y}/${p.mo}/${p.d} ${p.time}`;
}

/** Epoch seconds of a strict `yyyy-MM-ddTHH:mm:ss`, or null. */
export function parseLocalIso(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const sec = localSec(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  // Date.UTC rolls 31/02 over to March: a round trip rejects it.
  return formatLocalIso(sec) === text ? sec : null;
}

const MERGER_SEC = localSec(2025, 7, 1);
const YEAR_2025_SEC = localSec(2025, 1, 1);
const WORK_START = 7 * 3600 + 1800;
const WORK_SPAN = 9 * 3600 + 1800;

/** The next moment inside office hours (07:30–17:00, Monday–Friday) at or after `t`. */
function officeTime(t: number): number {
  let day = localDayStart(t);
  let at = t;
  for (;;) {
    const wd = localWeekday(day);
    const open = wd !== 0 && wd !== 6;
    // Work waiting for the office to open is picked up in its first half hour.
    if (open && at < day + WORK_START) return day + WORK_START + (t % 1800);
    if (open && at < day + WORK_START + WORK_SPAN) return at;
    day += DAY_SEC;
    at = day;
  }
}

// ---------------------------------------------------------------- organs

type OrganKind = 'province' | 'department' | 'district' | 'commune' | 'land' | 'central' | 'external';

interface Organ {
  code: string;
  name: string;
  kind: OrganKind;
  /** Symbol part of its documents: `UBND`, `SNV`, `VPCP`. */
  abbr: string;
  /** Drafting divisions used in the symbol of its công văn (`UBND-VX`). */
  divisions: readonly string[];
  /** 0 outside the province (any time), 1 Bắc Kạn before the merger, 2 Thái Nguyên after it. */
  era: 0 | 1 | 2;
  place: string;
}

const DIVISIONS: Readonly<Record<OrganKind, readonly string[]>> = {
  province: ['VX', 'KT', 'NC', 'TH', 'GTCNXD', 'NNTNMT', 'HCC'],
  department: ['VP', 'TCCB', 'KHTC', 'NV', 'TTr'],
  district: ['VP', 'TCKH', 'NV', 'KT'],
  commune: [],
  land: ['VP', 'ĐK'],
  central: [],
  external: ['VX', 'KT', 'TH'],
};

/**
 * Senders outside the province. Văn phòng Chính phủ's code is the one seen in
 * a real DocumentId (domain.md B4); the ministries' `G` codes are stand-ins, like
 * `H06` for Bắc Kạn.
 */
const OUTSIDE: readonly Organ[] = [
  { code: '000.00.04.G14', name: 'Văn phòng Chính phủ', kind: 'central', abbr: 'VPCP', divisions: ['KGVX', 'KTTH', 'NC', 'QHĐP', 'ĐMDN'], era: 0, place: 'Hà Nội' },
  { code: '000.00.00.G09', name: 'Bộ Nội vụ', kind: 'central', abbr: 'BNV', divisions: ['CCVC', 'TCBC', 'CQĐP'], era: 0, place: 'Hà Nội' },
  { code: '000.00.00.G12', name: 'Bộ Tài chính', kind: 'central', abbr: 'BTC', divisions: ['NSNN', 'ĐT', 'QLCS'], era: 0, place: 'Hà Nội' },
  { code: '000.00.00.G10', name: 'Bộ Y tế', kind: 'central', abbr: 'BYT', divisions: ['KCB', 'DP', 'BH'], era: 0, place: 'Hà Nội' },
  { code: '000.00.00.G08', name: 'Bộ Giáo dục và Đào tạo', kind: 'central', abbr: 'BGDĐT', divisions: ['GDPT', 'QLCL', 'KHTC'], era: 0, place: 'Hà Nội' },
  { code: '000.00.00.G02', name: 'Bộ Tư pháp', kind: 'central', abbr: 'BTP', divisions: ['HTQTCT', 'VĐCXDPL'], era: 0, place: 'Hà Nội' },
  { code: '000.00.00.H38', name: 'UBND tỉnh Lào Cai', kind: 'external', abbr: 'UBND', divisions: DIVISIONS.external, era: 0, place: 'Lào Cai' },
  { code: '000.00.00.H30', name: 'UBND tỉnh Hậu Giang', kind: 'external', abbr: 'UBND', divisions: DIVISIONS.external, era: 0, place: 'Hậu Giang' },
  { code: '000.00.00.H56', name: 'UBND tỉnh Thanh Hóa', kind: 'external', abbr: 'UBND', divisions: DIVISIONS.external, era: 0, place: 'Thanh Hóa' },
];

function classify(a: RawAgency): OrganKind {
  if (a.Cap === 1) return 'province';
  if (/^(Sở|Ban) /.test(a.Ten)) return 'department';
  if (/^UBND (huyện|thành phố) /.test(a.Ten)) return 'district';
  if (/^UBND (xã|phường|thị trấn) /.test(a.Ten)) return 'commune';
  return 'land';
}

/** "Sở Lao động – Thương binh và Xã hội tỉnh Bắc Kạn" → "SLĐTBXH"; every people's committee → "UBND". */
export function abbreviation(name: string): string {
  if (name.startsWith('UBND')) return 'UBND';
  const core = name.replace(/ (tỉnh|huyện|thành phố|khu vực) .*$/, '');
  return core
    .split(/[\s,–-]+/)
    .filter((w) => w !== '' && w !== 'và')
    .map((w) => (w[0] ?? '').toUpperCase())
    .join('');
}

function ourOrgan(a: RawAgency): Organ {
  const kind = classify(a);
  const bacKan = a.MaDinhDanh.endsWith('.H06');
  return { code: a.MaDinhDanh, name: a.Ten, kind, abbr: abbreviation(a.Ten), divisions: DIVISIONS[kind], era: bacKan ? 1 : 2, place: bacKan ? 'Bắc Kạn' : 'Thái Nguyên' };
}

/** Signing roles per kind of organ: head, two deputies, office chief (position, competence). */
const SIGNERS: Readonly<Record<OrganKind, readonly (readonly [string, string])[]>> = {
  province: [['Chủ tịch', 'TM. Ủy ban nhân dân'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Chánh Văn phòng', 'TL. Chủ tịch']],
  department: [['Giám đốc', ''], ['Phó Giám đốc', 'KT. Giám đốc'], ['Phó Giám đốc', 'KT. Giám đốc'], ['Chánh Văn phòng', 'TL. Giám đốc']],
  district: [['Chủ tịch', 'TM. Ủy ban nhân dân'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Chánh Văn phòng', 'TL. Chủ tịch']],
  commune: [['Chủ tịch', 'TM. Ủy ban nhân dân'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Công chức Văn phòng – Thống kê', 'TL. Chủ tịch']],
  land: [['Giám đốc', ''], ['Phó Giám đốc', 'KT. Giám đốc'], ['Phó Giám đốc', 'KT. Giám đốc'], ['Phó Giám đốc', 'KT. Giám đốc']],
  central: [['Bộ trưởng', ''], ['Thứ trưởng', 'KT. Bộ trưởng'], ['Thứ trưởng', 'KT. Bộ trưởng'], ['Chánh Văn phòng', 'TL. Bộ trưởng']],
  external: [['Chủ tịch', 'TM. Ủy ban nhân dân'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Phó Chủ tịch', 'KT. Chủ tịch'], ['Chánh Văn phòng', 'TL. Chủ tịch']],
};

/** How often each kind of our agencies issues or registers a document. */
const OUR_KINDS: readonly OrganKind[] = ['province', 'department', 'district', 'commune'];
const OUR_KIND_WEIGHTS = [35, 40, 18, 7] as const;

// -------------------------------------------------------- document texts

interface DocType {
  name: string;
  /** Prefix of the symbol (`QĐ-UBND`); null for công văn, whose symbol is issuer-division. */
  abbr: string | null;
  /** edXML `DocumentType/Type`. */
  code: number;
}

const DOC_TYPES: readonly DocType[] = [
  { name: 'Công văn', abbr: null, code: 1 },
  { name: 'Quyết định', abbr: 'QĐ', code: 2 },
  { name: 'Tờ trình', abbr: 'TTr', code: 5 },
  { name: 'Báo cáo', abbr: 'BC', code: 4 },
  { name: 'Kế hoạch', abbr: 'KH', code: 6 },
  { name: 'Thông báo', abbr: 'TB', code: 3 },
  { name: 'Giấy mời', abbr: 'GM', code: 7 },
  { name: 'Chỉ thị', abbr: 'CT', code: 8 },
];
const TYPE_WEIGHTS_DEN = [45, 12, 5, 12, 8, 8, 8, 2] as const;
const TYPE_WEIGHTS_DI = [40, 18, 8, 12, 8, 6, 6, 2] as const;

const TOPICS: readonly string[] = [
  'triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử',
  'tăng cường công tác phòng cháy, chữa cháy rừng',
  'thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới',
  'thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững',
  'thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi',
  'đẩy mạnh cải cách hành chính, nâng cao Chỉ số PAR INDEX',
  'nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình',
  'phòng, chống thiên tai và tìm kiếm cứu nạn',
  'bảo đảm trật tự, an toàn giao thông',
  'phát triển du lịch gắn với bảo tồn Vườn quốc gia Ba Bể',
  'quản lý, bảo vệ và phát triển rừng bền vững',
  'tổ chức Kỳ thi tốt nghiệp trung học phổ thông',
  'phòng, chống dịch bệnh truyền nhiễm',
  'đẩy nhanh tiến độ giải ngân vốn đầu tư công',
  'tăng cường quản lý thu ngân sách nhà nước',
  'chi trả chế độ, chính sách đối với người có công với cách mạng',
  'kiểm tra công tác văn thư, lưu trữ',
  'đẩy nhanh tiến độ đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất',
  'hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo',
  'phát triển sản phẩm OCOP',
  'bảo đảm an toàn thực phẩm',
  'tuyển dụng công chức, viên chức',
  'công tác thi đua, khen thưởng',
  'quản lý nhà nước về khoáng sản',
  'tiếp công dân, giải quyết khiếu nại, tố cáo',
  'phòng, chống tham nhũng, tiêu cực',
  'phát triển người tham gia bảo hiểm xã hội, bảo hiểm y tế',
  'bảo đảm an toàn thông tin mạng',
  'chuyển đổi số trong cơ quan nhà nước',
  'phòng, chống bệnh Dịch tả lợn châu Phi',
];
/** From 2025: the rearrangement of the apparatus and the administrative units. */
const TOPICS_2025: readonly string[] = [
  'sắp xếp đơn vị hành chính cấp tỉnh, cấp xã',
  'sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị',
  'thực hiện chính sách đối với cán bộ, công chức theo Nghị định số 178/2024/NĐ-CP',
];
/** After 1 July 2025: the merged province. */
const TOPICS_MERGED: readonly string[] = [
  'vận hành chính quyền địa phương hai cấp',
  'bàn giao hồ sơ, tài liệu của các đơn vị hành chính sau sắp xếp',
  'chuyển giao dữ liệu các hệ thống thông tin sau hợp nhất tỉnh',
];

const PERIODS = ['quý I', '6 tháng đầu', '9 tháng đầu', ''] as const;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A subject as officials write them for each type; draws a fixed number of values from `r`. */
function subjectFor(type: number, r: Rng, at: number): string {
  const pool = at >= MERGER_SEC && r.chance(0.25) ? TOPICS_MERGED : at >= YEAR_2025_SEC && r.chance(0.2) ? TOPICS_2025 : TOPICS;
  const t = r.pick(pool);
  const form = r.int(4);
  const y = local(at).y;
  const period = r.pick(PERIODS);
  switch (DOC_TYPES[type]?.name ?? '') {
    case 'Quyết định':
      return [`Về việc phê duyệt Kế hoạch ${t} năm ${y}`, `Về việc thành lập Tổ công tác ${t}`, `Về việc phân bổ kinh phí ${t} năm ${y}`, `Về việc kiện toàn Ban Chỉ đạo ${t}`][form] ?? t;
    case 'Tờ trình':
      return form % 2 === 0 ? `Đề nghị phê duyệt dự toán kinh phí ${t} năm ${y}` : `Đề nghị ban hành Kế hoạch ${t}`;
    case 'Báo cáo':
      return `${form % 2 === 0 ? 'Kết quả' : 'Tình hình'} ${t} ${period ? `${period} năm ${y}` : `năm ${y}`}`;
    case 'Kế hoạch':
      return `${capitalise(t)} trên địa bàn tỉnh năm ${y}`;
    case 'Thông báo':
      return form % 2 === 0 ? `Kết luận của lãnh đạo tại cuộc họp về ${t}` : `Lịch làm việc về ${t}`;
    case 'Giấy mời':
      return form % 2 === 0 ? `Mời dự Hội nghị ${t}` : `Mời dự cuộc họp về ${t}`;
    case 'Chỉ thị':
      return `Về việc ${t}`;
    default:
      return [`V/v ${t}`, `V/v đề nghị báo cáo kết quả ${t}`, `V/v hướng dẫn ${t}`, `V/v đôn đốc ${t}`][form] ?? t;
  }
}

/** The kind of document a one-stop-shop result symbol (`GPXD`, `QĐ-UBND`, `SCT/BS`) stands for. */
function resultType(symbol: string): string {
  if (symbol.startsWith('QĐ')) return 'Quyết định';
  if (/^(GP|IDP)/.test(symbol)) return 'Giấy phép';
  if (/^(GCN|GXN|GĐK|CCHN|XNTTHN|ĐKTC|XĐKTC)/.test(symbol)) return 'Giấy chứng nhận';
  if (symbol.startsWith('TB')) return 'Thông báo';
  if (/^(TL|BS)/.test(symbol)) return 'Trích lục';
  if (symbol.startsWith('SCT')) return 'Chứng thực';
  if (symbol.startsWith('LLTP')) return 'Phiếu lý lịch tư pháp';
  if (symbol.startsWith('BB')) return 'Biên bản';
  return 'Văn bản khác';
}

// ------------------------------------------------------------- documents

const REGISTER_DEN = 0;
const REGISTER_DI = 1;
const STATES: readonly RawDocumentState[] = ['CHO_PHAN_CONG', 'DANG_XU_LY', 'DA_XU_LY', 'THU_HOI'];

/** Salts of the independent random streams of one document or package. */
const STREAM = {
  core: 1,
  detail: 2,
  mutation: 3,
  officer: 4,
  mutateOrder: 5,
  deleteOrder: 6,
  result: 7,
  package: 8,
  attachment: 9,
  staff: 10,
} as const;

/** What a document is, before any text: fixed at start-up except `steps`, which mutations extend. */
interface Core {
  register: number;
  type: number;
  issuer: number;
  /** Our unit that registered it (incoming) or the issuer (outgoing). */
  owner: number;
  created: number;
  issued: number;
  urgency: number;
  secret: number;
  axis: boolean;
  /** SoKyHieu as served: 0 `267/UBND-VX`, 1 `267`, 2 `UBND-VX/267`. */
  quirk: number;
  normative: boolean;
  /** Times of CHO_PHAN_CONG, DANG_XU_LY, DA_XU_LY, THU_HOI, as far as they happened. */
  steps: number[];
  deadline: number | null;
  senderNumber: number;
}

/** A finished MCĐT dossier whose result is an outgoing document here. */
interface DossierResult {
  code: string;
  agency: number;
  numberSymbol: string;
  signed: number;
  signer: string | null;
  position: string | null;
  summary: string;
}

/** A document as rendered, with what the edXML packages need beyond the listing. */
export interface DocumentView {
  index: number;
  raw: RawDocument;
  issuer: RawOrgan;
  /** The canonical number and symbol, whatever quirk the listing shows. */
  number: string;
  symbol: string;
  /** `{OrganId},{yyyy/MM/dd},{number}/{symbol}`, also for documents the listing shows without one. */
  documentId: string;
  issued: number;
  place: string;
  typeCode: number;
  competence: string;
  /** Our unit that registered it (incoming) or issued it (outgoing). */
  owner: RawOrgan;
}

/** Sorts indices by (time, index) natively: each index packed under its time offset in a Float64Array. */
function sortByTime(indices: readonly number[] | Int32Array, time: Float64Array, origin: number, size: number): Int32Array {
  let radix = 1;
  while (radix <= size) radix *= 2;
  const packed = new Float64Array(indices.length);
  indices.forEach((i, k) => {
    const offset = (time[i] ?? 0) - origin;
    if (offset < 0 || (offset + 1) * radix > Number.MAX_SAFE_INTEGER) throw new Error('time out of the sortable range');
    packed[k] = offset * radix + i;
  });
  packed.sort();
  return Int32Array.from(packed, (v) => v % radix);
}

/** First position in `order` whose time is >= sec. */
function lowerBound(order: Int32Array, time: Float64Array, sec: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[order[mid] ?? 0] ?? 0) < sec) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ------------------------------------------------------------- packages

export type PackageKind = 'new' | 'revoke' | 'update' | 'replace' | 'status';
export const PACKAGE_KINDS: readonly PackageKind[] = ['new', 'revoke', 'update', 'replace', 'status'];
const PACKAGE_WEIGHTS = [55, 7, 7, 6, 25] as const;
const BUSINESS_TYPE: Readonly<Record<Exclude<PackageKind, 'status'>, number>> = { new: 0, revoke: 1, update: 2, replace: 3 };

interface PackageSpec {
  id: string;
  kind: PackageKind;
  at: number;
  /** The document it carries (new) or is about (revoke, update, replace, status). */
  target: number;
}

const STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
const STATUS_WEIGHTS = [10, 3, 30, 15, 20, 15, 2, 3, 2] as const;
const STATUS_TEXT: Readonly<Record<string, string>> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Chờ phân công xử lý',
  '05': 'Đã phân công, đang xử lý',
  '06': 'Đã xử lý xong',
  '13': 'Thu hồi văn bản',
  '15': 'Đồng ý thu hồi/cập nhật',
  '16': 'Từ chối thu hồi/cập nhật',
};
const REVOKE_REASONS = ['Thu hồi do ban hành không đúng thẩm quyền', 'Thu hồi để điều chỉnh nội dung', 'Thu hồi do gửi nhầm đơn vị nhận'] as const;
const UPDATE_REASONS = ['Cập nhật hạn xử lý văn bản', 'Đính chính trích yếu văn bản', 'Bổ sung đơn vị nhận'] as const;
const REPLACE_REASONS = ['Thay thế văn bản do sai sót về thể thức', 'Thay thế văn bản do thay đổi nội dung', 'Thay thế văn bản đã ban hành'] as const;

/** Text safe inside an XML element. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

/** `<edXML:Name>text</edXML:Name>`, or an empty element for null. */
function el(name: string, value: string | number | null): string {
  return value === null || value === '' ? `<edXML:${name}/>` : `<edXML:${name}>${esc(String(value))}</edXML:${name}>`;
}

function organXml(tag: string, o: { code: string | null; name: string | null; place?: string }, parent: string | null): string {
  return `<edXML:${tag}>${el('OrganId', o.code)}${el('OrganizationInCharge', parent)}${el('OrganName', o.name)}${el('OrganAdd', o.place ?? null)}<edXML:Email/><edXML:Telephone/><edXML:Fax/><edXML:Website/></edXML:${tag}>`;
}

const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

function envelope(header: string, body: string, attachments: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${EDXML_NS}">` +
    `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader>${header}<edXML:DigitalSignature/></edXML:edXMLHeader>` +
    `<edXML:edXMLBody>${body}</edXML:edXMLBody></edXML:edXMLEnvelope>${attachments}</edXML>`
  );
}

/** A UUID-shaped package id fixed by (seed, k). */
function packageId(seed: number, k: number): string {
  const hex = [0, 1, 2, 3].map((p) => hash32(seed, k, STREAM.package, p).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// --------------------------------------------------------------- dataset

export interface QlvbDatasetOptions {
  seed: number;
  size: number;
  historyFrom: Date;
  now: Date;
  /** Size of the MCĐT simulator whose finished dossiers some outgoing documents are the results of. */
  mcdtSize: number;
}

export interface QlvbStats {
  documents: number;
  incoming: number;
  outgoing: number;
  deleted: number;
  mutated: number;
  packages: number;
  pending: number;
  acknowledged: number;
  now: string;
}

export class QlvbDataset {
  readonly size: number;

  private readonly seed: number;
  /** Documents created before this instant are old (legacy-encoding candidates). */
  private readonly legacyBefore: number;
  private readonly fromSec: number;
  private readonly startSec: number;
  private clock: number;
  private readonly organs: readonly Organ[];
  /** Our organs per era (1 Bắc Kạn, 2 Thái Nguyên) and kind. */
  private readonly ours: ReadonlyMap<string, readonly number[]>;
  private readonly outside: readonly number[];
  private readonly workDays: readonly number[];
  private readonly results = new Map<number, DossierResult>();

  // Per document, fixed at start-up. `slot` is the time on the working-hour axis, which grows with the index.
  private readonly slot: Float64Array;
  private readonly registerOf: Uint8Array;
  private readonly sequence: Int32Array;
  private readonly baseUpdated: Float64Array;
  private readonly baseOrder: readonly [Int32Array, Int32Array];

  // Live state, changed through /__control.
  private readonly updated: Float64Array;
  private readonly mutations = new Map<number, number[]>();
  private readonly mutatedFlag: Uint8Array;
  private readonly deletedFlag: Uint8Array;
  private deletedCount = 0;
  private mutateCursor = 0;
  private listed: [Int32Array, Int32Array];
  private readonly mutateOrder: Scatter;
  private readonly deleteOrder: Scatter;

  // The exchange queue: packages in arrival order; the first `initialPackages` exist at start.
  private readonly initialPackages: number;
  private readonly packages: PackageSpec[] = [];
  private readonly packageById = new Map<string, number>();
  private readonly acknowledged = new Set<number>();
  private queueHead = 0;

  constructor(opts: QlvbDatasetOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1 || opts.size > 2_000_000) throw new Error('size must be an integer in 1..2000000');
    this.seed = opts.seed | 0;
    this.size = opts.size;
    this.fromSec = toSec(opts.historyFrom);
    this.startSec = toSec(opts.now);
    if (this.startSec - this.fromSec < 2 * DAY_SEC) throw new Error('now must be at least two days after historyFrom');
    this.clock = this.startSec;
    this.legacyBefore = this.fromSec + Math.floor((this.startSec - this.fromSec) / 3);

    const mcdt = new McdtDataset({ seed: opts.seed, size: opts.mcdtSize, historyFrom: opts.historyFrom, now: opts.now });
    this.organs = [...mcdt.agencies.map(ourOrgan), ...OUTSIDE];
    const ours = new Map<string, number[]>();
    this.organs.forEach((o, i) => {
      if (o.era === 0) return;
      const key = `${o.era}:${o.kind}`;
      ours.set(key, [...(ours.get(key) ?? []), i]);
    });
    this.ours = ours;
    this.outside = this.organs.flatMap((o, i) => (o.era === 0 ? [i] : []));

    const days: number[] = [];
    for (let day = localDayStart(this.fromSec); day < localDayStart(this.startSec); day += DAY_SEC) {
      const wd = localWeekday(day);
      if (wd !== 0 && wd !== 6 && day + WORK_START >= this.fromSec) days.push(day);
    }
    this.workDays = days.length > 0 ? days : [localDayStart(this.fromSec)];

    const n = this.size;
    this.pickResults(mcdt);
    this.slot = new Float64Array(n);
    this.registerOf = new Uint8Array(n);
    this.sequence = new Int32Array(n);
    this.baseUpdated = new Float64Array(n);
    // Numbers run per issuer and year (outgoing) and per registering unit and year (arrival numbers).
    const counters = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      this.slot[i] = this.slotTime(i);
      const c = this.core(i);
      this.registerOf[i] = c.register;
      this.baseUpdated[i] = c.steps[c.steps.length - 1] ?? c.created;
      if (this.results.has(i)) continue;
      const counterKey = `${c.register === REGISTER_DI ? c.issuer : c.owner}:${local(c.created).y}:${c.register}`;
      const next = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, next);
      this.sequence[i] = next;
    }
    const origin = this.fromSec - DAY_SEC;
    const byRegister: [number[], number[]] = [[], []];
    for (let i = 0; i < n; i++) byRegister[this.registerOf[i] === REGISTER_DI ? 1 : 0].push(i);
    this.baseOrder = [sortByTime(byRegister[0], this.baseUpdated, origin, n), sortByTime(byRegister[1], this.baseUpdated, origin, n)];
    this.listed = [this.baseOrder[0], this.baseOrder[1]];
    this.updated = Float64Array.from(this.baseUpdated);
    this.mutatedFlag = new Uint8Array(n);
    this.deletedFlag = new Uint8Array(n);
    this.mutateOrder = new Scatter(n, hash32(this.seed, STREAM.mutateOrder));
    this.deleteOrder = new Scatter(n, hash32(this.seed, STREAM.deleteOrder));

    this.initialPackages = Math.max(1, Math.round(n / 20));
    const span = 3 * DAY_SEC;
    for (let k = 0; k < this.initialPackages; k++) {
      const r = new Rng(hash32(this.seed, k, STREAM.package));
      const kind = PACKAGE_KINDS[r.weighted(PACKAGE_WEIGHTS)] ?? 'new';
      this.addPackage(kind, this.startSec - Math.ceil(((this.initialPackages - k) * span) / this.initialPackages));
    }
  }

  // ------------------------------------------------------------- clock

  advanceClock(seconds: number): void {
    this.clock += Math.floor(seconds);
  }

  // --------------------------------------------------------- documents

  /** Vendor id: nine digits growing with the index, so (NgayCapNhat, Id) order is (time, index). */
  id(i: number): string {
    return String(100_000_000 + i);
  }

  /** Whether document i is old enough to come from a pre-Unicode database (first third of the history). */
  isLegacy(i: number): boolean {
    return (this.slot[i] ?? 0) < this.legacyBefore;
  }

  /** A moment on the working hours of the history: monotonic in i, jittered per document. */
  private slotTime(i: number): number {
    const u = new Rng(hash32(this.seed, i, STREAM.core, 1)).next();
    const pos = ((i + u) / this.size) * this.workDays.length * WORK_SPAN;
    const day = Math.min(this.workDays.length - 1, Math.floor(pos / WORK_SPAN));
    return (this.workDays[day] ?? this.fromSec) + WORK_START + Math.floor(pos - day * WORK_SPAN);
  }

  /** Our organ of a given era, picked by kind weights. */
  private pickOurs(r: Rng, at: number, kinds: readonly OrganKind[] = OUR_KINDS, weights: readonly number[] = OUR_KIND_WEIGHTS): number {
    const era = at >= MERGER_SEC ? 2 : 1;
    const w = kinds.map((k, n) => ((this.ours.get(`${era}:${k}`)?.length ?? 0) > 0 ? (weights[n] ?? 0) : 0));
    const list = this.ours.get(`${era}:${kinds[r.weighted(w)] ?? 'province'}`) ?? [];
    return list[r.int(list.length)] ?? 0;
  }

  /** Document i before any mutation: a pure function of (seed, i). */
  private core(i: number): Core {
    const result = this.results.get(i);
    if (result !== undefined) return this.resultCore(result);
    const r = new Rng(hash32(this.seed, i, STREAM.core));
    const created = this.slot[i] ?? this.fromSec;
    const register = r.chance(0.6) ? REGISTER_DEN : REGISTER_DI;
    const type = r.weighted(register === REGISTER_DEN ? TYPE_WEIGHTS_DEN : TYPE_WEIGHTS_DI);
    const owner = this.pickOurs(r, created);
    const fromOutside = r.chance(0.33);
    const outsider = this.outside[r.int(this.outside.length)] ?? 0;
    let sender = this.pickOurs(r, created);
    if (sender === owner) sender = this.pickOurs(r, created, ['province'], [1]);
    const issuer = register === REGISTER_DI ? owner : fromOutside ? outsider : sender;
    const issued = register === REGISTER_DI ? created : localDayStart(created) - r.int(5) * DAY_SEC + 8 * 3600;
    const urgency = r.weighted([80, 12, 5, 2.5, 0.5]);
    const secret = r.weighted([96, 3, 0.8, 0.2]);
    const axis = secret === 0 && r.chance(register === REGISTER_DEN ? 0.7 : 0.6);
    const quirkRoll = r.next();
    const normative = DOC_TYPES[type]?.name === 'Quyết định' && (this.organs[issuer]?.kind === 'province') && r.chance(0.15);
    const quirk = normative ? 0 : quirkRoll < 0.035 ? 1 : quirkRoll < 0.06 ? 2 : 0;
    const hasDeadline = r.chance(register === REGISTER_DEN ? 0.65 : 0.15);
    const deadlineDays = urgency > 0 ? r.between(1, 3) : r.between(5, 20);
    const dayOfYear = Math.floor((localDayStart(created) - localSec(local(created).y, 1, 1)) / DAY_SEC);
    const senderNumber = r.between(1, 30 + dayOfYear * 6);
    // Registered, assigned, handled; a few revoked later. Only steps before start-up happened.
    const assigned = officeTime(created + (register === REGISTER_DEN ? r.between(600, 2 * DAY_SEC) : r.between(300, 4 * 3600)));
    const done = officeTime(assigned + (register === REGISTER_DEN ? r.between(2 * 3600, 25 * DAY_SEC) : r.between(600, 3 * DAY_SEC)));
    const revoked = r.chance(register === REGISTER_DEN ? 0.01 : 0.015) ? officeTime(done + r.between(DAY_SEC, 20 * DAY_SEC)) : null;
    const steps = [created];
    for (const t of [assigned, done, revoked]) {
      if (t === null || t > this.startSec - 60) break;
      steps.push(t);
    }
    return {
      register,
      type,
      issuer,
      owner,
      created,
      issued: Math.max(this.fromSec - 5 * DAY_SEC, issued),
      urgency,
      secret,
      axis,
      quirk,
      normative,
      steps,
      deadline: hasDeadline ? localDayStart(created) + deadlineDays * DAY_SEC : null,
      senderNumber,
    };
  }

  private resultCore(d: DossierResult): Core {
    const done = Math.min(this.startSec - 60, d.signed + 900);
    return {
      register: REGISTER_DI,
      type: 1,
      issuer: d.agency,
      owner: d.agency,
      created: d.signed,
      issued: d.signed,
      urgency: 0,
      secret: 0,
      axis: false,
      quirk: 0,
      normative: false,
      steps: done > d.signed ? [d.signed, done, done] : [d.signed],
      deadline: null,
      senderNumber: 0,
    };
  }

  /**
   * Takes finished MCĐT dossiers (same seed) and gives a few outgoing-document
   * slots their result: about one document in forty, at most 500.
   */
  private pickResults(mcdt: McdtDataset): void {
    const want = Math.min(Math.floor(this.size / 40), 500);
    if (want === 0) return;
    const dossiers = new Scatter(mcdt.size, hash32(this.seed, STREAM.result));
    const slots = new Scatter(this.size, hash32(this.seed, STREAM.result, 1));
    const index = new Map(this.organs.map((o, i) => [o.code, i]));
    let slot = 0;
    for (let k = 0; k < mcdt.size && this.results.size < want; k++) {
      const d = mcdt.dossier(dossiers.at(k));
      const signed = d.NgayKyKetQua ? parseCompact(d.NgayKyKetQua) : null;
      const agency = index.get(d.MaDinhDanhDonVi);
      if (!d.SoKyHieuKetQua || signed === null || agency === undefined || signed < this.fromSec) continue;
      const signing = [...d.QuaTrinhXuLy].reverse().find((s) => Number(s.TrangThai) === 9);
      const action = d.TenTTHC.replace(/^Thủ tục /, '');
      this.results.set(slots.at(slot++), {
        code: d.MaHoSo,
        agency,
        numberSymbol: d.SoKyHieuKetQua,
        signed,
        signer: signing?.NguoiXuLy ?? null,
        position: signing?.ChucDanh ?? null,
        summary: `Kết quả giải quyết thủ tục ${action.charAt(0).toLowerCase()}${action.slice(1)} (Mã hồ sơ: ${d.MaHoSo})`,
      });
    }
  }

  private officer(organ: number, role: number): string {
    return personName(new Rng(hash32(this.seed, organ, role, STREAM.officer))).name;
  }

  private refOf(organ: number): RawOrgan {
    const o = this.organs[organ];
    return { MaDinhDanh: o?.code ?? null, Ten: o?.name ?? null };
  }

  /** Document i as currently served (mutations applied), in NFC, with its edXML facts. */
  view(i: number): DocumentView {
    const c = this.core(i);
    const issuer = this.organs[c.issuer];
    const type = DOC_TYPES[c.type];
    if (issuer === undefined || type === undefined) throw new Error('document out of range');
    // Every draw happens in a fixed order, whatever the state, so a change never reshuffles the text.
    const d = new Rng(hash32(this.seed, i, STREAM.detail));
    const division = issuer.divisions.length > 0 ? d.pick(issuer.divisions) : null;
    const subject = subjectFor(c.type, d, c.created);
    const officeRole = type.name === 'Công văn' || type.name === 'Thông báo' || type.name === 'Giấy mời';
    const role = d.weighted(officeRole ? [25, 35, 30, 10] : [30, 40, 30, 0]);
    const units = [this.pickOurs(d, c.created, ['department', 'district', 'commune'], [60, 30, 10])];
    if (d.chance(0.4)) units.push(this.pickOurs(d, c.created, ['department', 'district'], [70, 30]));
    // A unit below the province handles what it registers itself.
    if (d.chance(0.5) && c.register === REGISTER_DEN && this.organs[c.owner]?.kind !== 'province') units.unshift(c.owner);

    const result = this.results.get(i);
    const [position, competence] = SIGNERS[issuer.kind][role] ?? ['', ''];
    const year = local(c.issued).y;
    const number = result ? (/^(\d+)\//.exec(result.numberSymbol)?.[1] ?? '') : String(c.register === REGISTER_DI ? (this.sequence[i] ?? 1) : c.senderNumber);
    const symbol = result
      ? result.numberSymbol.slice(number.length + 1)
      : c.normative
        ? `${year}/QĐ-${issuer.abbr}`
        : type.abbr === null
          ? division === null ? issuer.abbr : `${issuer.abbr}-${division}`
          : `${type.abbr}-${issuer.abbr}`;
    const numberSymbol = c.quirk === 1 ? number : c.quirk === 2 ? `${symbol}/${number}` : `${number}/${symbol}`;
    const documentId = `${issuer.code},${formatEdxmlDay(c.issued)},${number}/${symbol}`;
    const state = STATES[c.steps.length - 1] ?? 'CHO_PHAN_CONG';
    const raw: RawDocument = {
      Id: this.id(i),
      LoaiSo: c.register === REGISTER_DI ? 'DI' : 'DEN',
      SoDen: c.register === REGISTER_DEN ? (this.sequence[i] ?? null) : null,
      NgayDen: c.register === REGISTER_DEN ? formatDay(c.created) : null,
      SoKyHieu: numberSymbol,
      NgayBanHanh: formatDay(c.issued),
      LoaiVanBan: result ? resultType(symbol) : type.name,
      TrichYeu: c.secret > 0 ? '(Văn bản mật)' : (result?.summary ?? subject),
      CoQuanBanHanh: this.refOf(c.issuer),
      NguoiKy: result?.signer ?? this.officer(c.issuer, role),
      ChucVu: result?.position ?? position,
      DoKhan: c.urgency,
      DoMat: c.secret,
      HanXuLy: c.deadline === null ? null : formatDay(c.deadline),
      TrangThai: state,
      DonViXuLy: result ? [this.refOf(c.issuer)] : [...new Set(units)].map((u) => this.refOf(u)),
      DocumentId: c.axis ? documentId : null,
      NgayCapNhat: formatLocalIso(this.updated[i] ?? c.created),
    };
    this.replay(i, raw, d);
    return {
      index: i,
      raw,
      issuer: this.refOf(c.issuer),
      number,
      symbol,
      documentId,
      issued: c.issued,
      place: issuer.place,
      typeCode: type.code,
      competence,
      owner: this.refOf(c.owner),
    };
  }

  /** Applies document i's mutations in order: the next state while there is one, then small edits. */
  private replay(i: number, raw: RawDocument, d: Rng): void {
    const times = this.mutations.get(i);
    if (times === undefined) return;
    const extra = this.refOf(this.pickOurs(d, this.slot[i] ?? 0, ['department'], [1]));
    times.forEach((at, version) => {
      if (raw.TrangThai === 'CHO_PHAN_CONG') raw.TrangThai = 'DANG_XU_LY';
      else if (raw.TrangThai === 'DANG_XU_LY') raw.TrangThai = 'DA_XU_LY';
      else if (hash32(this.seed, i, version, STREAM.mutation) % 2 === 0) raw.HanXuLy = formatDay(at + 7 * DAY_SEC);
      else if (!raw.DonViXuLy.some((u) => u.MaDinhDanh === extra.MaDinhDanh)) raw.DonViXuLy = [...raw.DonViXuLy, extra];
      else raw.HanXuLy = formatDay(at + 14 * DAY_SEC);
    });
  }

  /** One page of a register's listing of documents changed at or after `sinceSec`. */
  page(register: 'DEN' | 'DI', sinceSec: number, page: number, pageSize: number): { total: number; indices: Int32Array; previous: number | null } {
    const order = this.listed[register === 'DI' ? 1 : 0];
    const from = lowerBound(order, this.updated, sinceSec);
    const start = from + (page - 1) * pageSize;
    // A view of the current listing: changes replace the listing, so the view stays a snapshot.
    const indices = start >= order.length ? new Int32Array(0) : order.subarray(start, Math.min(order.length, start + pageSize));
    return { total: order.length - from, indices, previous: start > from && start - 1 < order.length ? (order[start - 1] ?? null) : null };
  }

  // ----------------------------------------------------------- changes

  /**
   * Changes `count` documents picked in a fixed pseudo-random order, stamped
   * `stampOffset` seconds from the clock; returns their Ids.
   */
  mutate(count: number, stampOffset = 0): string[] {
    const picked: number[] = [];
    const want = Math.min(Math.max(0, Math.floor(count)), this.size - this.deletedCount);
    while (picked.length < want) {
      const i = this.mutateOrder.at(this.mutateCursor++);
      if (this.deletedFlag[i] === 0) picked.push(i);
    }
    return this.touch(picked, this.clock + Math.trunc(stampOffset));
  }

  /** Changes the given documents, stamped `at` (default now); returns their Ids. */
  touch(indices: readonly number[], at = this.clock): string[] {
    for (const i of indices) {
      const times = this.mutations.get(i);
      if (times) times.push(at);
      else this.mutations.set(i, [at]);
      this.mutatedFlag[i] = 1;
      this.updated[i] = at;
    }
    this.relist();
    return indices.map((i) => this.id(i));
  }

  /** Hides the first `count` documents of a fixed pseudo-random order from every listing. */
  setDeleted(count: number): void {
    this.deletedFlag.fill(0);
    this.deletedCount = Math.min(Math.max(0, Math.floor(count)), this.size);
    for (let k = 0; k < this.deletedCount; k++) this.deletedFlag[this.deleteOrder.at(k)] = 1;
    this.relist();
  }

  /** Rebuilds both listings: unchanged documents keep their place, changed ones merge in by their new time. */
  private relist(): void {
    const moved: number[] = [];
    for (const i of this.mutations.keys()) if (this.deletedFlag[i] === 0) moved.push(i);
    moved.sort((a, b) => (this.updated[a] ?? 0) - (this.updated[b] ?? 0) || a - b);
    this.listed = [0, 1].map((register) => {
      const base = this.baseOrder[register] ?? new Int32Array(0);
      const mine = moved.filter((i) => this.registerOf[i] === register);
      const out: number[] = [];
      let m = 0;
      for (const i of base) {
        if (this.deletedFlag[i] === 1 || this.mutatedFlag[i] === 1) continue;
        while (m < mine.length && ((this.updated[mine[m] ?? 0] ?? 0) < (this.updated[i] ?? 0) || ((this.updated[mine[m] ?? 0] ?? 0) === (this.updated[i] ?? 0) && (mine[m] ?? 0) < i))) out.push(mine[m++] ?? 0);
        out.push(i);
      }
      while (m < mine.length) out.push(mine[m++] ?? 0);
      return Int32Array.from(out);
    }) as [Int32Array, Int32Array];
  }

  /** Back to the generated state: no mutations, deletions, pushed packages or acknowledgements; clock at start. */
  reset(): void {
    this.mutations.clear();
    this.mutatedFlag.fill(0);
    this.deletedFlag.fill(0);
    this.deletedCount = 0;
    this.mutateCursor = 0;
    this.updated.set(this.baseUpdated);
    this.clock = this.startSec;
    this.listed = [this.baseOrder[0], this.baseOrder[1]];
    for (const spec of this.packages.splice(this.initialPackages)) this.packageById.delete(spec.id);
    this.acknowledged.clear();
    this.queueHead = 0;
  }

  stats(): QlvbStats {
    return {
      documents: this.listed[0].length + this.listed[1].length,
      incoming: this.listed[0].length,
      outgoing: this.listed[1].length,
      deleted: this.deletedCount,
      mutated: this.mutations.size,
      packages: this.packages.length,
      pending: this.packages.length - this.acknowledged.size,
      acknowledged: this.acknowledged.size,
      now: formatLocalIso(this.clock),
    };
  }

  // ---------------------------------------------------------- packages

  /** Enqueues `count` packages arriving now; returns their ids. */
  pushPackages(count: number, kind?: PackageKind): string[] {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const k = this.packages.length;
      const r = new Rng(hash32(this.seed, k, STREAM.package));
      ids.push(this.addPackage(kind ?? PACKAGE_KINDS[r.weighted(PACKAGE_WEIGHTS)] ?? 'new', this.clock));
    }
    return ids;
  }

  /**
   * Picks the document a package carries or is about: an incoming document that
   * came over the axis (outgoing for a status), registered before the package.
   * New documents are recent ones; revocations and changes reach further back.
   */
  private addPackage(kind: PackageKind, at: number): string {
    const k = this.packages.length;
    const r = new Rng(hash32(this.seed, k, STREAM.package, 7));
    let hi = 0;
    for (let lo = 0, top = this.size; lo < top; ) {
      const mid = (lo + top) >>> 1;
      if ((this.slot[mid] ?? 0) <= at) lo = hi = mid + 1;
      else top = mid;
    }
    const wanted = kind === 'status' ? REGISTER_DI : REGISTER_DEN;
    let target = Math.max(0, hi - 1);
    for (let tries = 0; tries < 500 && hi > 0; tries++) {
      const j = kind === 'new' ? hi - 1 - r.int(Math.min(hi, Math.max(30, Math.floor(this.size / 100)))) : r.int(hi);
      if (this.registerOf[j] === wanted && !this.results.has(j) && this.core(j).axis) {
        target = j;
        break;
      }
    }
    const id = packageId(this.seed, k);
    this.packages.push({ id, kind, at, target });
    this.packageById.set(id, k);
    return id;
  }

  /** Ids of the first `top` packages not yet acknowledged, in arrival order. */
  pending(top: number): string[] {
    while (this.queueHead < this.packages.length && this.acknowledged.has(this.queueHead)) this.queueHead++;
    const ids: string[] = [];
    for (let k = this.queueHead; k < this.packages.length && ids.length < top; k++) {
      if (!this.acknowledged.has(k)) ids.push(this.packages[k]?.id ?? '');
    }
    return ids;
  }

  /** Package number of an id, or null. */
  packageNumber(id: string): number | null {
    return this.packageById.get(id) ?? null;
  }

  /** Acknowledges a package; idempotent. */
  acknowledge(k: number): void {
    this.acknowledged.add(k);
  }

  /** The edXML text of package k (clean, NFC). */
  packageXml(k: number): string {
    const spec = this.packages[k];
    if (spec === undefined) throw new Error('package out of range');
    const v = this.view(spec.target);
    const r = new Rng(hash32(this.seed, k, STREAM.package, 9));
    const staff = personName(new Rng(hash32(this.seed, k, STREAM.staff)));
    const staffXml =
      `<edXML:StaffInfo>${el('Department', 'Văn thư')}${el('Staff', staff.name)}${el('Mobile', phoneNumber(r))}` +
      `${el('Email', `vanthu.${foldAscii(staff.name).split(' ').pop()?.toLowerCase() ?? 'vt'}@${v.place === 'Thái Nguyên' ? 'thainguyen' : 'backan'}.gov.vn`)}</edXML:StaffInfo>`;
    if (spec.kind === 'status') {
      const code = STATUS_CODES[r.weighted(STATUS_WEIGHTS)] ?? '01';
      const responder = this.organs[this.outside[r.int(this.outside.length)] ?? 0];
      const header =
        `<edXML:Status><edXML:ResponseFor>${el('OrganId', v.issuer.MaDinhDanh)}${el('Code', `${v.number}/${v.symbol}`)}` +
        `${el('PromulgationDate', formatEdxmlDay(v.issued))}${el('DocumentId', v.documentId)}</edXML:ResponseFor>` +
        `${organXml('From', { code: responder?.code ?? null, name: responder?.name ?? null, place: responder?.place }, null)}` +
        `${el('StatusCode', code)}${el('Description', STATUS_TEXT[code] ?? '')}${el('Timestamp', formatEdxmlTime(spec.at))}${staffXml}</edXML:Status>`;
      return envelope(header, '', '');
    }
    const business = BUSINESS_TYPE[spec.kind];
    const replacing = spec.kind === 'replace';
    const number = replacing ? String(Number(v.number) + 1 + r.int(40)) : v.number;
    const issued = replacing ? spec.at : v.issued;
    const documentId = replacing ? `${v.issuer.MaDinhDanh ?? ''},${formatEdxmlDay(issued)},${number}/${v.symbol}` : v.documentId;
    const reasons = spec.kind === 'revoke' ? REVOKE_REASONS : spec.kind === 'update' ? UPDATE_REASONS : REPLACE_REASONS;
    const reason = spec.kind === 'new' ? null : r.pick(reasons);
    const subject = spec.kind === 'update' && reason === 'Đính chính trích yếu văn bản' ? `${v.raw.TrichYeu ?? ''} (đính chính)` : (v.raw.TrichYeu ?? '');
    const due = spec.kind === 'update' ? formatEdxmlDay(spec.at + 10 * DAY_SEC) : v.raw.HanXuLy === null ? null : formatEdxmlDay(spec.at + 5 * DAY_SEC);
    const parent = v.issuer.MaDinhDanh?.replace(/^\d{3}\.\d{2}\.\d{2}\./, '000.00.00.') ?? null;
    const others = r.chance(0.4) ? [this.refOf(this.pickOurs(r, spec.at, ['department'], [1]))] : [];
    const to = [v.owner, ...others].map((o) => organXml('To', { code: o.MaDinhDanh, name: o.Ten }, null)).join('');
    const target = spec.kind === 'new' ? '' : el('DocumentId', v.documentId);
    const replacement = replacing
      ? `<edXML:ReplacementInfoList><edXML:ReplacementInfo>${el('DocumentId', v.documentId)}<edXML:OrganIdList>${el('OrganId', v.owner.MaDinhDanh)}</edXML:OrganIdList></edXML:ReplacementInfo></edXML:ReplacementInfoList>`
      : '';
    const header =
      `<edXML:MessageHeader>${organXml('From', { code: v.issuer.MaDinhDanh, name: v.issuer.Ten, place: v.place }, parent === v.issuer.MaDinhDanh ? null : parent)}${to}` +
      `<edXML:Code>${el('CodeNumber', number)}${el('CodeNotation', v.symbol)}</edXML:Code>` +
      `<edXML:PromulgationInfo>${el('Place', v.place)}${el('PromulgationDate', formatEdxmlDay(issued))}</edXML:PromulgationInfo>` +
      `<edXML:DocumentType>${el('Type', v.typeCode)}${el('TypeName', v.raw.LoaiVanBan)}</edXML:DocumentType>` +
      `${el('Subject', subject)}${el('Content', subject)}` +
      `<edXML:SignerInfo>${el('Competence', v.competence)}${el('Position', v.raw.ChucVu)}${el('FullName', v.raw.NguoiKy)}</edXML:SignerInfo>` +
      `${el('DueDate', due)}<edXML:ToPlaces>${el('Place', 'Như trên')}${el('Place', 'Lưu: VT')}</edXML:ToPlaces>` +
      `<edXML:OtherInfo>${el('Priority', v.raw.DoKhan)}${el('SphereOfPromulgation', 'Lưu hành nội bộ')}${el('TyperNotation', v.symbol.split('-').pop() ?? '')}` +
      `${el('PromulgationAmount', 1)}${el('PageAmount', 1 + r.int(6))}</edXML:OtherInfo>` +
      `${el('SteeringType', v.raw.LoaiVanBan === 'Chỉ thị' ? 2 : 1)}${el('DocumentId', documentId)}</edXML:MessageHeader>` +
      `<edXML:TraceHeaderList><edXML:TraceHeader>${el('OrganId', v.issuer.MaDinhDanh)}${el('Timestamp', formatEdxmlTime(spec.at - 60 - r.int(3600)))}</edXML:TraceHeader>` +
      `<edXML:TraceHeader>${el('OrganId', v.owner.MaDinhDanh)}${el('Timestamp', formatEdxmlTime(spec.at))}</edXML:TraceHeader>` +
      `<edXML:Bussiness>${el('BussinessDocType', business)}${el('BussinessDocReason', reason)}${target}${el('Paper', 0)}${staffXml}${replacement}</edXML:Bussiness>` +
      `</edXML:TraceHeaderList>`;
    const files = spec.kind === 'revoke' ? [] : this.attachments(k, `${number}-${v.symbol.replace(/\//g, '-')}`);
    const manifest = files
      .map((f, n) => `<edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:${n + 1}">${el('Description', f.description)}${el('AttachmentName', f.name)}${el('ContentType', f.type)}${el('ContentId', n + 1)}</edXML:Reference>`)
      .join('');
    const encoded = files
      .map((f, n) => `<Attachment><ContentType>${esc(f.type)}</ContentType><ContentId>${n + 1}</ContentId><Description>${esc(f.description)}</Description><ContentTransferEncoded>${f.bytes.toString('base64')}</ContentTransferEncoded><AttachmentName>${esc(f.name)}</AttachmentName></Attachment>`)
      .join('');
    return envelope(header, `<edXML:edXMLManifest version="1.0">${manifest}</edXML:edXMLManifest>`, files.length ? `<AttachmentEncoded>${encoded}</AttachmentEncoded>` : '');
  }

  /** The signed PDF and, sometimes, an appendix: a few kilobytes fixed by (seed, k). */
  private attachments(k: number, stem: string): { name: string; type: string; description: string; bytes: Buffer }[] {
    const r = new Rng(hash32(this.seed, k, STREAM.attachment));
    const blob = (head: string, size: number): Buffer => {
      const bytes = Buffer.alloc(size);
      const written = bytes.write(head, 'latin1');
      for (let b = written; b < size; b++) bytes[b] = r.int(256);
      return bytes;
    };
    const files = [{ name: `${stem}.pdf`, type: 'application/pdf', description: 'Văn bản điện tử đã ký số', bytes: blob('%PDF-1.4\n', r.between(1500, 9000)) }];
    if (r.chance(0.3)) {
      files.push({
        name: 'Phụ lục kèm theo.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        description: 'Phụ lục',
        bytes: blob('PK\u0003\u0004', r.between(800, 4000)),
      });
    }
    return files;
  }
}
