/**
 * Vietnamese people, phone numbers, ids and addresses for simulated records.
 * Surnames lean to the northern uplands (Tày, Nùng, Dao families are common
 * in Bắc Kạn), so the data looks like the province's, not like Hà Nội's.
 */
import type { Rng } from './prng';
import { foldAscii } from './text';

const SURNAMES = [
  'Nguyễn', 'Hoàng', 'Nông', 'Triệu', 'Hà', 'Lý', 'Ma', 'Lục', 'Bế', 'Đàm',
  'Trần', 'Lê', 'Phạm', 'Dương', 'Hứa', 'Lường', 'Đinh', 'Vũ', 'Bàn', 'Mông',
] as const;
const SURNAME_WEIGHTS = [18, 14, 12, 8, 8, 6, 5, 5, 4, 3, 6, 5, 3, 4, 2, 1, 2, 2, 1, 1] as const;

const MALE_MIDDLE = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Ngọc', 'Thanh', 'Hữu', 'Xuân'] as const;
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Kim', 'Phương'] as const;
const MALE_GIVEN = [
  'Hùng', 'Dũng', 'Tuấn', 'Thắng', 'Cường', 'Hải', 'Long', 'Nam', 'Sơn', 'Tùng', 'Huy', 'Khánh',
  'Phúc', 'Quân', 'Trung', 'Vinh', 'Đạt', 'Hiếu', 'Lâm', 'Toàn', 'Thành', 'Bình', 'Chiến', 'Kiên',
] as const;
const FEMALE_GIVEN = [
  'Hoa', 'Lan', 'Hương', 'Mai', 'Hạnh', 'Thảo', 'Trang', 'Linh', 'Nga', 'Huyền', 'Yến', 'Thúy',
  'Hằng', 'Nhung', 'Oanh', 'Vân', 'Dung', 'Ngọc', 'Phượng', 'Loan', 'Liên', 'Hiền', 'Giang', 'Duyên',
] as const;

export interface Person {
  name: string;
  male: boolean;
}

export function personName(rng: Rng): Person {
  const male = rng.chance(0.5);
  const surname = SURNAMES[rng.weighted(SURNAME_WEIGHTS)] ?? 'Nguyễn';
  const middle = rng.pick(male ? MALE_MIDDLE : FEMALE_MIDDLE);
  const given = rng.pick(male ? MALE_GIVEN : FEMALE_GIVEN);
  return { name: `${surname} ${middle} ${given}`, male };
}

const COMPANY_KINDS = ['Công ty TNHH', 'Công ty TNHH MTV', 'Công ty cổ phần', 'Hợp tác xã', 'Doanh nghiệp tư nhân'] as const;
const COMPANY_WORDS = [
  'Xây dựng', 'Thương mại', 'Lâm sản', 'Vận tải', 'Nông sản', 'Du lịch', 'Khoáng sản', 'Dịch vụ',
  'Chè', 'Miến dong', 'Cơ khí', 'Môi trường',
] as const;
const COMPANY_NAMES = [
  'Ba Bể', 'Phia Bioóc', 'Đồng Tiến', 'Hoàng Long', 'Minh Phát', 'An Khang', 'Tân Thành', 'Hưng Thịnh',
  'Bắc Sơn', 'Nam Cường', 'Thái Bình Dương', 'Việt Bắc', 'Sông Cầu', 'Nà Rì', 'Đại Phát',
] as const;

export function companyName(rng: Rng): string {
  return `${rng.pick(COMPANY_KINDS)} ${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_NAMES)}`;
}

/** Mobile number with a real Vietnamese carrier prefix. */
export function phoneNumber(rng: Rng): string {
  const prefixes = ['086', '096', '097', '098', '032', '033', '035', '038', '088', '091', '094', '081', '083', '070', '079'];
  return rng.pick(prefixes) + rng.digits(7);
}

export function emailFor(person: string, rng: Rng): string {
  const parts = foldAscii(person).toLowerCase().split(' ');
  const given = parts[parts.length - 1] ?? 'user';
  const initials = parts.slice(0, -1).map((p) => p[0] ?? '').join('');
  const domain = rng.pick(['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'backan.gov.vn', 'outlook.com']);
  return `${given}${initials}${rng.between(1, 99)}@${domain}`;
}

/**
 * 12-digit citizen id (CCCD): province of birth (3 digits), century and sex
 * (0/1 born 1900s male/female, 2/3 born 2000s), year of birth (2), then 6 digits.
 */
export function cccd(rng: Rng, provinceCode: string, male: boolean, birthYear: number): string {
  const century = birthYear >= 2000 ? 2 : 0;
  return `${provinceCode}${century + (male ? 0 : 1)}${String(birthYear % 100).padStart(2, '0')}${rng.digits(6)}`;
}

/** Old 9-digit id card (CMND) with a province prefix. */
export function cmnd(rng: Rng, prefix: string): string {
  return prefix + rng.digits(9 - prefix.length);
}

const HAMLET_HEADS = ['Nà', 'Khuổi', 'Pác', 'Bản', 'Cốc', 'Phiêng', 'Khau', 'Lủng', 'Nặm', 'Cốc Lùng', 'Tổng'] as const;
const HAMLET_TAILS = [
  'Làng', 'Pài', 'Mản', 'Vài', 'Đeng', 'Chang', 'Pục', 'Quang', 'Tẩu', 'Mòn', 'Thoong', 'Sáng', 'Lạn', 'Cáy',
] as const;

/** A village or street line: "Thôn Nà Pài", "Bản Khuổi Mòn" or "Tổ 7". */
export function localityLine(rng: Rng, urban: boolean): string {
  if (urban) return `Tổ ${rng.between(1, 18)}`;
  return `${rng.pick(['Thôn', 'Thôn', 'Bản'])} ${rng.pick(HAMLET_HEADS)} ${rng.pick(HAMLET_TAILS)}`;
}
