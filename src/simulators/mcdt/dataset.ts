/**
 * Deterministic data of the MCĐT (one-stop-shop) simulator: the agency tree,
 * the procedure catalogue, the dossiers and the counter/transfer payments,
 * plus the live changes made through /__control (mutations, deletions, clock).
 *
 * A dossier is never stored: its timeline and text are regenerated from
 * (seed, index) and the list of mutation times applied to it. Start-up keeps
 * only typed arrays (change time, agency, code parts, listing order), so a
 * million dossiers fit in well under a hundred megabytes.
 */
import type {
  RawAgency,
  RawDossier,
  RawPayment,
  RawProcedure,
  RawProcessStep,
  RawSupplementRound,
} from '../../../connectors/mcdt/raw';
import { Rng, Scatter, hash32 } from '../shared/prng';
import { cccd, cmnd, companyName, emailFor, localityLine, personName, phoneNumber } from '../shared/names';
import {
  DAY_SEC,
  VN_OFFSET_SEC,
  formatCompact,
  formatYyMMdd,
  localDayNumber,
  localDayStart,
  localWeekday,
  localSec,
  toSec,
} from '../shared/time';

// ---------------------------------------------------------------- agencies

/**
 * Agency codes follow Decision 20/2020's dotted shape LLL.KK.JJ.Hnn, most
 * specific part first, with `H06` standing in for Bắc Kạn and `H55` for
 * Thái Nguyên:
 *   Cap 1  000.00.00.Hnn   the provincial people's committee
 *   Cap 2  000.00.JJ.Hnn   departments (JJ 01–16), district-level committees
 *                          (JJ 21–28, Bắc Kạn only) and, after the merger,
 *                          the new communes directly under the province (JJ 61–76)
 *   Cap 3  000.KK.JJ.Hnn   communes under district JJ (KK 01–03), and the land
 *                          registration office under the environment department
 *   Cap 4  LLL.01.JJ.Hnn   branches of the land registration office (LLL 001–008)
 * Every Bắc Kạn unit ends on 30/06/2025 and names its Thái Nguyên successor;
 * every Thái Nguyên unit starts on 01/07/2025.
 */
const MERGER_DAY = '01/07/2025';
const LAST_DAY_BEFORE_MERGER = '30/06/2025';
const MERGER_SEC = localSec(2025, 7, 1);

interface Agency {
  code: string;
  name: string;
  parent: string | null;
  cap: number;
  successor: string | null;
  /** Index into DISTRICTS of the area it serves, or -1 for province-wide units. */
  district: number;
  /** Index of the commune inside its district, or -1. */
  commune: number;
}

/** Bắc Kạn departments: JJ, name, JJ of the Thái Nguyên department that took the work over. */
const DEPARTMENTS_H06: ReadonlyArray<readonly [string, string, string]> = [
  ['01', 'Sở Nội vụ', '01'],
  ['02', 'Sở Tư pháp', '02'],
  ['03', 'Sở Kế hoạch và Đầu tư', '03'],
  ['04', 'Sở Tài chính', '03'],
  ['05', 'Sở Công Thương', '04'],
  ['06', 'Sở Nông nghiệp và Phát triển nông thôn', '05'],
  ['07', 'Sở Tài nguyên và Môi trường', '05'],
  ['08', 'Sở Giao thông vận tải', '06'],
  ['09', 'Sở Xây dựng', '06'],
  ['10', 'Sở Lao động – Thương binh và Xã hội', '01'],
  ['11', 'Sở Y tế', '07'],
  ['12', 'Sở Giáo dục và Đào tạo', '08'],
  ['13', 'Sở Văn hóa, Thể thao và Du lịch', '09'],
  ['14', 'Sở Thông tin và Truyền thông', '10'],
  ['15', 'Sở Khoa học và Công nghệ', '10'],
  ['16', 'Ban Dân tộc', '11'],
];

/** Thái Nguyên departments after the 2025 rearrangement (several Bắc Kạn ones merged into each). */
const DEPARTMENTS_H55: ReadonlyArray<readonly [string, string]> = [
  ['01', 'Sở Nội vụ'],
  ['02', 'Sở Tư pháp'],
  ['03', 'Sở Tài chính'],
  ['04', 'Sở Công Thương'],
  ['05', 'Sở Nông nghiệp và Môi trường'],
  ['06', 'Sở Xây dựng'],
  ['07', 'Sở Y tế'],
  ['08', 'Sở Giáo dục và Đào tạo'],
  ['09', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['10', 'Sở Khoa học và Công nghệ'],
  ['11', 'Sở Dân tộc và Tôn giáo'],
];

interface District {
  jj: string;
  /** "thành phố Bắc Kạn", "huyện Ba Bể": as written in addresses. */
  place: string;
  successor: string;
  /** Communes: name, urban (addresses use "Tổ n"), the new commune it became part of. */
  communes: ReadonlyArray<readonly [string, boolean, string]>;
  /** Land-registration branch area after the merger. */
  landArea: number;
}

const DISTRICTS: readonly District[] = [
  {
    jj: '21',
    place: 'thành phố Bắc Kạn',
    successor: 'phường Bắc Kạn',
    communes: [
      ['phường Đức Xuân', true, 'phường Đức Xuân'],
      ['phường Nguyễn Thị Minh Khai', true, 'phường Bắc Kạn'],
      ['xã Dương Quang', false, 'phường Bắc Kạn'],
    ],
    landArea: 0,
  },
  {
    jj: '22',
    place: 'huyện Ba Bể',
    successor: 'xã Chợ Rã',
    communes: [
      ['thị trấn Chợ Rã', true, 'xã Chợ Rã'],
      ['xã Nam Mẫu', false, 'xã Ba Bể'],
      ['xã Khang Ninh', false, 'xã Ba Bể'],
    ],
    landArea: 1,
  },
  {
    jj: '23',
    place: 'huyện Bạch Thông',
    successor: 'xã Phủ Thông',
    communes: [
      ['thị trấn Phủ Thông', true, 'xã Phủ Thông'],
      ['xã Quang Thuận', false, 'xã Bạch Thông'],
      ['xã Cẩm Giàng', false, 'xã Bạch Thông'],
    ],
    landArea: 0,
  },
  {
    jj: '24',
    place: 'huyện Chợ Đồn',
    successor: 'xã Chợ Đồn',
    communes: [
      ['thị trấn Bằng Lũng', true, 'xã Chợ Đồn'],
      ['xã Ngọc Phái', false, 'xã Chợ Đồn'],
      ['xã Nam Cường', false, 'xã Nam Cường'],
    ],
    landArea: 2,
  },
  {
    jj: '25',
    place: 'huyện Chợ Mới',
    successor: 'xã Chợ Mới',
    communes: [
      ['thị trấn Đồng Tâm', true, 'xã Chợ Mới'],
      ['xã Thanh Thịnh', false, 'xã Thanh Thịnh'],
      ['xã Yên Đĩnh', false, 'xã Chợ Mới'],
    ],
    landArea: 0,
  },
  {
    jj: '26',
    place: 'huyện Na Rì',
    successor: 'xã Na Rì',
    communes: [
      ['thị trấn Yến Lạc', true, 'xã Na Rì'],
      ['xã Kim Lư', false, 'xã Na Rì'],
      ['xã Văn Lang', false, 'xã Văn Lang'],
    ],
    landArea: 2,
  },
  {
    jj: '27',
    place: 'huyện Ngân Sơn',
    successor: 'xã Ngân Sơn',
    communes: [
      ['thị trấn Vân Tùng', true, 'xã Ngân Sơn'],
      ['thị trấn Nà Phặc', true, 'xã Nà Phặc'],
      ['xã Thượng Quan', false, 'xã Ngân Sơn'],
    ],
    landArea: 1,
  },
  {
    jj: '28',
    place: 'huyện Pác Nặm',
    successor: 'xã Bằng Thành',
    communes: [
      ['xã Bộc Bố', false, 'xã Bằng Thành'],
      ['xã Nghiên Loan', false, 'xã Nghiên Loan'],
      ['xã Bằng Thành', false, 'xã Bằng Thành'],
    ],
    landArea: 1,
  },
];

/** New Thái Nguyên communes that absorbed Bắc Kạn's districts and communes (JJ from 61). */
const NEW_COMMUNES: readonly string[] = [
  'phường Đức Xuân', 'phường Bắc Kạn', 'xã Chợ Rã', 'xã Ba Bể', 'xã Phủ Thông', 'xã Bạch Thông',
  'xã Chợ Đồn', 'xã Nam Cường', 'xã Chợ Mới', 'xã Thanh Thịnh', 'xã Na Rì', 'xã Văn Lang',
  'xã Ngân Sơn', 'xã Nà Phặc', 'xã Bằng Thành', 'xã Nghiên Loan',
];

const LAND_AREAS_H55 = ['khu vực Bắc Kạn', 'khu vực Ba Bể', 'khu vực Chợ Đồn'] as const;

function newCommuneCode(name: string): string {
  const n = NEW_COMMUNES.indexOf(name);
  if (n < 0) throw new Error(`unknown new commune ${name}`);
  return `000.00.${61 + n}.H55`;
}

function committee(place: string): string {
  return `UBND ${place}`;
}

/** The agency tree, Bắc Kạn units first, then their Thái Nguyên successors. */
function buildAgencies(): Agency[] {
  const list: Agency[] = [];
  const add = (a: Omit<Agency, 'district' | 'commune'> & Partial<Pick<Agency, 'district' | 'commune'>>): void => {
    list.push({ district: -1, commune: -1, ...a });
  };
  const provinceH06 = '000.00.00.H06';
  const provinceH55 = '000.00.00.H55';
  add({ code: provinceH06, name: 'UBND tỉnh Bắc Kạn', parent: null, cap: 1, successor: provinceH55 });
  for (const [jj, name, next] of DEPARTMENTS_H06) {
    add({ code: `000.00.${jj}.H06`, name: `${name} tỉnh Bắc Kạn`, parent: provinceH06, cap: 2, successor: `000.00.${next}.H55` });
  }
  const landOfficeH06 = '000.01.07.H06';
  const landOfficeH55 = '000.01.05.H55';
  add({ code: landOfficeH06, name: 'Văn phòng Đăng ký đất đai tỉnh Bắc Kạn', parent: '000.00.07.H06', cap: 3, successor: landOfficeH55 });
  DISTRICTS.forEach((d, di) => {
    const districtCode = `000.00.${d.jj}.H06`;
    add({ code: districtCode, name: committee(d.place), parent: provinceH06, cap: 2, successor: newCommuneCode(d.successor), district: di });
    d.communes.forEach(([name, , next], ci) => {
      add({
        code: `000.0${ci + 1}.${d.jj}.H06`,
        name: committee(name),
        parent: districtCode,
        cap: 3,
        successor: newCommuneCode(next),
        district: di,
        commune: ci,
      });
    });
    add({
      code: `00${di + 1}.01.07.H06`,
      name: `Chi nhánh Văn phòng Đăng ký đất đai ${d.place}`,
      parent: landOfficeH06,
      cap: 4,
      successor: `00${d.landArea + 1}.01.05.H55`,
      district: di,
    });
  });
  add({ code: provinceH55, name: 'UBND tỉnh Thái Nguyên', parent: null, cap: 1, successor: null });
  for (const [jj, name] of DEPARTMENTS_H55) {
    add({ code: `000.00.${jj}.H55`, name: `${name} tỉnh Thái Nguyên`, parent: provinceH55, cap: 2, successor: null });
  }
  NEW_COMMUNES.forEach((name) => {
    const di = DISTRICTS.findIndex((d) => d.successor === name || d.communes.some((c) => c[2] === name));
    add({ code: newCommuneCode(name), name: committee(name), parent: provinceH55, cap: 2, successor: null, district: di });
  });
  add({ code: landOfficeH55, name: 'Văn phòng Đăng ký đất đai tỉnh Thái Nguyên', parent: '000.00.05.H55', cap: 3, successor: null });
  LAND_AREAS_H55.forEach((area, n) => {
    add({
      code: `00${n + 1}.01.05.H55`,
      name: `Chi nhánh Văn phòng Đăng ký đất đai ${area}`,
      parent: landOfficeH55,
      cap: 4,
      successor: null,
    });
  });
  return list;
}

const AGENCIES: readonly Agency[] = buildAgencies();
const AGENCY_INDEX = new Map(AGENCIES.map((a, i) => [a.code, i]));

function agencyIndex(code: string): number {
  const i = AGENCY_INDEX.get(code);
  if (i === undefined) throw new Error(`unknown agency ${code}`);
  return i;
}

/** Index of each agency's successor, or its own index when it has none. */
const SUCCESSOR: readonly number[] = AGENCIES.map((a, i) => (a.successor === null ? i : agencyIndex(a.successor)));

function isBacKan(a: Agency): boolean {
  return a.code.endsWith('.H06');
}

// -------------------------------------------------------------- procedures

type Level = 'xa' | 'huyen' | 'dat' | 'so';
type Applicant = 'cd' | 'dn' | 'tc';

interface Procedure {
  qg: string;
  name: string;
  field: string;
  level: Level;
  /** Department JJ for level 'so'. */
  dept?: string;
  mucDo: 2 | 3 | 4;
  days: number;
  unit: 'ngay' | 'ngay-lam-viec' | null;
  /** Fee per unit in VND, 0 when free. */
  fee: number;
  /** Fee units per dossier go up to this (pages of a certified copy). */
  units?: number;
  weight: number;
  who: Applicant;
  /** Notation of the result document (the part after the number). */
  kq: string;
}

const FIELDS: Readonly<Record<string, string>> = {
  'G09-TP01': 'Luật sư',
  'G09-TP03': 'Hộ tịch',
  'G09-TP05': 'Chứng thực',
  'G09-TP06': 'Lý lịch tư pháp',
  'G14-TN01': 'Đất đai',
  'G14-TN05': 'Tài nguyên nước',
  'G05-KH01': 'Thành lập và hoạt động của doanh nghiệp',
  'G05-KH02': 'Thành lập và hoạt động của hộ kinh doanh',
  'G10-XD04': 'Hoạt động xây dựng',
  'G11-GT01': 'Đường bộ',
  'G08-LD02': 'Việc làm',
  'G08-LD04': 'Lao động',
  'G08-LD09': 'Bảo trợ xã hội',
  'G12-YT02': 'Khám bệnh, chữa bệnh',
  'G12-YT06': 'An toàn thực phẩm và dinh dưỡng',
  'G03-GD05': 'Văn bằng, chứng chỉ',
  'G03-GD10': 'Giáo dục trung học',
  'G15-VH01': 'Văn hóa',
  'G15-DL01': 'Du lịch',
  'G06-CT02': 'Lưu thông hàng hóa trong nước',
  'G16-NN06': 'Quản lý chất lượng nông lâm sản và thủy sản',
  'G13-TT02': 'Xuất bản, in và phát hành',
  'G07-NV05': 'Tổ chức phi chính phủ',
  'G07-NV08': 'Thi đua, khen thưởng',
  'G17-KC01': 'Hoạt động khoa học và công nghệ',
};

const LV = 'ngay-lam-viec';

/** The local catalogue. Weights set how often a procedure occurs among dossiers. */
const PROCEDURES: readonly Procedure[] = [
  { qg: '1.001193', name: 'Thủ tục đăng ký khai sinh', field: 'G09-TP03', level: 'xa', mucDo: 4, days: 1, unit: LV, fee: 0, weight: 14, who: 'cd', kq: 'TLKS' },
  { qg: '1.000894', name: 'Thủ tục đăng ký kết hôn', field: 'G09-TP03', level: 'xa', mucDo: 3, days: 1, unit: LV, fee: 0, weight: 5, who: 'cd', kq: 'TLKH' },
  { qg: '1.000656', name: 'Thủ tục đăng ký khai tử', field: 'G09-TP03', level: 'xa', mucDo: 4, days: 1, unit: LV, fee: 0, weight: 4, who: 'cd', kq: 'TLKT' },
  { qg: '1.004873', name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân', field: 'G09-TP03', level: 'xa', mucDo: 4, days: 3, unit: LV, fee: 0, weight: 6, who: 'cd', kq: 'XNTTHN' },
  { qg: '1.004859', name: 'Thủ tục đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', field: 'G09-TP03', level: 'xa', mucDo: 3, days: 3, unit: LV, fee: 15000, weight: 2, who: 'cd', kq: 'TLTĐHT' },
  { qg: '1.001022', name: 'Thủ tục đăng ký nhận cha, mẹ, con', field: 'G09-TP03', level: 'xa', mucDo: 3, days: 3, unit: LV, fee: 0, weight: 1, who: 'cd', kq: 'TLNCMC' },
  { qg: '2.000635', name: 'Thủ tục cấp bản sao trích lục hộ tịch', field: 'G09-TP03', level: 'xa', mucDo: 4, days: 1, unit: LV, fee: 8000, units: 3, weight: 4, who: 'cd', kq: 'BSTL' },
  { qg: '2.000815', name: 'Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận', field: 'G09-TP05', level: 'xa', mucDo: 3, days: 0, unit: null, fee: 2000, units: 10, weight: 12, who: 'cd', kq: 'SCT/BS' },
  { qg: '2.000884', name: 'Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản', field: 'G09-TP05', level: 'xa', mucDo: 3, days: 0, unit: null, fee: 10000, weight: 5, who: 'cd', kq: 'SCT/CK' },
  { qg: '2.001035', name: 'Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở', field: 'G09-TP05', level: 'xa', mucDo: 2, days: 2, unit: LV, fee: 50000, weight: 3, who: 'cd', kq: 'SCT/HĐGD' },
  { qg: '1.003554', name: 'Thủ tục hòa giải tranh chấp đất đai', field: 'G14-TN01', level: 'xa', mucDo: 2, days: 45, unit: 'ngay', fee: 0, weight: 1, who: 'cd', kq: 'BB-HG' },
  { qg: '2.000720', name: 'Thủ tục đăng ký thành lập hộ kinh doanh', field: 'G05-KH02', level: 'huyen', mucDo: 4, days: 3, unit: LV, fee: 100000, weight: 5, who: 'cd', kq: 'GCN-HKD' },
  { qg: '2.000575', name: 'Thủ tục đăng ký thay đổi nội dung đăng ký hộ kinh doanh', field: 'G05-KH02', level: 'huyen', mucDo: 4, days: 3, unit: LV, fee: 100000, weight: 3, who: 'cd', kq: 'GCN-HKD' },
  { qg: '1.001612', name: 'Thủ tục tạm ngừng hoạt động, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh', field: 'G05-KH02', level: 'huyen', mucDo: 4, days: 3, unit: LV, fee: 0, weight: 1, who: 'cd', kq: 'TB-HKD' },
  { qg: '1.009994', name: 'Thủ tục cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', field: 'G10-XD04', level: 'huyen', mucDo: 3, days: 15, unit: 'ngay', fee: 75000, weight: 4, who: 'cd', kq: 'GPXD' },
  { qg: '1.001776', name: 'Thủ tục thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng', field: 'G08-LD09', level: 'huyen', mucDo: 3, days: 20, unit: LV, fee: 0, weight: 3, who: 'cd', kq: 'QĐ-UBND' },
  { qg: '2.000908', name: 'Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận', field: 'G09-TP05', level: 'huyen', mucDo: 2, days: 0, unit: null, fee: 2000, units: 10, weight: 1, who: 'cd', kq: 'SCT/BS' },
  { qg: '2.000633', name: 'Thủ tục cấp Giấy phép bán lẻ sản phẩm rượu', field: 'G06-CT02', level: 'huyen', mucDo: 3, days: 10, unit: LV, fee: 1200000, weight: 1, who: 'dn', kq: 'GP-BLR' },
  { qg: '1.000775', name: 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài', field: 'G09-TP03', level: 'huyen', mucDo: 3, days: 15, unit: LV, fee: 100000, weight: 1, who: 'cd', kq: 'TLKS' },
  { qg: '1.004227', name: 'Thủ tục đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các trường hợp chuyển nhượng, cho thuê, thừa kế, tặng cho', field: 'G14-TN01', level: 'dat', mucDo: 3, days: 10, unit: LV, fee: 100000, weight: 8, who: 'cd', kq: 'GCN' },
  { qg: '1.003003', name: 'Thủ tục đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất lần đầu', field: 'G14-TN01', level: 'dat', mucDo: 3, days: 20, unit: LV, fee: 100000, weight: 4, who: 'cd', kq: 'GCN' },
  { qg: '1.003010', name: 'Thủ tục đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất', field: 'G14-TN01', level: 'dat', mucDo: 4, days: 1, unit: LV, fee: 80000, weight: 5, who: 'cd', kq: 'ĐKTC' },
  { qg: '1.003008', name: 'Thủ tục xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất', field: 'G14-TN01', level: 'dat', mucDo: 4, days: 1, unit: LV, fee: 20000, weight: 3, who: 'cd', kq: 'XĐKTC' },
  { qg: '1.002993', name: 'Thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', field: 'G14-TN01', level: 'dat', mucDo: 3, days: 7, unit: LV, fee: 50000, weight: 3, who: 'cd', kq: 'GCN' },
  { qg: '1.004203', name: 'Thủ tục đính chính Giấy chứng nhận đã cấp', field: 'G14-TN01', level: 'dat', mucDo: 3, days: 10, unit: LV, fee: 0, weight: 1, who: 'cd', kq: 'GCN' },
  { qg: '2.000488', name: 'Thủ tục cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam', field: 'G09-TP06', level: 'so', dept: '02', mucDo: 4, days: 10, unit: LV, fee: 200000, weight: 4, who: 'cd', kq: 'LLTP' },
  { qg: '1.002055', name: 'Thủ tục đăng ký hành nghề luật sư với tư cách cá nhân', field: 'G09-TP01', level: 'so', dept: '02', mucDo: 3, days: 7, unit: LV, fee: 100000, weight: 0.3, who: 'cd', kq: 'GĐK-LS' },
  { qg: '1.004616', name: 'Thủ tục đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên', field: 'G05-KH01', level: 'so', dept: '03', mucDo: 4, days: 3, unit: LV, fee: 50000, weight: 2, who: 'dn', kq: 'GCN-ĐKDN' },
  { qg: '2.002042', name: 'Thủ tục đăng ký thay đổi người đại diện theo pháp luật của công ty trách nhiệm hữu hạn, công ty cổ phần', field: 'G05-KH01', level: 'so', dept: '03', mucDo: 4, days: 3, unit: LV, fee: 50000, weight: 1.5, who: 'dn', kq: 'GCN-ĐKDN' },
  { qg: '1.005198', name: 'Thủ tục thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo', field: 'G05-KH01', level: 'so', dept: '03', mucDo: 4, days: 3, unit: LV, fee: 0, weight: 0.8, who: 'dn', kq: 'GXN-TNKD' },
  { qg: '1.002804', name: 'Thủ tục đổi giấy phép lái xe do ngành Giao thông vận tải cấp', field: 'G11-GT01', level: 'so', dept: '08', mucDo: 4, days: 5, unit: LV, fee: 135000, weight: 5, who: 'cd', kq: 'GPLX' },
  { qg: '1.002809', name: 'Thủ tục cấp Giấy phép lái xe quốc tế', field: 'G11-GT01', level: 'so', dept: '08', mucDo: 4, days: 5, unit: LV, fee: 135000, weight: 0.5, who: 'cd', kq: 'IDP' },
  { qg: '1.001023', name: 'Thủ tục cấp phù hiệu xe ô tô kinh doanh vận tải', field: 'G11-GT01', level: 'so', dept: '08', mucDo: 4, days: 2, unit: LV, fee: 0, weight: 1, who: 'dn', kq: 'PH-SGTVT' },
  { qg: '1.009972', name: 'Thủ tục cấp giấy phép xây dựng mới đối với công trình cấp I, II', field: 'G10-XD04', level: 'so', dept: '09', mucDo: 3, days: 20, unit: 'ngay', fee: 150000, weight: 0.5, who: 'dn', kq: 'GPXD' },
  { qg: '1.009794', name: 'Thủ tục cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III', field: 'G10-XD04', level: 'so', dept: '09', mucDo: 3, days: 20, unit: 'ngay', fee: 300000, weight: 0.6, who: 'cd', kq: 'CCHN' },
  { qg: '1.000459', name: 'Thủ tục cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam', field: 'G08-LD04', level: 'so', dept: '10', mucDo: 4, days: 5, unit: LV, fee: 600000, weight: 0.4, who: 'dn', kq: 'GPLĐ' },
  { qg: '1.000401', name: 'Thủ tục giải quyết hưởng trợ cấp thất nghiệp', field: 'G08-LD02', level: 'so', dept: '10', mucDo: 3, days: 20, unit: LV, fee: 0, weight: 1.5, who: 'cd', kq: 'QĐ-SLĐTBXH' },
  { qg: '1.004544', name: 'Thủ tục cấp giấy phép hành nghề đối với chức danh chuyên môn là bác sỹ, y sỹ, điều dưỡng', field: 'G12-YT02', level: 'so', dept: '11', mucDo: 3, days: 30, unit: 'ngay', fee: 360000, weight: 0.4, who: 'cd', kq: 'GPHN' },
  { qg: '1.001822', name: 'Thủ tục cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất thực phẩm', field: 'G12-YT06', level: 'so', dept: '11', mucDo: 3, days: 15, unit: LV, fee: 500000, weight: 0.4, who: 'dn', kq: 'GCN-ATTP' },
  { qg: '1.005092', name: 'Thủ tục cấp bản sao văn bằng, chứng chỉ từ sổ gốc', field: 'G03-GD05', level: 'so', dept: '12', mucDo: 4, days: 0, unit: null, fee: 0, weight: 0.8, who: 'cd', kq: 'BSVB' },
  { qg: '1.004831', name: 'Thủ tục chuyển trường đối với học sinh trung học phổ thông', field: 'G03-GD10', level: 'so', dept: '12', mucDo: 3, days: 3, unit: LV, fee: 0, weight: 0.6, who: 'cd', kq: 'GGT' },
  { qg: '1.001029', name: 'Thủ tục cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke', field: 'G15-VH01', level: 'so', dept: '13', mucDo: 3, days: 5, unit: LV, fee: 4000000, weight: 0.3, who: 'dn', kq: 'GP-KARAOKE' },
  { qg: '1.004623', name: 'Thủ tục công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao, 3 sao đối với khách sạn', field: 'G15-DL01', level: 'so', dept: '13', mucDo: 3, days: 30, unit: 'ngay', fee: 1500000, weight: 0.2, who: 'dn', kq: 'QĐ-SVHTTDL' },
  { qg: '2.000204', name: 'Thủ tục cấp Giấy phép bán buôn sản phẩm rượu', field: 'G06-CT02', level: 'so', dept: '05', mucDo: 3, days: 15, unit: LV, fee: 1200000, weight: 0.2, who: 'dn', kq: 'GP-BBR' },
  { qg: '1.003614', name: 'Thủ tục cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh nông, lâm, thủy sản', field: 'G16-NN06', level: 'so', dept: '06', mucDo: 3, days: 15, unit: LV, fee: 700000, weight: 0.3, who: 'dn', kq: 'GCN-ATTP' },
  { qg: '1.004167', name: 'Thủ tục cấp giấy phép khai thác, sử dụng nước dưới đất', field: 'G14-TN05', level: 'so', dept: '07', mucDo: 3, days: 30, unit: 'ngay', fee: 600000, weight: 0.1, who: 'dn', kq: 'GP-UBND' },
  { qg: '1.003725', name: 'Thủ tục cấp giấy phép xuất bản bản tin', field: 'G13-TT02', level: 'so', dept: '14', mucDo: 3, days: 10, unit: LV, fee: 0, weight: 0.1, who: 'tc', kq: 'GP-STTTT' },
  { qg: '1.003822', name: 'Thủ tục công nhận ban vận động thành lập hội', field: 'G07-NV05', level: 'so', dept: '01', mucDo: 2, days: 30, unit: 'ngay', fee: 0, weight: 0.1, who: 'tc', kq: 'QĐ-SNV' },
  { qg: '1.000843', name: 'Thủ tục tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh', field: 'G07-NV08', level: 'so', dept: '01', mucDo: 2, days: 0, unit: null, fee: 0, weight: 0.2, who: 'tc', kq: 'QĐ-UBND' },
  { qg: '2.001124', name: 'Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước', field: 'G17-KC01', level: 'so', dept: '15', mucDo: 3, days: 15, unit: LV, fee: 0, weight: 0.05, who: 'tc', kq: 'GCN-KHCN' },
];

const PROC_WEIGHTS: readonly number[] = PROCEDURES.map((p) => p.weight);

/** Bắc Kạn agencies that may handle each procedure (successors take over after the merger). */
const PROC_HANDLERS: readonly (readonly number[])[] = PROCEDURES.map((p) => {
  const handlers = AGENCIES.flatMap((a, i) => {
    if (!isBacKan(a)) return [];
    switch (p.level) {
      case 'xa':
        return a.cap === 3 && a.commune >= 0 ? [i] : [];
      case 'huyen':
        return a.cap === 2 && a.district >= 0 ? [i] : [];
      case 'dat':
        return a.cap === 4 ? [i] : [];
      case 'so':
        return a.code === `000.00.${p.dept ?? ''}.H06` ? [i] : [];
    }
  });
  if (handlers.length === 0) throw new Error(`no agency handles ${p.qg}`);
  return handlers;
});

function localCode(p: Procedure): string {
  return `${p.qg}.000.00.00.H06`;
}

// --------------------------------------------------------------- timeline

/** Status weights, index = TrangThaiHoSo: most dossiers end returned, every status occurs. */
const STATUS_WEIGHTS = [0, 3, 3, 3, 8, 3, 2, 2, 2, 8, 66] as const;
/** Statuses a dossier can still leave; these are placed in the last weeks of the history. */
const OPEN_STATUSES: ReadonlySet<number> = new Set([1, 2, 4, 5, 6]);

const WORK_START = 7 * 3600 + 1800;
const WORK_END = 17 * 3600;
const RECENT_SEC = 45 * DAY_SEC;

interface Step {
  at: number;
  status: number;
}

interface Round {
  requested: number;
  done: number | null;
  dueBefore: number | null;
  dueAfter: number | null;
}

/** What happened to a dossier, as epoch seconds; everything else is text around it. */
interface Timeline {
  status: number;
  submitted: number;
  accepted: number | null;
  due: number | null;
  processing: number | null;
  rounds: Round[];
  payRequested: number | null;
  payResolved: number | null;
  /** NgayKetThucXuLy: processed (9, 10) or withdrawn (7). */
  finished: number | null;
  returned: number | null;
  /** NgayTuChoi: refused at intake (3) or stopped (8). */
  refused: number | null;
  signed: number | null;
  steps: Step[];
}

type PayMode = 'tien-mat' | 'chuyen-khoan' | 'online';

interface Core {
  proc: number;
  /** Handling agency as of the code date (a successor after the merger). */
  agency: number;
  /** The Bắc Kạn agency it was routed to, for addresses. */
  homeAgency: number;
  channel: number | null;
  payMode: PayMode;
  payLater: boolean;
  refund: boolean;
  tl: Timeline;
}

/** Fixed-date public holidays (month*100 + day); Tết moves with the lunar calendar and is left out. */
const HOLIDAYS: ReadonlySet<number> = new Set([101, 430, 501, 902]);

function isWorkingDay(dayStart: number): boolean {
  const wd = localWeekday(dayStart);
  if (wd === 0 || wd === 6) return false;
  const d = new Date((dayStart + VN_OFFSET_SEC) * 1000);
  return !HOLIDAYS.has((d.getUTCMonth() + 1) * 100 + d.getUTCDate());
}

/** The due time: calendar days, or working days skipping weekends and fixed holidays. */
function addDeadline(accepted: number, p: Procedure): number | null {
  if (p.days <= 0 || p.unit === null) return null;
  if (p.unit === 'ngay') return accepted + p.days * DAY_SEC;
  let day = localDayStart(accepted);
  const timeOfDay = accepted - day;
  for (let left = p.days; left > 0; ) {
    day += DAY_SEC;
    if (isWorkingDay(day)) left--;
  }
  return day + timeOfDay;
}

/** An officer's action some working days after `t`, during office hours, strictly after `t`. */
function later(r: Rng, t: number, minDays: number, maxDays: number): number {
  let day = localDayStart(t) + r.between(minDays, maxDays) * DAY_SEC;
  const wd = localWeekday(day);
  if (wd === 6) day += 2 * DAY_SEC;
  else if (wd === 0) day += DAY_SEC;
  const at = day + r.between(WORK_START, WORK_END);
  return at > t ? at : t + r.between(60, 1800);
}

/** The same day, with the time of day squeezed into office hours (keeps the order within a day). */
function officeHours(t: number): number {
  const day = localDayStart(t);
  return day + WORK_START + Math.floor(((t - day) * (WORK_END - WORK_START)) / DAY_SEC);
}

/** A time between `from` and `to` (to exclusive when wider than a minute). */
function within(from: number, to: number, fraction: number): number {
  return from + Math.max(60, Math.floor((to - from) * fraction));
}

function buildTimeline(r: Rng, p: Procedure, channel: number | null, status: number, submitted: number): Timeline {
  const tl: Timeline = {
    status,
    submitted,
    accepted: null,
    due: null,
    processing: null,
    rounds: [],
    payRequested: null,
    payResolved: null,
    finished: null,
    returned: null,
    refused: null,
    signed: null,
    steps: [{ at: submitted, status: 1 }],
  };
  const step = (at: number, s: number): void => {
    tl.steps.push({ at, status: s });
  };
  if (status === 1) return tl;
  const remote = channel === 2 || channel === 3;
  const intake = remote ? later(r, submitted, 0, 2) : submitted + r.between(60, 900);
  if (status === 3) {
    tl.refused = intake;
    step(intake, 3);
    return tl;
  }
  tl.accepted = intake;
  tl.due = addDeadline(intake, p);
  step(intake, 2);
  if (status === 2) return tl;
  if (status === 7 && r.chance(0.4)) {
    tl.finished = later(r, intake, 0, 3);
    step(tl.finished, 7);
    return tl;
  }
  tl.processing = later(r, intake, 0, 1);
  step(tl.processing, 4);
  let cursor = tl.processing;
  const span = tl.due !== null && tl.due > cursor ? tl.due - cursor : 10 * DAY_SEC;
  if (status === 5) {
    const requested = within(cursor, cursor + span, r.next() * 0.6);
    tl.rounds.push({ requested, done: null, dueBefore: tl.due, dueAfter: null });
    step(requested, 5);
    return tl;
  }
  if (r.chance(0.1)) {
    // An earlier, closed supplement round: the clock pauses and the due date moves.
    const requested = later(r, cursor, 0, 3);
    const done = later(r, requested, 1, 10);
    const dueAfter = tl.due === null ? null : tl.due + (done - requested);
    tl.rounds.push({ requested, done, dueBefore: tl.due, dueAfter });
    tl.due = dueAfter;
    step(requested, 5);
    step(done, 4);
    cursor = done;
  }
  switch (status) {
    case 4:
      return tl;
    case 6:
      tl.payRequested = later(r, cursor, 0, 5);
      step(tl.payRequested, 6);
      return tl;
    case 7:
      tl.finished = later(r, cursor, 1, 10);
      step(tl.finished, 7);
      return tl;
    case 8:
      tl.refused = later(r, cursor, 1, 15);
      step(tl.refused, 8);
      return tl;
    default:
      break;
  }
  // 9 and 10: some finish after the due date.
  const late = r.chance(0.12);
  let finished: number;
  if (tl.due === null) finished = later(r, cursor, 1, 20);
  else if (late || tl.due <= cursor + 60) {
    const due = Math.max(tl.due, cursor);
    finished = Math.max(due + 60, officeHours(due + r.between(3600, 10 * DAY_SEC)));
  } else finished = Math.min(tl.due, Math.max(cursor + 60, officeHours(within(cursor, tl.due, 0.2 + r.next() * 0.79))));
  tl.finished = finished;
  // Signed shortly before processing ends, but not before the office opened that day.
  tl.signed = Math.max(cursor, localDayStart(finished) + WORK_START, finished - r.between(0, 2 * 3600));
  if (tl.signed > finished) tl.signed = finished;
  step(finished, 9);
  if (status === 10) {
    tl.returned = later(r, finished, 0, 7);
    step(tl.returned, 10);
  }
  return tl;
}

/** Squeezes a timeline that would run past `limit` into [submitted, limit], keeping its order. */
function fitBefore(tl: Timeline, limit: number): void {
  const last = tl.steps[tl.steps.length - 1]?.at ?? tl.submitted;
  if (last <= limit) return;
  const s = tl.submitted;
  const k = (limit - s) / (last - s);
  const f = (t: number): number => s + Math.floor((t - s) * k);
  const g = (t: number | null): number | null => (t === null ? null : f(t));
  tl.accepted = g(tl.accepted);
  tl.due = g(tl.due);
  tl.processing = g(tl.processing);
  tl.payRequested = g(tl.payRequested);
  tl.payResolved = g(tl.payResolved);
  tl.finished = g(tl.finished);
  tl.returned = g(tl.returned);
  tl.refused = g(tl.refused);
  tl.signed = g(tl.signed);
  for (const round of tl.rounds) {
    round.requested = f(round.requested);
    round.done = g(round.done);
    round.dueBefore = g(round.dueBefore);
    round.dueAfter = g(round.dueAfter);
  }
  for (const st of tl.steps) st.at = f(st.at);
}

function lastEvent(tl: Timeline): number {
  return tl.steps[tl.steps.length - 1]?.at ?? tl.submitted;
}

/**
 * One control-driven change at `at`: the next status on a valid path, or null
 * when the dossier cannot move (then a text field is edited instead).
 */
function advance(tl: Timeline, p: Procedure, at: number): boolean {
  const step = (s: number): void => {
    tl.status = s;
    tl.steps.push({ at, status: s });
  };
  switch (tl.status) {
    case 1:
      // MaHoSo and the agency stay as registered: the code is the cross-system join key.
      tl.accepted = at;
      tl.due = addDeadline(at, p);
      step(2);
      return true;
    case 2:
      tl.processing = at;
      step(4);
      return true;
    case 4:
      tl.finished = at;
      tl.signed = at;
      step(9);
      return true;
    case 5: {
      const round = tl.rounds[tl.rounds.length - 1];
      if (round !== undefined) {
        round.done = at;
        if (tl.due !== null) {
          round.dueAfter = tl.due + (at - round.requested);
          tl.due = round.dueAfter;
        }
      }
      step(4);
      return true;
    }
    case 6:
      tl.payResolved = at;
      tl.finished = at;
      tl.signed = at;
      step(9);
      return true;
    case 9:
      tl.returned = at;
      step(10);
      return true;
    default:
      return false;
  }
}

// --------------------------------------------------------------- payments

type PaymentStatus = RawPayment['TrangThai'];

interface PaymentState {
  time: number;
  updated: number;
  status: PaymentStatus;
}

/**
 * The counter/transfer payment of a fee-bearing dossier, derived from its
 * timeline: collected at acceptance ("thu trước") or when processing starts
 * ("thu sau"), requested separately for status 6, cancelled or refunded when
 * the dossier is withdrawn, refunded or kept when it is stopped. Online payments live on the portal.
 */
function paymentState(c: Core): PaymentState | null {
  const p = PROCEDURES[c.proc];
  const tl = c.tl;
  if (p === undefined || p.fee === 0 || c.payMode === 'online' || tl.accepted === null) return null;
  if (tl.payRequested !== null) {
    return tl.payResolved === null
      ? { time: tl.payRequested, updated: tl.payRequested, status: 'Chờ thanh toán' }
      : { time: tl.payRequested, updated: tl.payResolved, status: 'Đã thanh toán' };
  }
  const time = tl.accepted;
  const paidAt = c.payLater ? tl.processing : tl.accepted;
  if (tl.status === 7 && tl.finished !== null) {
    return paidAt !== null && c.refund
      ? { time, updated: tl.finished, status: 'Đã hoàn phí' }
      : { time, updated: tl.finished, status: 'Hủy thanh toán' };
  }
  if (paidAt === null) return { time, updated: time, status: 'Chưa thanh toán' };
  if (tl.status === 8 && c.refund && tl.refused !== null) return { time, updated: tl.refused, status: 'Đã hoàn phí' };
  return { time, updated: paidAt, status: 'Đã thanh toán' };
}

// ------------------------------------------------------------------ texts

const REFUSAL_REASONS = [
  'Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan',
  'Thành phần hồ sơ không đầy đủ theo quy định',
  'Người nộp không xuất trình được bản chính giấy tờ tùy thân',
  'Thông tin trên tờ khai không khớp với giấy tờ kèm theo',
] as const;
const STOP_REASONS = [
  'Công dân không bổ sung hồ sơ trong thời hạn quy định',
  'Hồ sơ không đủ điều kiện giải quyết theo quy định',
  'Có tranh chấp liên quan, hướng dẫn công dân gửi cơ quan có thẩm quyền',
] as const;
const SUPPLEMENT_CONTENTS = [
  'Bổ sung bản sao Căn cước công dân có chứng thực',
  'Bổ sung giấy ủy quyền hợp lệ',
  'Điều chỉnh thông tin tờ khai cho khớp với giấy tờ kèm theo',
  'Bổ sung sơ đồ, trích đo thửa đất',
  'Bổ sung văn bản thỏa thuận của các đồng thừa kế',
] as const;
const ORGANISATIONS = ['Hội Nông dân', 'Hợp tác xã Nông nghiệp', 'Hội Cựu chiến binh', 'Trường Trung học cơ sở', 'Hội Phụ nữ'] as const;
const STATUS_TEXT = [
  '',
  'Mới đăng ký',
  'Được tiếp nhận',
  'Không được tiếp nhận',
  'Đang xử lý',
  'Yêu cầu bổ sung giấy tờ',
  'Yêu cầu thực hiện nghĩa vụ tài chính',
  'Công dân yêu cầu rút hồ sơ',
  'Dừng xử lý',
  'Đã xử lý xong',
  'Đã trả kết quả',
] as const;

/** Text of a status code; the bad-record fault serves it where a number belongs. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

interface Staff {
  intakeUnit: string;
  processUnit: string;
  approveUnit: string;
  approverTitle: string;
}

function staffOf(p: Procedure, a: Agency): Staff {
  if (p.level === 'so') {
    return {
      intakeUnit: 'Trung tâm Phục vụ hành chính công',
      processUnit: `Phòng chuyên môn ${FIELDS[p.field] ?? ''}`.trim(),
      approveUnit: 'Ban Giám đốc Sở',
      approverTitle: 'Phó Giám đốc Sở',
    };
  }
  if (p.level === 'dat') {
    return {
      intakeUnit: 'Bộ phận Một cửa',
      processUnit: 'Tổ Đăng ký – Cấp giấy',
      approveUnit: 'Ban Giám đốc Chi nhánh',
      approverTitle: 'Giám đốc Chi nhánh',
    };
  }
  const commune = a.cap === 3 || (!isBacKan(a) && a.cap === 2);
  const land = p.field === 'G14-TN01' || p.field === 'G10-XD04';
  if (commune) {
    return {
      intakeUnit: 'Bộ phận Tiếp nhận và Trả kết quả',
      processUnit: land ? 'Công chức Địa chính – Xây dựng' : 'Công chức Tư pháp – Hộ tịch',
      approveUnit: 'Lãnh đạo UBND',
      approverTitle: 'Phó Chủ tịch UBND',
    };
  }
  const units: Readonly<Record<string, string>> = {
    'G05-KH02': 'Phòng Tài chính – Kế hoạch',
    'G10-XD04': 'Phòng Kinh tế và Hạ tầng',
    'G06-CT02': 'Phòng Kinh tế và Hạ tầng',
    'G08-LD09': 'Phòng Lao động – Thương binh và Xã hội',
  };
  return {
    intakeUnit: 'Bộ phận Một cửa',
    processUnit: units[p.field] ?? 'Phòng Tư pháp',
    approveUnit: 'Lãnh đạo UBND',
    approverTitle: 'Phó Chủ tịch UBND',
  };
}

// ---------------------------------------------------------------- dataset

export interface McdtDatasetOptions {
  seed: number;
  size: number;
  historyFrom: Date;
  now: Date;
}

/** Salts of the independent random streams of one dossier. */
const STREAM = {
  core: 1,
  detail: 2,
  mutation: 3,
  officer: 4,
  supplement: 5,
  result: 6,
  edit: 7,
  mutateOrder: 8,
  deleteOrder: 9,
} as const;

const NO_PAYMENT = -1;

function lowerBound(order: Int32Array, key: Float64Array, sec: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((key[order[mid] ?? 0] ?? 0) < sec) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts indices by (time, tie-break text) in O(n log n) on a Float64Array:
 * each index is packed under its time offset, the array is sorted natively,
 * then runs of equal times are re-ordered by their text.
 */
function sortByTime(indices: Int32Array, time: (i: number) => number, origin: number, text: (i: number) => string): Int32Array {
  const n = indices.length;
  let radix = 1;
  let maxIndex = 0;
  for (let k = 0; k < n; k++) maxIndex = Math.max(maxIndex, indices[k] ?? 0);
  while (radix <= maxIndex) radix *= 2;
  const packed = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k] ?? 0;
    const offset = time(i) - origin;
    if (offset < 0 || (offset + 1) * radix > Number.MAX_SAFE_INTEGER) throw new Error('time out of the sortable range');
    packed[k] = offset * radix + i;
  }
  packed.sort();
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = (packed[k] ?? 0) % radix;
  for (let start = 0; start < n; ) {
    const t = time(out[start] ?? 0);
    let end = start + 1;
    while (end < n && time(out[end] ?? 0) === t) end++;
    if (end - start > 1) {
      const run = Array.from(out.subarray(start, end)).sort((a, b) => compareText(text(a), text(b)));
      out.set(run, start);
    }
    start = end;
  }
  return out;
}

export interface McdtStats {
  dossiers: number;
  deleted: number;
  mutated: number;
  agencies: number;
  procedures: number;
  payments: number;
  now: string;
}

export class McdtDataset {
  readonly size: number;
  readonly agencies: readonly RawAgency[];
  readonly procedures: readonly RawProcedure[];
  /** Dossiers submitted before this `yyyyMMddHHmmss` count as old (legacy-encoding candidates). */
  readonly legacyBefore: string;

  private readonly seed: number;
  private readonly fromSec: number;
  private readonly startSec: number;
  private clock: number;

  // Per dossier, fixed at start-up.
  private readonly agencyOf: Uint8Array;
  private readonly codeDay: Int32Array;
  private readonly codeSeq: Int32Array;
  private readonly baseUpdated: Float64Array;
  private readonly baseOrder: Int32Array;
  private readonly paymentOrder: Int32Array;
  private readonly paymentUpdated: Float64Array;

  // Live state, changed through /__control.
  private readonly updated: Float64Array;
  private readonly mutations = new Map<number, number[]>();
  private readonly mutatedFlag: Uint8Array;
  private readonly deletedFlag: Uint8Array;
  private deletedCount = 0;
  private mutateCursor = 0;
  private listed: Int32Array;
  private readonly mutateOrder: Scatter;
  private readonly deleteOrder: Scatter;

  constructor(opts: McdtDatasetOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1 || opts.size > 4_000_000) throw new Error('size must be an integer in 1..4000000');
    this.seed = opts.seed | 0;
    this.size = opts.size;
    this.fromSec = toSec(opts.historyFrom);
    this.startSec = toSec(opts.now);
    if (this.startSec - this.fromSec < 2 * DAY_SEC) throw new Error('now must be at least two days after historyFrom');
    this.clock = this.startSec;
    this.legacyBefore = formatCompact(this.fromSec + Math.floor((this.startSec - this.fromSec) / 3));
    this.agencies = AGENCIES.map(toRawAgency).sort((a, b) => compareText(a.MaDinhDanh, b.MaDinhDanh));
    this.procedures = PROCEDURES.map(toRawProcedure).sort((a, b) => compareText(a.MaTTHC, b.MaTTHC));

    const n = this.size;
    this.agencyOf = new Uint8Array(n);
    this.codeDay = new Int32Array(n);
    this.codeSeq = new Int32Array(n);
    this.baseUpdated = new Float64Array(n);
    const codeTime = new Float64Array(n);
    const payUpdated = new Float64Array(n).fill(NO_PAYMENT);
    let payments = 0;
    for (let i = 0; i < n; i++) {
      const c = this.core(i);
      this.agencyOf[i] = c.agency;
      codeTime[i] = c.tl.accepted ?? c.tl.submitted;
      this.codeDay[i] = localDayNumber(codeTime[i] ?? 0);
      this.baseUpdated[i] = lastEvent(c.tl);
      const pay = paymentState(c);
      if (pay !== null) {
        payUpdated[i] = pay.updated;
        payments++;
      }
    }

    // Sequence numbers per agency and day, in the order the dossiers were registered.
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    const byCodeTime = sortByTime(all, (i) => codeTime[i] ?? 0, this.fromSec, () => '');
    const firstDay = localDayNumber(this.fromSec);
    const days = localDayNumber(this.startSec) - firstDay + 1;
    const counters = new Int32Array(AGENCIES.length * days);
    for (const i of byCodeTime) {
      const slot = (this.agencyOf[i] ?? 0) * days + ((this.codeDay[i] ?? 0) - firstDay);
      const next = (counters[slot] ?? 0) + 1;
      counters[slot] = next;
      this.codeSeq[i] = next;
    }

    this.baseOrder = sortByTime(all, (i) => this.baseUpdated[i] ?? 0, this.fromSec, (i) => this.code(i));
    const withPayment = new Int32Array(payments);
    for (let i = 0, k = 0; i < n; i++) if ((payUpdated[i] ?? NO_PAYMENT) !== NO_PAYMENT) withPayment[k++] = i;
    this.paymentOrder = sortByTime(withPayment, (i) => payUpdated[i] ?? 0, this.fromSec, (i) => this.paymentCode(i));
    this.paymentUpdated = Float64Array.from(this.paymentOrder, (i) => payUpdated[i] ?? 0);

    this.updated = Float64Array.from(this.baseUpdated);
    this.mutatedFlag = new Uint8Array(n);
    this.deletedFlag = new Uint8Array(n);
    this.mutateOrder = new Scatter(n, hash32(this.seed, STREAM.mutateOrder));
    this.deleteOrder = new Scatter(n, hash32(this.seed, STREAM.deleteOrder));
    this.listed = this.baseOrder;
  }

  // ------------------------------------------------------------ clock

  /** The simulator's "now" in epoch seconds: frozen at start, moved only by advanceClock. */
  get now(): number {
    return this.clock;
  }

  advanceClock(seconds: number): void {
    this.clock += Math.floor(seconds);
  }

  // ----------------------------------------------------------- listing

  /** Indices of the listed dossiers whose NgayCapNhat is in [fromSec, toSec), in listing order. */
  window(fromSec: number, toSec: number): Int32Array {
    const lo = lowerBound(this.listed, this.updated, fromSec);
    const hi = lowerBound(this.listed, this.updated, toSec);
    // A view of the current listing: changes replace the listing, so the view stays a snapshot.
    return this.listed.subarray(lo, hi);
  }

  /** MaHoSo: `{agency}-{yyMMdd}-{NNNN}`, fixed when the dossier was registered. */
  code(i: number): string {
    const agency = AGENCIES[this.agencyOf[i] ?? 0];
    const day = (this.codeDay[i] ?? 0) * DAY_SEC - VN_OFFSET_SEC;
    return `${agency?.code ?? ''}-${formatYyMMdd(day)}-${String(this.codeSeq[i] ?? 0).padStart(4, '0')}`;
  }

  /** Number of dossiers currently listed (not deleted). */
  get listedCount(): number {
    return this.listed.length;
  }

  // ----------------------------------------------------------- changes

  /**
   * Changes `count` dossiers picked in a fixed pseudo-random order, stamped
   * `stampOffset` seconds from the clock; returns their MaHoSo.
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

  /** Changes the given dossiers (next status, or a text edit), stamped `at` (default now); returns their MaHoSo. */
  touch(indices: readonly number[], at = this.clock): string[] {
    for (const i of indices) {
      const times = this.mutations.get(i);
      if (times) times.push(at);
      else this.mutations.set(i, [at]);
      this.mutatedFlag[i] = 1;
      this.updated[i] = at;
    }
    this.relist();
    return indices.map((i) => this.code(i));
  }

  /** Hides the first `count` dossiers of a fixed pseudo-random order from every listing. */
  setDeleted(count: number): void {
    this.deletedFlag.fill(0);
    this.deletedCount = Math.min(Math.max(0, Math.floor(count)), this.size);
    for (let k = 0; k < this.deletedCount; k++) this.deletedFlag[this.deleteOrder.at(k)] = 1;
    this.relist();
  }

  /** Back to the generated state: no mutations, no deletions, clock at start. */
  reset(): void {
    this.mutations.clear();
    this.mutatedFlag.fill(0);
    this.deletedFlag.fill(0);
    this.deletedCount = 0;
    this.mutateCursor = 0;
    this.updated.set(this.baseUpdated);
    this.clock = this.startSec;
    this.listed = this.baseOrder;
  }

  stats(): McdtStats {
    return {
      dossiers: this.listed.length,
      deleted: this.deletedCount,
      mutated: this.mutations.size,
      agencies: this.agencies.length,
      procedures: this.procedures.length,
      payments: this.paymentOrder.length,
      now: formatCompact(this.clock),
    };
  }

  /** Rebuilds the listing: unchanged dossiers keep their place, changed ones merge in by their new time. */
  private relist(): void {
    const moved: number[] = [];
    for (const i of this.mutations.keys()) if (this.deletedFlag[i] === 0) moved.push(i);
    moved.sort((a, b) => this.compareListed(a, b));
    const out = new Int32Array(this.size - this.deletedCount);
    let k = 0;
    let m = 0;
    const base = this.baseOrder;
    for (let j = 0; j < base.length; j++) {
      const i = base[j] ?? 0;
      if (this.deletedFlag[i] === 1 || this.mutatedFlag[i] === 1) continue;
      while (m < moved.length && this.compareListed(moved[m] ?? 0, i) < 0) out[k++] = moved[m++] ?? 0;
      out[k++] = i;
    }
    while (m < moved.length) out[k++] = moved[m++] ?? 0;
    this.listed = out;
  }

  private compareListed(a: number, b: number): number {
    return (this.updated[a] ?? 0) - (this.updated[b] ?? 0) || compareText(this.code(a), this.code(b));
  }

  // ------------------------------------------------------------- records

  /** The dossier as currently served (mutations applied), in NFC. */
  dossier(i: number): RawDossier {
    const c = this.core(i);
    const edits = this.replay(i, c);
    return this.render(i, c, edits);
  }

  /** Payments whose NgayCapNhat is in [fromSec, toSec), ordered by (NgayCapNhat, Ma). */
  payments(fromSec: number, toSec: number): RawPayment[] {
    const rows: RawPayment[] = [];
    let lo = 0;
    let hi = this.paymentUpdated.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.paymentUpdated[mid] ?? 0) < fromSec) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.paymentOrder.length && (this.paymentUpdated[k] ?? 0) < toSec; k++) {
      const i = this.paymentOrder[k] ?? 0;
      if (this.deletedFlag[i] === 1 || this.mutatedFlag[i] === 1) continue;
      const row = this.payment(i, this.core(i));
      if (row) rows.push(row.raw);
    }
    let changed = false;
    for (const i of this.mutations.keys()) {
      if (this.deletedFlag[i] === 1) continue;
      const c = this.core(i);
      this.replay(i, c);
      const row = this.payment(i, c);
      if (row && row.updated >= fromSec && row.updated < toSec) {
        rows.push(row.raw);
        changed = true;
      }
    }
    if (changed) rows.sort((a, b) => compareText(a.NgayCapNhat, b.NgayCapNhat) || compareText(a.Ma, b.Ma));
    return rows;
  }

  private paymentCode(i: number): string {
    const pay = paymentState(this.core(i));
    return pay === null ? '' : `${this.code(i)}-${formatCompact(pay.time)}`;
  }

  private payment(i: number, c: Core): { raw: RawPayment; updated: number } | null {
    const pay = paymentState(c);
    const p = PROCEDURES[c.proc];
    if (pay === null || p === undefined || c.payMode === 'online') return null;
    const units = 1 + (hash32(this.seed, i, STREAM.result) % (p.units ?? 1));
    const code = this.code(i);
    return {
      updated: pay.updated,
      raw: {
        Ma: `${code}-${formatCompact(pay.time)}`,
        MaHoSo: code,
        SoTien: p.fee * units,
        HinhThucThanhToan: c.payMode,
        TrangThai: pay.status,
        ThoiGian: formatCompact(pay.time),
        NgayCapNhat: formatCompact(pay.updated),
      },
    };
  }

  /** Timeline and routing of dossier i, before any mutation. */
  private core(i: number): Core {
    const r = new Rng(hash32(this.seed, i, STREAM.core));
    const proc = r.weighted(PROC_WEIGHTS);
    const p = PROCEDURES[proc];
    if (p === undefined) throw new Error('procedure out of range');
    const roll = r.next();
    const channel = p.mucDo >= 3
      ? roll < 0.45 ? 1 : roll < 0.9 ? 2 : roll < 0.95 ? 3 : null
      : roll < 0.85 ? 1 : roll < 0.93 ? 3 : null;
    const status = r.weighted(STATUS_WEIGHTS);
    const submitted = this.pickSubmitted(r, status, channel === 2);
    const tl = buildTimeline(r, p, channel, status, submitted);
    fitBefore(tl, this.startSec - 60);
    const handlers = PROC_HANDLERS[proc] ?? [];
    const homeAgency = handlers[r.int(handlers.length)] ?? 0;
    const codeTime = tl.accepted ?? tl.submitted;
    const agency = codeTime >= MERGER_SEC ? (SUCCESSOR[homeAgency] ?? homeAgency) : homeAgency;
    const online = channel === 2 && r.chance(0.5);
    const payMode: PayMode = online ? 'online' : r.chance(0.65) ? 'tien-mat' : 'chuyen-khoan';
    return { proc, agency, homeAgency, channel, payMode, payLater: r.chance(0.25), refund: r.chance(0.5), tl };
  }

  /** Submission time: open dossiers are recent; counter ones fall in office hours on a weekday. */
  private pickSubmitted(r: Rng, status: number, online: boolean): number {
    const latest = this.startSec - 3600;
    const span = latest - this.fromSec;
    let t = OPEN_STATUSES.has(status) ? latest - r.int(Math.min(RECENT_SEC, span)) : this.fromSec + r.int(span);
    if (!online) {
      let day = localDayStart(t);
      const wd = localWeekday(day);
      if (wd === 6) day -= DAY_SEC;
      else if (wd === 0) day -= 2 * DAY_SEC;
      t = day + r.between(WORK_START, WORK_END - 1800);
    }
    return Math.min(latest, Math.max(this.fromSec, t));
  }

  /**
   * Applies dossier i's mutations to its timeline in order; each one moves the
   * status on, or (for final statuses, and one time in five) edits a text field.
   */
  private replay(i: number, c: Core): Edit[] {
    const times = this.mutations.get(i);
    const edits: Edit[] = [];
    if (times === undefined) return edits;
    const p = PROCEDURES[c.proc];
    times.forEach((at, version) => {
      const h = hash32(this.seed, i, version, STREAM.mutation);
      if (p === undefined || h % 5 === 0 || !advance(c.tl, p, at)) edits.push({ kind: (h >>> 3) % 4, version, at });
    });
    return edits;
  }

  private officer(agency: number, role: number, pick: number): string {
    return personName(new Rng(hash32(this.seed, agency, role, pick, STREAM.officer))).name;
  }

  private render(i: number, c: Core, edits: readonly Edit[]): RawDossier {
    const p = PROCEDURES[c.proc];
    const agency = AGENCIES[c.agency];
    const home = AGENCIES[c.homeAgency];
    if (p === undefined || agency === undefined || home === undefined) throw new Error('dossier out of range');
    const tl = c.tl;
    // Every draw happens in a fixed order, whatever the status, so a status change never reshuffles the text.
    const d = new Rng(hash32(this.seed, i, STREAM.detail));
    const empty: '' | null = d.chance(0.15) ? '' : null;
    const person = personName(d);
    const birthYear = d.between(1950, 2006);
    const idRoll = d.next();
    const idCccd = cccd(d, '006', person.male, birthYear);
    const idCmnd = cmnd(d, '095');
    const phone = d.chance(0.9) ? phoneNumber(d) : empty;
    const email = emailFor(person.name, d);
    const hasEmail = d.chance(c.channel === 2 ? 0.8 : 0.3);
    const company = companyName(d);
    const organisation = d.pick(ORGANISATIONS);
    const districtIndex = home.district >= 0 ? home.district : d.int(DISTRICTS.length);
    const district = DISTRICTS[districtIndex] ?? DISTRICTS[0];
    if (district === undefined) throw new Error('no districts');
    const communeIndex = home.commune >= 0 ? home.commune : d.int(district.communes.length);
    const commune = district.communes[communeIndex] ?? district.communes[0];
    if (commune === undefined) throw new Error('no communes');
    const locality = localityLine(d, commune[1]);
    const otherCode = d.chance(0.35) ? d.digits(5) : null;
    const digitised = d.chance(0.7);
    const digitisedResult = d.chance(0.75);
    const picks = [d.int(3), d.int(3), d.int(3)] as const;
    const resultNo = d.between(1, 2999);

    const who: Applicant = p.who === 'dn' && d.chance(0.1) ? 'tc' : p.who;
    const loaiDoiTuong = who === 'cd' ? 'Công dân' : who === 'dn' ? 'Doanh nghiệp' : 'Tổ chức';
    const orgPlace = commune[0].replace(/^(xã|phường|thị trấn) /, '');
    const chuHoSo = who === 'cd' ? person.name : who === 'dn' ? company : `${organisation} ${orgPlace}`;
    const idKind = idRoll < 0.8 ? 'cccd' : idRoll < 0.97 ? 'cmnd' : 'dummy';
    const address = isBacKan(agency)
      ? `${locality}, ${commune[0]}, ${district.place}, tỉnh Bắc Kạn`
      : `${locality}, ${commune[2]}, tỉnh Thái Nguyên`;
    const honorific = who === 'cd' ? (person.male ? 'ông ' : 'bà ') : '';
    const action = p.name.replace(/^Thủ tục /, '');
    const staff = staffOf(p, agency);
    const fmt = (t: number | null): string | null => (t === null ? empty : formatCompact(t));
    const supplementText = (round: number): string =>
      SUPPLEMENT_CONTENTS[hash32(this.seed, i, round, STREAM.supplement) % SUPPLEMENT_CONTENTS.length] ?? '';
    const reasons = tl.status === 3 ? REFUSAL_REASONS : STOP_REASONS;
    const reason = reasons[hash32(this.seed, i, STREAM.supplement) % reasons.length] ?? '';

    const intake = this.officer(c.agency, 0, picks[0]);
    const processor = this.officer(c.agency, 1, picks[1]);
    const approver = this.officer(c.agency, 2, picks[2]);
    let round = 0;
    const steps: RawProcessStep[] = tl.steps.map((s, n): RawProcessStep => {
      const entry = (who: string, title: string, unit: string | null, text: string, deadline: number | null = null): RawProcessStep => ({
        ThoiGian: formatCompact(s.at),
        TrangThai: s.status,
        NguoiXuLy: who,
        ChucDanh: title,
        PhongBanXuLy: unit,
        NoiDungXuLy: text,
        NgayHetHanBuocXuLy: deadline === null ? null : formatCompact(deadline),
      });
      switch (s.status) {
        case 1:
          if (c.channel === 2) return entry(chuHoSo, 'Người nộp hồ sơ', null, 'Nộp hồ sơ trực tuyến');
          return entry(
            intake,
            'Công chức tiếp nhận',
            staff.intakeUnit,
            c.channel === 3 ? 'Nhận hồ sơ qua dịch vụ bưu chính công ích' : 'Nộp hồ sơ trực tiếp tại Bộ phận một cửa',
          );
        case 2:
          return entry(intake, 'Công chức tiếp nhận', staff.intakeUnit, 'Tiếp nhận hồ sơ, chuyển xử lý');
        case 3:
          return entry(intake, 'Công chức tiếp nhận', staff.intakeUnit, `Từ chối tiếp nhận: ${reason}`);
        case 4: {
          const resumed = tl.steps[n - 1]?.status === 5;
          return entry(processor, 'Chuyên viên', staff.processUnit, resumed ? 'Đã nhận hồ sơ bổ sung, tiếp tục xử lý' : 'Thẩm định hồ sơ', tl.due);
        }
        case 5:
          return entry(processor, 'Chuyên viên', staff.processUnit, `Yêu cầu bổ sung: ${supplementText(round++)}`, s.at + 15 * DAY_SEC);
        case 6:
          return entry(processor, 'Chuyên viên', staff.processUnit, 'Thông báo thực hiện nghĩa vụ tài chính', s.at + 5 * DAY_SEC);
        case 7:
          return entry(intake, 'Công chức tiếp nhận', staff.intakeUnit, 'Công dân yêu cầu rút hồ sơ');
        case 8:
          return entry(approver, staff.approverTitle, staff.approveUnit, `Dừng xử lý: ${reason}`);
        case 9:
          return entry(approver, staff.approverTitle, staff.approveUnit, 'Phê duyệt, ký kết quả giải quyết');
        default:
          return entry(intake, 'Công chức trả kết quả', staff.intakeUnit, 'Trả kết quả cho người nộp');
      }
    });
    const rounds: RawSupplementRound[] = tl.rounds.map((r, n) => ({
      NgayYeuCau: formatCompact(r.requested),
      NoiDung: supplementText(n),
      NgayBoSung: fmt(r.done),
      NgayHenTraTruoc: fmt(r.dueBefore),
      NgayHenTraMoi: fmt(r.dueAfter),
    }));
    const processed = tl.status === 9 || tl.status === 10;
    const dossier: RawDossier = {
      MaHoSo: this.code(i),
      MaHoSoKhac: otherCode !== null && c.channel === 2 ? `${agency.code}-${formatYyMMdd(tl.submitted)}-${otherCode}` : empty,
      MaDinhDanhDonVi: agency.code,
      TenDonVi: agency.name,
      MaTTHC: localCode(p),
      TenTTHC: p.name,
      MaLinhVuc: p.field,
      TenLinhVuc: FIELDS[p.field] ?? null,
      KenhThucHien: c.channel,
      MucDo: p.mucDo,
      LoaiDoiTuong: loaiDoiTuong,
      ChuHoSo: chuHoSo,
      LoaiGiayToChuHoSo: idKind === 'cccd' ? 'Căn cước công dân' : idKind === 'cmnd' ? 'Chứng minh nhân dân' : empty,
      SoGiayToChuHoSo: idKind === 'cccd' ? idCccd : idKind === 'cmnd' ? idCmnd : '000000001',
      SoDienThoaiChuHoSo: phone,
      EmailChuHoSo: hasEmail ? email : empty,
      DiaChiChuHoSo: address,
      TrichYeuHoSo: `Hồ sơ ${action.charAt(0).toLowerCase()}${action.slice(1)} của ${honorific}${chuHoSo}`,
      NgayNopHoSo: formatCompact(tl.submitted),
      NgayTiepNhan: fmt(tl.accepted),
      NgayHenTra: fmt(tl.due),
      NgayKetThucXuLy: fmt(tl.finished),
      NgayTra: fmt(tl.returned),
      NgayTuChoi: fmt(tl.refused),
      LyDoTuChoi: tl.status === 3 || tl.status === 8 ? reason : empty,
      TrangThaiHoSo: tl.status,
      QuaTrinhXuLy: steps,
      DanhSachHoSoBoSung: rounds,
      HoSoCoThanhPhanSoHoa: tl.accepted !== null && digitised ? 1 : 0,
      DaSoHoaKetQua: processed && digitisedResult ? 1 : 0,
      SoKyHieuKetQua: processed ? `${resultNo}/${p.kq}` : empty,
      NgayKyKetQua: processed ? fmt(tl.signed) : empty,
      NgayCapNhat: formatCompact(this.updated[i] ?? lastEvent(tl)),
    };
    for (const edit of edits) this.applyEdit(dossier, i, edit);
    return dossier;
  }

  /** A text correction made at `edit.at` (phone, e-mail, address or summary). */
  private applyEdit(dossier: RawDossier, i: number, edit: Edit): void {
    const r = new Rng(hash32(this.seed, i, edit.version, STREAM.edit));
    switch (edit.kind) {
      case 0:
        dossier.SoDienThoaiChuHoSo = phoneNumber(r);
        break;
      case 1:
        dossier.EmailChuHoSo = emailFor(dossier.ChuHoSo ?? 'nguoi nop', r);
        break;
      case 2:
        dossier.DiaChiChuHoSo = `${localityLine(r, false)}, ${(dossier.DiaChiChuHoSo ?? '').split(', ').slice(1).join(', ')}`;
        break;
      default:
        dossier.TrichYeuHoSo = `${dossier.TrichYeuHoSo ?? ''} (điều chỉnh thông tin lần ${edit.version + 1})`;
        break;
    }
  }
}

interface Edit {
  kind: number;
  version: number;
  at: number;
}

function toRawAgency(a: Agency): RawAgency {
  const bacKan = isBacKan(a);
  return {
    MaDinhDanh: a.code,
    Ten: a.name,
    MaDinhDanhCha: a.parent,
    Cap: a.cap,
    HieuLucTu: bacKan ? null : MERGER_DAY,
    HieuLucDen: bacKan ? LAST_DAY_BEFORE_MERGER : null,
    MaDinhDanhSauSapXep: a.successor,
  };
}

function toRawProcedure(p: Procedure): RawProcedure {
  return {
    MaTTHC: localCode(p),
    MaTTHCQG: p.qg,
    TenTTHC: p.name,
    MaLinhVuc: p.field,
    TenLinhVuc: FIELDS[p.field] ?? '',
    MucDo: p.mucDo,
    ThoiGianGiaiQuyet: p.unit === null ? 0 : p.days,
    DonViTinh: p.unit,
    CoPhiLePhi: p.fee > 0 ? 1 : 0,
  };
}

/** Default start of the generated history: 2024-01-01 00:00 local time. */
export const DEFAULT_HISTORY_FROM = new Date(localSec(2024, 1, 1) * 1000);
