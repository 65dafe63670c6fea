/**
 * Deterministic data of the DVC (public-service portal) simulator, derived from
 * the one-stop-shop's: it regenerates the McdtDataset of the same seed, size,
 * history and clock, and the portal holds a copy of its online dossiers, so the
 * two simulators overlap the way the real systems do (domain.md B7):
 *
 *   - 3 % of online dossiers never reach the portal (the sync rate is below 100 %).
 *   - A dossier whose one-stop-shop record carries `MaHoSoKhac` was born on the
 *     portal: its `MaHoSoQG` is that code. Its portal `MaHoSo` is the one-stop-shop
 *     code (60 %), empty (25 %) or a different code (15 %): those 40 % link only
 *     through MaHoSoKhac = MaHoSoQG. Refused at intake (3), it shows status 11.
 *   - 10 % of the other copies were born on the portal too but are kept in the
 *     one-stop-shop under the portal's code (domain.md A3.3): their `MaHoSoQG` is the
 *     one-stop-shop's `MaHoSo`, which carries no `MaHoSoKhac`; their portal `MaHoSo`
 *     is empty (60 %) or a code of the portal's making (40 %), so only that national
 *     code links them. Refused at intake (3), they show status 11 as well.
 *   - Every other copy gets a portal code of its own; its `MaHoSo` is the
 *     one-stop-shop code (94 %), empty (3 %) or different (3 %): those 6 % link only
 *     by the fallback (agency, national procedure, accepted minute, applicant id).
 *   - The applicant id is the one-stop-shop's (its dummy `000000001` included), or
 *     the portal's own dummy `000000000` for 2 % of copies.
 *   - Times are kept to the minute, as the portal stores them.
 *
 * Online payments belong to fee-bearing online dossiers that the one-stop-shop did
 * not collect at the counter; ratings to a share of returned dossiers. As there,
 * nothing is stored per record: rows are re-rendered from the one-stop-shop
 * dossier, whose mutations drive the portal's changes too.
 */
import type { RawFeeLine, RawNationalProcedure, RawOnlinePayment, RawPortalAgency, RawPortalDossier, RawRating } from '../../../connectors/dvc/raw';
import type { RawDossier } from '../../../connectors/mcdt/raw';
import { McdtDataset, type McdtDatasetOptions } from '../mcdt/dataset';
import { Rng, Scatter, hash32, unitHash } from '../shared/prng';
import { DAY_SEC, formatCompact, formatYyMMdd, parseCompact, toSec } from '../shared/time';

/** Shares of the overlap with the one-stop-shop (see the header). */
const SHARE = {
  unsynced: 0.03,
  portalBornSame: 0.6,
  portalBornEmpty: 0.85,
  nationalCode: 0.1,
  nationalEmpty: 0.6,
  localSame: 0.94,
  localEmpty: 0.97,
  zeroId: 0.02,
  /** Fee-bearing online dossiers not yet accepted that will pay online (accepted ones follow the one-stop-shop). */
  payOnline: 0.5,
  failedFirst: 0.2,
  localGateway: 0.25,
  postalFee: 0.15,
  rated: 0.35,
  vneid: 0.6,
} as const;

/** Salts of the independent per-dossier choices (distinct from the one-stop-shop's). */
const SALT = {
  sync: 201,
  link: 202,
  portalCode: 203,
  otherCode: 204,
  zeroId: 205,
  vneid: 206,
  gateway: 207,
  payOnline: 208,
  payFail: 209,
  failCode: 210,
  payDelay: 211,
  postalFee: 212,
  rated: 213,
  ratingDelay: 214,
  rating: 215,
  syncDelay: 216,
  reference: 217,
  bankId: 218,
  mutateOrder: 219,
  deleteOrder: 220,
  nationalCode: 221,
} as const;

/** How a portal copy's MaHoSo relates to the one-stop-shop code. */
type Link = 'same' | 'empty' | 'other';

/** Payment-platform failure codes: customer cancelled (no bank id), insufficient funds, timed out, too many wrong OTPs. */
const FAIL_CODES = ['24', '51', '11', '79'] as const;
const CANCELLED = '24';
const POSTAL_FEE = 22_000;
/** Unit fee when the one-stop-shop never collected this procedure's fee at the counter. */
const FALLBACK_FEE = 50_000;
const RATING_LEVELS = [0.42, 0.33, 0.13, 0.07, 0.05] as const;
const RATING_COMMENTS: readonly (readonly string[])[] = [
  ['Cán bộ hướng dẫn tận tình, trả kết quả sớm hơn hẹn', 'Thủ tục nhanh gọn, không phải đi lại nhiều lần', 'Rất hài lòng với dịch vụ công trực tuyến'],
  ['Giải quyết đúng hẹn', 'Nộp hồ sơ trực tuyến thuận tiện', 'Hài lòng'],
  ['Thời gian xử lý còn dài', 'Hướng dẫn trên cổng chưa rõ ràng'],
  ['Phải bổ sung giấy tờ nhiều lần', 'Hệ thống thanh toán trực tuyến hay bị lỗi'],
  ['Trả kết quả muộn so với ngày hẹn', 'Không nhận được thông báo khi hồ sơ bị trả lại'],
];

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sec(text: string | null): number | null {
  return text === null || text === '' ? null : parseCompact(text);
}

/** The portal keeps times to the minute. */
function toMinute(text: string | null): string | null {
  return text !== null && text.length === 14 ? `${text.slice(0, 12)}00` : text;
}

/** `yyyyMMddhhmmss` as the payment platform writes it: 12-hour clock, 01–12, no AM/PM. */
function formatTwelveHour(at: number): string {
  const t = formatCompact(at);
  const hour = Number(t.slice(8, 10)) % 12 || 12;
  return `${t.slice(0, 8)}${String(hour).padStart(2, '0')}${t.slice(10)}`;
}

function nationalCode(localCode: string): string {
  return /^\d\.\d{6}/.exec(localCode)?.[0] ?? localCode;
}

function lowerBound(times: Float64Array, at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One payment attempt of a dossier: 0 a failed try before the payment, 1 the payment. */
interface Attempt {
  attempt: 0 | 1;
  at: number;
}

/** A listed payment or rating: whose it is, when it changed, and its order key. */
export interface PaymentRef {
  p: number;
  attempt: 0 | 1;
  at: number;
  key: string;
}

export interface RatingRef {
  p: number;
  at: number;
  code: string;
}

export interface DvcStats {
  dossiers: number;
  deleted: number;
  mutated: number;
  payments: number;
  ratings: number;
  procedures: number;
  agencies: number;
  now: string;
}

export class DvcDataset {
  /** Portal dossiers generated (listed or deleted). */
  readonly size: number;
  readonly procedures: readonly RawNationalProcedure[];
  readonly agencies: readonly RawPortalAgency[];

  private readonly seed: number;
  private readonly startSec: number;
  private readonly mcdt: McdtDataset;
  private readonly feeBearing: ReadonlySet<string>;
  private readonly unitFee = new Map<string, number>();

  // Per portal dossier, fixed at start-up.
  private readonly mcdtIndex: Int32Array;
  private readonly portalCode: string[] = [];
  /** 1: born on the portal (the one-stop-shop names it in MaHoSoKhac); 2: born there and kept in the one-stop-shop under the portal's code. */
  private readonly portalBorn: Uint8Array;
  private readonly paysOnline: Uint8Array;
  private readonly baseUpdated: Float64Array;
  private readonly baseOrder: Int32Array;
  private readonly paymentP: Int32Array;
  private readonly paymentAttempt: Uint8Array;
  private readonly paymentUpdated: Float64Array;
  private readonly ratingP: Int32Array;
  private readonly ratingUpdated: Float64Array;
  private readonly reference: Scatter;
  private readonly bankId: Scatter;

  // Live state, changed through /__control.
  private readonly updated: Float64Array;
  private readonly mutated = new Set<number>();
  private readonly mutatedFlag: Uint8Array;
  private readonly deletedFlag: Uint8Array;
  private deletedCount = 0;
  private mutateCursor = 0;
  private listed: Int32Array;
  private readonly mutateOrder: Scatter | null;
  private readonly deleteOrder: Scatter | null;

  constructor(opts: McdtDatasetOptions) {
    this.mcdt = new McdtDataset(opts);
    this.seed = opts.seed | 0;
    this.startSec = toSec(opts.now);
    this.procedures = this.mcdt.procedures
      .map((p): RawNationalProcedure => ({ MaTTHC: p.MaTTHCQG, TenTTHC: p.TenTTHC, MaLinhVuc: p.MaLinhVuc, MucDo: p.MucDo, CoPhiLePhi: p.CoPhiLePhi }))
      .sort((a, b) => compareText(a.MaTTHC, b.MaTTHC));
    this.agencies = this.mcdt.agencies.map(
      (a): RawPortalAgency => ({ MADONVI: a.MaDinhDanh, TENDONVI: a.Ten, CAPDONVI: String(a.Cap), MADONVICHA: a.MaDinhDanhCha ?? '' }),
    );
    this.feeBearing = new Set(this.mcdt.procedures.filter((p) => p.CoPhiLePhi === 1).map((p) => p.MaTTHC));

    // Fees the one-stop-shop collected at the counter: those dossiers do not pay online,
    // and the smallest amount per procedure is its unit fee.
    const counter = new Map<string, number>();
    for (const pay of this.mcdt.payments(0, Number.MAX_SAFE_INTEGER)) counter.set(pay.MaHoSo, pay.SoTien);

    const indices: number[] = [];
    const khac: (string | null)[] = [];
    const online: number[] = [];
    const updatedAt: number[] = [];
    const attempts: Attempt[][] = [];
    const rated: (number | null)[] = [];
    for (let i = 0; i < this.mcdt.size; i++) {
      const d = this.mcdt.dossier(i);
      const paid = this.feeBearing.has(d.MaTTHC) ? counter.get(d.MaHoSo) : undefined;
      if (paid !== undefined) this.unitFee.set(d.MaTTHC, Math.min(paid, this.unitFee.get(d.MaTTHC) ?? paid));
      if (d.KenhThucHien !== 2 || unitHash(this.seed, i, SALT.sync) < SHARE.unsynced) continue;
      const pays = d.NgayTiepNhan ? !counter.has(d.MaHoSo) : unitHash(this.seed, i, SALT.payOnline) < SHARE.payOnline;
      indices.push(i);
      khac.push(d.MaHoSoKhac ? d.MaHoSoKhac : null);
      online.push(pays ? 1 : 0);
      updatedAt.push(Math.min((sec(d.NgayCapNhat) ?? 0) + (hash32(this.seed, i, SALT.syncDelay) % 900), this.startSec - 1));
      attempts.push(this.attemptsOf(i, pays, d));
      rated.push(this.ratingTime(i, d));
    }
    const n = indices.length;
    this.size = n;
    this.mcdtIndex = Int32Array.from(indices);
    this.paysOnline = Uint8Array.from(online);
    this.baseUpdated = Float64Array.from(updatedAt);

    // MaHoSoQG: the one-stop-shop's MaHoSoKhac when it has one (the first holder wins a
    // clash), otherwise a code of the same shape that clashes with none of them.
    const taken = new Set<string>();
    this.portalBorn = new Uint8Array(n);
    const wanted = new Set(khac.filter((c): c is string => c !== null));
    for (let p = 0; p < n; p++) {
      const own = khac[p];
      if (own && !taken.has(own)) {
        this.portalCode.push(own);
        this.portalBorn[p] = 1;
        taken.add(own);
        continue;
      }
      const i = this.mcdtIndex[p] ?? 0;
      const kept = this.mcdt.code(i);
      if (!own && unitHash(this.seed, i, SALT.nationalCode) < SHARE.nationalCode && !taken.has(kept) && !wanted.has(kept)) {
        // Born on the portal and kept in the one-stop-shop under the portal's code.
        this.portalCode.push(kept);
        this.portalBorn[p] = 2;
        taken.add(kept);
        continue;
      }
      const prefix = this.codePrefix(p);
      for (let attempt = 0; ; attempt++) {
        const code = `${prefix}-${String(hash32(this.seed, this.mcdtIndex[p] ?? 0, attempt, SALT.portalCode) % 100000).padStart(5, '0')}`;
        if (!taken.has(code) && !wanted.has(code)) {
          this.portalCode.push(code);
          taken.add(code);
          break;
        }
      }
    }

    this.reference = new Scatter(2 * this.mcdt.size, SALT.reference);
    this.bankId = new Scatter(2 * this.mcdt.size, SALT.bankId);
    const all = Array.from({ length: n }, (_, p) => p);
    this.baseOrder = Int32Array.from(all.sort((a, b) => (this.baseUpdated[a] ?? 0) - (this.baseUpdated[b] ?? 0) || compareText(this.code(a), this.code(b))));

    const payments: PaymentRef[] = [];
    attempts.forEach((list, p) => {
      for (const a of list) payments.push(this.paymentRef(p, a));
    });
    payments.sort(comparePayments);
    this.paymentP = Int32Array.from(payments, (r) => r.p);
    this.paymentAttempt = Uint8Array.from(payments, (r) => r.attempt);
    this.paymentUpdated = Float64Array.from(payments, (r) => r.at);

    const ratings: RatingRef[] = [];
    rated.forEach((at, p) => {
      if (at !== null) ratings.push({ p, at, code: this.shownCode(p) });
    });
    ratings.sort(compareRatings);
    this.ratingP = Int32Array.from(ratings, (r) => r.p);
    this.ratingUpdated = Float64Array.from(ratings, (r) => r.at);

    this.updated = Float64Array.from(this.baseUpdated);
    this.mutatedFlag = new Uint8Array(n);
    this.deletedFlag = new Uint8Array(n);
    this.mutateOrder = n > 0 ? new Scatter(n, hash32(this.seed, SALT.mutateOrder)) : null;
    this.deleteOrder = n > 0 ? new Scatter(n, hash32(this.seed, SALT.deleteOrder)) : null;
    this.listed = this.baseOrder;
  }

  // ------------------------------------------------------------ clock

  /** The simulator's "now" in epoch seconds, shared with the one-stop-shop data it derives from. */
  get now(): number {
    return this.mcdt.now;
  }

  advanceClock(seconds: number): void {
    this.mcdt.advanceClock(seconds);
  }

  // ------------------------------------------------------------ codes

  /** MaHoSoQG of portal dossier p. */
  code(p: number): string {
    return this.portalCode[p] ?? '';
  }

  /** `{agency}-{yyMMdd}`: the one-stop-shop code without its sequence number. */
  private codePrefix(p: number): string {
    const code = this.mcdt.code(this.mcdtIndex[p] ?? 0);
    return code.slice(0, code.lastIndexOf('-'));
  }

  private link(p: number): Link {
    const u = unitHash(this.seed, this.mcdtIndex[p] ?? 0, SALT.link);
    if (this.portalBorn[p] === 1) return u < SHARE.portalBornSame ? 'same' : u < SHARE.portalBornEmpty ? 'empty' : 'other';
    if (this.portalBorn[p] === 2) return u < SHARE.nationalEmpty ? 'empty' : 'other';
    return u < SHARE.localSame ? 'same' : u < SHARE.localEmpty ? 'empty' : 'other';
  }

  /** The `MaHoSo` the portal holds: the one-stop-shop code, empty, or a code of its own making. */
  private localCode(p: number): string {
    const i = this.mcdtIndex[p] ?? 0;
    switch (this.link(p)) {
      case 'same':
        return this.mcdt.code(i);
      case 'empty':
        return '';
      case 'other':
        return `${this.codePrefix(p)}-${String(hash32(this.seed, i, SALT.otherCode) % 100000).padStart(5, '0')}`;
    }
  }

  /** The dossier code payments and ratings carry: MaHoSo, or MaHoSoQG when MaHoSo is empty. */
  private shownCode(p: number): string {
    return this.localCode(p) || this.code(p);
  }

  // ----------------------------------------------------------- listing

  /** Portal dossiers whose NgayCapNhat is in [fromSec, toSec), in listing order (a snapshot). */
  window(fromSec: number, toSec: number): Int32Array {
    const lo = this.lowerListed(fromSec);
    return this.listed.subarray(lo, this.lowerListed(toSec));
  }

  private lowerListed(at: number): number {
    let lo = 0;
    let hi = this.listed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.updated[this.listed[mid] ?? 0] ?? 0) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Payments whose NgayCapNhat is in [fromSec, toSec), ordered by (NgayCapNhat, key). */
  payments(fromSec: number, toSec: number): PaymentRef[] {
    const rows: PaymentRef[] = [];
    for (let k = lowerBound(this.paymentUpdated, fromSec); k < this.paymentP.length && (this.paymentUpdated[k] ?? 0) < toSec; k++) {
      const p = this.paymentP[k] ?? 0;
      if (this.deletedFlag[p] === 1 || this.mutatedFlag[p] === 1) continue;
      rows.push(this.paymentRef(p, { attempt: this.paymentAttempt[k] === 0 ? 0 : 1, at: this.paymentUpdated[k] ?? 0 }));
    }
    let changed = false;
    for (const p of this.mutated) {
      if (this.deletedFlag[p] === 1) continue;
      for (const a of this.attempts(p, this.source(p))) {
        if (a.at < fromSec || a.at >= toSec) continue;
        rows.push(this.paymentRef(p, a));
        changed = true;
      }
    }
    if (changed) rows.sort(comparePayments);
    return rows;
  }

  /** Ratings whose NgayCapNhat is in [fromSec, toSec), ordered by (NgayCapNhat, MaHoSo, ThoiGianDanhGia). */
  ratings(fromSec: number, toSec: number): RatingRef[] {
    const rows: RatingRef[] = [];
    for (let k = lowerBound(this.ratingUpdated, fromSec); k < this.ratingP.length && (this.ratingUpdated[k] ?? 0) < toSec; k++) {
      const p = this.ratingP[k] ?? 0;
      if (this.deletedFlag[p] === 1 || this.mutatedFlag[p] === 1) continue;
      rows.push({ p, at: this.ratingUpdated[k] ?? 0, code: this.shownCode(p) });
    }
    let changed = false;
    for (const p of this.mutated) {
      if (this.deletedFlag[p] === 1) continue;
      const at = this.ratingTime(this.mcdtIndex[p] ?? 0, this.source(p));
      if (at === null || at < fromSec || at >= toSec) continue;
      rows.push({ p, at, code: this.shownCode(p) });
      changed = true;
    }
    if (changed) rows.sort(compareRatings);
    return rows;
  }

  // ----------------------------------------------------------- records

  /** The one-stop-shop dossier behind portal dossier p, as it is now. */
  source(p: number): RawDossier {
    return this.mcdt.dossier(this.mcdtIndex[p] ?? 0);
  }

  /** Portal dossier p as currently served. */
  dossier(p: number): RawPortalDossier {
    const i = this.mcdtIndex[p] ?? 0;
    const d = this.source(p);
    const id = unitHash(this.seed, i, SALT.zeroId) < SHARE.zeroId ? '000000000' : d.SoGiayToChuHoSo || '000000001';
    const paid = this.attempts(p, d).some((a) => a.attempt === 1);
    return {
      MaHoSoQG: this.code(p),
      MaHoSo: this.localCode(p),
      MaTTHC: nationalCode(d.MaTTHC),
      MaDVC: `${d.MaTTHC}.${d.MucDo === 4 ? '02' : '01'}`,
      MaDinhDanhDonVi: d.MaDinhDanhDonVi,
      KenhThucHien: 2,
      ChuHoSo: d.ChuHoSo,
      DinhDanhCHS: [{ LoaiDinhDanh: id.length === 12 ? 1 : 2, SoDinhDanh: id }],
      NgayNopHoSo: toMinute(d.NgayNopHoSo),
      NgayTiepNhan: toMinute(d.NgayTiepNhan),
      NgayHenTra: toMinute(d.NgayHenTra),
      NgayTra: toMinute(d.NgayTra),
      TrangThaiHoSo: d.TrangThaiHoSo === 3 && this.portalBorn[p] !== 0 ? 11 : d.TrangThaiHoSo,
      DuocThanhToanTrucTuyen: paid ? (unitHash(this.seed, i, SALT.gateway) < SHARE.localGateway ? 2 : 1) : 0,
      TaiKhoanDuocXacThucVoiVNeID: unitHash(this.seed, i, SALT.vneid) < SHARE.vneid ? 1 : 0,
      NgayCapNhat: formatCompact(this.updated[p] ?? 0),
    };
  }

  /** The payment row of a listed reference. */
  payment(ref: PaymentRef): RawOnlinePayment {
    const i = this.mcdtIndex[ref.p] ?? 0;
    const d = this.source(ref.p);
    const fee = this.unitFee.get(d.MaTTHC) ?? FALLBACK_FEE;
    const action = d.TenTTHC.replace(/^Thủ tục /, '');
    const lines: RawFeeLine[] = [
      { MaPhiLePhi: `LP-${nationalCode(d.MaTTHC)}`, TenPhiLePhi: `Lệ phí ${action.charAt(0).toLowerCase()}${action.slice(1)}`, LoaiPhiLePhi: 'Lệ phí', SoTien: fee },
    ];
    if (unitHash(this.seed, i, SALT.postalFee) < SHARE.postalFee) {
      lines.push({ MaPhiLePhi: 'PHI-BCCI', TenPhiLePhi: 'Phí dịch vụ bưu chính công ích trả kết quả', LoaiPhiLePhi: 'Phí', SoTien: POSTAL_FEE });
    }
    const status = this.paymentStatus(i, ref.attempt);
    return {
      NgayCapNhat: formatCompact(ref.at),
      MaThamChieu: this.referenceOf(i, ref.attempt, ref.at),
      HoSo: this.shownCode(ref.p),
      SoTien: lines.reduce((sum, line) => sum + line.SoTien, 0),
      MaGiaoDich: this.bankIdOf(i, ref.attempt, ref.at, status),
      ThoiGianGD: formatTwelveHour(ref.at),
      TrangThai: status,
      PhiLePhi: lines,
    };
  }

  rating(ref: RatingRef): RawRating {
    const r = new Rng(hash32(this.seed, this.mcdtIndex[ref.p] ?? 0, SALT.rating));
    const level = r.weighted(RATING_LEVELS);
    const comments = RATING_COMMENTS[level] ?? [];
    const comment = r.chance(0.5) ? r.pick(comments) : null;
    const at = formatCompact(ref.at);
    return { NgayCapNhat: at, MaHoSo: ref.code, ThoiGianDanhGia: at, MucDoHaiLong: level + 1, NoiDung: comment };
  }

  /**
   * The online payment attempts of dossier i: after a payment request (status 6) once it
   * is resolved, else soon after acceptance; one in five first fails. Times never pass
   * the moment the history was generated, or the change that caused them.
   */
  private attemptsOf(i: number, paysOnline: boolean, d: RawDossier): Attempt[] {
    const accepted = sec(d.NgayTiepNhan);
    if (!paysOnline || accepted === null || !this.feeBearing.has(d.MaTTHC)) return [];
    const steps = d.QuaTrinhXuLy;
    const k = steps.findIndex((s) => Number(s.TrangThai) === 6);
    let start = accepted;
    let success: number;
    if (k >= 0) {
      const requested = sec(steps[k]?.ThoiGian ?? null);
      const next = steps[k + 1];
      if (requested === null || next === undefined) return [];
      const resolved = sec(next.ThoiGian) ?? requested;
      start = requested;
      success = Math.max(requested, resolved - Math.min(600, Math.floor((resolved - requested) / 2)));
    } else {
      success = Math.min(accepted + 60 + (hash32(this.seed, i, SALT.payDelay) % 5400), Math.max(accepted, this.startSec - 1));
    }
    const out: Attempt[] = [];
    if (unitHash(this.seed, i, SALT.payFail) < SHARE.failedFirst) out.push({ attempt: 0, at: start + Math.floor((success - start) / 2) });
    out.push({ attempt: 1, at: success });
    return out;
  }

  private attempts(p: number, d: RawDossier): Attempt[] {
    return this.attemptsOf(this.mcdtIndex[p] ?? 0, this.paysOnline[p] === 1, d);
  }

  /** When a returned dossier was rated (a share of them), a little after the result was handed over. */
  private ratingTime(i: number, d: RawDossier): number | null {
    const returned = sec(d.NgayTra);
    if (d.TrangThaiHoSo !== 10 || returned === null || unitHash(this.seed, i, SALT.rated) >= SHARE.rated) return null;
    return Math.min(returned + 600 + (hash32(this.seed, i, SALT.ratingDelay) % (3 * DAY_SEC)), Math.max(returned, this.startSec - 1));
  }

  private paymentStatus(i: number, attempt: 0 | 1): string {
    return attempt === 1 ? '00' : (FAIL_CODES[hash32(this.seed, i, SALT.failCode) % FAIL_CODES.length] ?? '24');
  }

  private referenceOf(i: number, attempt: 0 | 1, at: number): string {
    return `DVC${formatYyMMdd(at)}${String(this.reference.at(2 * i + attempt)).padStart(8, '0')}`;
  }

  /** The bank's transaction id; none when the citizen cancelled before reaching the bank. */
  private bankIdOf(i: number, attempt: 0 | 1, at: number, status: string): string {
    return status === CANCELLED ? '' : `FT${formatYyMMdd(at)}${String(this.bankId.at(2 * i + attempt)).padStart(8, '0')}`;
  }

  private paymentRef(p: number, a: Attempt): PaymentRef {
    const i = this.mcdtIndex[p] ?? 0;
    // Listed by the payment's key, the portal's reference (the bank's id may be empty).
    return { p, attempt: a.attempt, at: a.at, key: this.referenceOf(i, a.attempt, a.at) };
  }

  // ----------------------------------------------------------- changes

  /**
   * Changes `count` portal dossiers (through their one-stop-shop record), stamped
   * `stampOffset` seconds from the clock; returns their MaHoSoQG.
   */
  mutate(count: number, stampOffset = 0): string[] {
    const order = this.mutateOrder;
    if (order === null) return [];
    const picked: number[] = [];
    const want = Math.min(Math.max(0, Math.floor(count)), this.size - this.deletedCount);
    while (picked.length < want) {
      const p = order.at(this.mutateCursor++);
      if (this.deletedFlag[p] === 0) picked.push(p);
    }
    return this.touch(picked, this.now + Math.trunc(stampOffset));
  }

  /** Changes the given portal dossiers (next status, or a text edit), stamped `at` (default now); returns their MaHoSoQG. */
  touch(ps: readonly number[], at = this.now): string[] {
    this.mcdt.touch(ps.map((p) => this.mcdtIndex[p] ?? 0), at);
    for (const p of ps) {
      this.mutated.add(p);
      this.mutatedFlag[p] = 1;
      this.updated[p] = at;
    }
    this.relist();
    return ps.map((p) => this.code(p));
  }

  /** Hides the first `count` portal dossiers of a fixed pseudo-random order, with their payments and ratings. */
  setDeleted(count: number): void {
    this.deletedFlag.fill(0);
    this.deletedCount = Math.min(Math.max(0, Math.floor(count)), this.size);
    for (let k = 0; k < this.deletedCount; k++) this.deletedFlag[this.deleteOrder?.at(k) ?? 0] = 1;
    this.relist();
  }

  /** Back to the generated state: no mutations, no deletions, clock at start. */
  reset(): void {
    this.mcdt.reset();
    this.mutated.clear();
    this.mutatedFlag.fill(0);
    this.deletedFlag.fill(0);
    this.deletedCount = 0;
    this.mutateCursor = 0;
    this.updated.set(this.baseUpdated);
    this.listed = this.baseOrder;
  }

  stats(): DvcStats {
    return {
      dossiers: this.listed.length,
      deleted: this.deletedCount,
      mutated: this.mutated.size,
      payments: this.paymentP.length,
      ratings: this.ratingP.length,
      procedures: this.procedures.length,
      agencies: this.agencies.length,
      now: formatCompact(this.now),
    };
  }

  /** Rebuilds the listing: unchanged dossiers keep their place, changed ones merge in by their new time. */
  private relist(): void {
    const moved = [...this.mutated].filter((p) => this.deletedFlag[p] === 0).sort((a, b) => this.compareListed(a, b));
    const out = new Int32Array(this.size - this.deletedCount);
    let k = 0;
    let m = 0;
    for (const p of this.baseOrder) {
      if (this.deletedFlag[p] === 1 || this.mutatedFlag[p] === 1) continue;
      while (m < moved.length && this.compareListed(moved[m] ?? 0, p) < 0) out[k++] = moved[m++] ?? 0;
      out[k++] = p;
    }
    while (m < moved.length) out[k++] = moved[m++] ?? 0;
    this.listed = out;
  }

  private compareListed(a: number, b: number): number {
    return (this.updated[a] ?? 0) - (this.updated[b] ?? 0) || compareText(this.code(a), this.code(b));
  }
}

function comparePayments(a: PaymentRef, b: PaymentRef): number {
  return a.at - b.at || compareText(a.key, b.key);
}

function compareRatings(a: RatingRef, b: RatingRef): number {
  return a.at - b.at || compareText(a.code, b.code);
}
