import type { AttachmentRecord, DocumentRecord, DocumentState, EdxmlPackageRecord, OrganRef } from '../../src/model/records';
import { asArray, asObject, FieldCollector } from '../collect';
import { MappingError } from '../errors';
import { FieldError, VN_OFFSET_MS, integer, requiredText, slashDate, text } from '../normalise';

/** Pure mappings from QLVB wire shapes (raw.ts) to unified records. */

/** The subject a confidential document is listed with; the hub never asks for more. */
export const CONFIDENTIAL_SUBJECT = '(Văn bản mật)';

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** UTC instant of a Vietnam wall-clock time, checking every part is real (no 31/02, no 25:00). */
function instant(field: string, raw: unknown, expected: string, parts: number[]): Date {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d ||
    check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s
  ) {
    throw new FieldError(field, raw, expected);
  }
  return new Date(utc - VN_OFFSET_MS);
}

function matchParts(field: string, value: unknown, pattern: RegExp, expected: string): number[] | null {
  if (isBlank(value)) return null;
  if (typeof value !== 'string') throw new FieldError(field, value, expected);
  const m = pattern.exec(value.trim());
  if (!m) throw new FieldError(field, value, expected);
  return m.slice(1).map(Number);
}

/** `yyyy-MM-ddTHH:mm:ss` local time (the listing's NgayCapNhat) to an instant. */
export function localIsoTime(field: string, value: unknown): Date | null {
  const expected = 'a yyyy-MM-ddTHH:mm:ss time';
  const parts = matchParts(field, value, /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/, expected);
  return parts === null ? null : instant(field, value, expected, parts);
}

/** edXML `yyyy/MM/dd` to an ISO day `yyyy-MM-dd`. */
export function edxmlDay(field: string, value: unknown): string | null {
  const expected = 'a yyyy/MM/dd date';
  const parts = matchParts(field, value, /^(\d{4})\/(\d{2})\/(\d{2})$/, expected);
  if (parts === null) return null;
  instant(field, value, expected, parts);
  return (value as string).trim().replace(/\//g, '-');
}

/** edXML `yyyy/MM/dd HH:mm:ss` local time to an instant. */
export function edxmlTime(field: string, value: unknown): Date | null {
  const expected = 'a yyyy/MM/dd HH:mm:ss time';
  const parts = matchParts(field, value, /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, expected);
  return parts === null ? null : instant(field, value, expected, parts);
}

/**
 * Splits a "số ký hiệu" defensively (domain.md A1.7): `267/UBND-VX` and
 * `12/2024/QĐ-UBND` (number first), `UBND-VX/267` (swapped), `267` (number
 * alone), `UBND-VX` (symbol alone). The raw string is kept by the caller.
 */
export function parseNumberSymbol(raw: string | null): { number: string | null; symbol: string | null } {
  const t = (raw ?? '').normalize('NFC').trim().replace(/^số\s*:?\s*/iu, '').replace(/\s*\/\s*/g, '/');
  if (t === '') return { number: null, symbol: null };
  if (/^\d+$/.test(t)) return { number: t, symbol: null };
  const first = /^(\d+)\/(.+)$/.exec(t);
  if (first) return { number: first[1] ?? null, symbol: first[2] ?? null };
  const swapped = /^(.+)\/(\d+)$/.exec(t);
  if (swapped) return { number: swapped[2] ?? null, symbol: swapped[1] ?? null };
  return { number: null, symbol: t };
}

/**
 * edXML `Code`: builders swap CodeNumber and CodeNotation or put the whole
 * number/symbol in one of them (domain.md A1.7); this reads all three ways.
 */
export function mapCode(codeNumber: string | null, codeNotation: string | null): { number: string | null; symbol: string | null } {
  if (codeNumber?.includes('/')) return parseNumberSymbol(codeNumber);
  if (codeNumber === null) return parseNumberSymbol(codeNotation);
  if (codeNotation === null) return parseNumberSymbol(codeNumber);
  if (!/^\d+$/.test(codeNumber) && /^\d+$/.test(codeNotation)) return { number: codeNotation, symbol: codeNumber };
  return { number: codeNumber, symbol: codeNotation };
}

const STATES: Readonly<Record<string, DocumentState>> = {
  CHO_PHAN_CONG: 'WAITING_ASSIGNMENT',
  DANG_XU_LY: 'IN_PROGRESS',
  DA_XU_LY: 'DONE',
  THU_HOI: 'REVOKED',
};

/** `TrangThai` to the hub's document state. */
export function mapState(value: unknown): DocumentState {
  const state = typeof value === 'string' ? STATES[value.trim()] : undefined;
  if (!state) throw new Error(`TrangThai: ${JSON.stringify(value)} is not CHO_PHAN_CONG, DANG_XU_LY, DA_XU_LY or THU_HOI`);
  return state;
}

/** An integer code within [min, max]. */
function codeInRange(field: string, value: unknown, min: number, max: number, meaning: string): number | null {
  const n = integer(field, value);
  if (n !== null && (n < min || n > max)) throw new FieldError(field, value, meaning);
  return n;
}

function organRef(field: string, value: unknown): OrganRef {
  if (value === null || value === undefined) return { code: null, name: null };
  const o = asObject(value, field);
  return { code: text(`${field}.MaDinhDanh`, o.MaDinhDanh), name: text(`${field}.Ten`, o.Ten) };
}

/** A1 `VanBan` → DocumentRecord. Throws MappingError listing every bad field. */
export function mapDocument(payload: unknown): DocumentRecord {
  const r = asObject(payload, 'VanBan');
  const c = new FieldCollector();
  const str = (field: string) => c.take(() => text(field, r[field]), null);
  const day = (field: string) => c.take(() => slashDate(field, r[field]), null);
  const numberSymbolRaw = str('SoKyHieu');
  const { number, symbol } = parseNumberSymbol(numberSymbolRaw);
  const securityLevel = c.take(() => codeInRange('DoMat', r.DoMat, 0, 3, 'a security level 0–3'), null);
  const register = c.take(() => {
    const v = requiredText('LoaiSo', r.LoaiSo);
    if (v !== 'DEN' && v !== 'DI') throw new FieldError('LoaiSo', r.LoaiSo, 'DEN (incoming) or DI (outgoing)');
    return v === 'DEN' ? ('INCOMING' as const) : ('OUTGOING' as const);
  }, 'INCOMING');
  const record: DocumentRecord = {
    sourceId: c.take(() => requiredText('Id', r.Id), ''),
    register,
    arrivalNumber: c.take(() => integer('SoDen', r.SoDen), null),
    arrivalDate: day('NgayDen'),
    numberSymbolRaw,
    number,
    symbol,
    issuedDate: day('NgayBanHanh'),
    documentType: str('LoaiVanBan'),
    // Whatever the source sent, a classified document keeps only the placeholder.
    subject: securityLevel !== null && securityLevel > 0 ? CONFIDENTIAL_SUBJECT : str('TrichYeu'),
    issuer: c.take(() => organRef('CoQuanBanHanh', r.CoQuanBanHanh), { code: null, name: null }),
    signer: str('NguoiKy'),
    signerTitle: str('ChucVu'),
    urgency: c.take(() => codeInRange('DoKhan', r.DoKhan, 0, 4, 'an urgency 0–4'), null),
    securityLevel,
    deadline: day('HanXuLy'),
    state: c.take(() => mapState(r.TrangThai), 'WAITING_ASSIGNMENT'),
    handlingUnits: c.take(() => asArray('DonViXuLy', r.DonViXuLy).map((u, i) => organRef(`DonViXuLy[${i}]`, u)), []),
    edxmlDocumentId: str('DocumentId'),
    sourceUpdatedAt: c.take(() => localIsoTime('NgayCapNhat', r.NgayCapNhat), null) ?? new Date(0),
  };
  if (isBlank(r.NgayCapNhat)) c.problem('NgayCapNhat: missing (every listed record must carry its change time)');
  c.done();
  return record;
}

/** `{OrganId},{yyyy/MM/dd},{number}/{notation}` (domain.md B4), when every part is known. */
function buildDocumentId(organId: string | null, date: string | null, number: string | null, symbol: string | null): string | null {
  return organId && date && number && symbol ? `${organId},${date},${number}/${symbol}` : null;
}

function mapAttachment(value: unknown, i: number): AttachmentRecord {
  const f = `Attachments[${i}]`;
  const a = asObject(value, f);
  const size = integer(`${f}.size`, a.size);
  if (size === null || size < 0) throw new FieldError(`${f}.size`, a.size, 'a byte count');
  const sha256 = requiredText(`${f}.sha256`, a.sha256);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new FieldError(`${f}.sha256`, a.sha256, 'a SHA-256 hex digest');
  return {
    name: text(`${f}.AttachmentName`, a.AttachmentName) ?? text(`${f}.ContentId`, a.ContentId) ?? `attachment-${i + 1}`,
    contentType: text(`${f}.ContentType`, a.ContentType),
    size,
    sha256,
  };
}

type Fields = Record<string, unknown>;

/** An optional object field: `{}` when absent, a recorded problem when not an object. */
function part(c: FieldCollector, value: unknown, field: string): Fields {
  return c.take(() => (value === null || value === undefined ? {} : asObject(value, field)), {});
}

function statusRecord(packageId: string, pkg: Fields): EdxmlPackageRecord {
  const c = new FieldCollector();
  const str = (value: unknown, field: string) => c.take(() => text(field, value), null);
  const from = part(c, pkg.From, 'From');
  const about = part(c, pkg.ResponseFor, 'ResponseFor');
  const aboutCode = mapCode(str(about.Code, 'ResponseFor.Code'), null);
  const statusCode = c.take(() => {
    const v = requiredText('StatusCode', pkg.StatusCode);
    if (!/^\d{1,2}$/.test(v)) throw new FieldError('StatusCode', pkg.StatusCode, 'a two-digit status code (01 arrived … 16 revocation refused)');
    return v.padStart(2, '0');
  }, null);
  const target = str(about.DocumentId, 'ResponseFor.DocumentId') ??
    buildDocumentId(str(about.OrganId, 'ResponseFor.OrganId'), str(about.PromulgationDate, 'ResponseFor.PromulgationDate'), aboutCode.number, aboutCode.symbol);
  if (target === null) c.problem('ResponseFor: names no DocumentId (nor OrganId, Code and PromulgationDate) of the document the status is about');
  const record: EdxmlPackageRecord = {
    packageId,
    type: 'STATUS',
    documentId: null,
    businessDocType: null,
    targetDocumentId: target,
    fromOrganId: str(from.OrganId, 'From.OrganId'),
    fromOrganName: str(from.OrganName, 'From.OrganName'),
    codeNumber: null,
    codeNotation: null,
    promulgationDate: null,
    documentType: null,
    subject: null,
    signer: null,
    priority: null,
    statusCode,
    statusAt: c.take(() => edxmlTime('Timestamp', pkg.Timestamp), null),
    attachments: [],
  };
  c.done();
  return record;
}

function documentRecord(packageId: string, pkg: Fields): EdxmlPackageRecord {
  const c = new FieldCollector();
  const str = (value: unknown, field: string) => c.take(() => text(field, value), null);
  const from = part(c, pkg.From, 'From');
  const code = mapCode(str(pkg.CodeNumber, 'CodeNumber'), str(pkg.CodeNotation, 'CodeNotation'));
  const promulgationRaw = str(pkg.PromulgationDate, 'PromulgationDate');
  const fromOrganId = str(from.OrganId, 'From.OrganId');
  // No Bussiness element: the package carries a document and no action on an earlier one.
  const businessDocType = c.take(() => codeInRange('BussinessDocType', pkg.BussinessDocType, 0, 3, 'a business type 0–3 (new, revoke, update, replace)'), null) ?? 0;
  const documentId = str(pkg.DocumentId, 'DocumentId') ?? buildDocumentId(fromOrganId, promulgationRaw, code.number, code.symbol);
  const replaced = c.take(() => asArray('ReplacedDocumentIds', pkg.ReplacedDocumentIds).map((v, i) => text(`ReplacedDocumentIds[${i}]`, v)), []);
  // Revoke and update act on the document the header describes when Bussiness names no other.
  const target = businessDocType === 0 ? null : (str(pkg.BussinessDocumentId, 'BussinessDocumentId') ?? replaced.find((id) => id !== null) ?? (businessDocType === 3 ? null : documentId));
  if (businessDocType !== 0 && target === null) c.problem('Bussiness: a replacement names no DocumentId of the document it replaces');
  if (documentId === null) c.problem('DocumentId: missing, and From/OrganId, Code and PromulgationDate do not make one');
  const record: EdxmlPackageRecord = {
    packageId,
    type: 'DOCUMENT',
    documentId,
    businessDocType,
    targetDocumentId: target,
    fromOrganId,
    fromOrganName: str(from.OrganName, 'From.OrganName'),
    codeNumber: code.number,
    codeNotation: code.symbol,
    promulgationDate: c.take(() => edxmlDay('PromulgationDate', promulgationRaw), null),
    documentType: str(pkg.TypeName, 'TypeName'),
    subject: str(pkg.Subject, 'Subject'),
    signer: str(pkg.SignerFullName, 'SignerFullName'),
    priority: c.take(() => codeInRange('Priority', pkg.Priority, 0, 4, 'a priority 0–4'), null),
    statusCode: null,
    statusAt: null,
    attachments: c.take(() => asArray('Attachments', pkg.Attachments).map(mapAttachment), []),
  };
  c.done();
  return record;
}

/**
 * An edXML payload (edxml.ts) → EdxmlPackageRecord. A package that could not be
 * parsed throws MappingError with the reason, so it is quarantined, not lost.
 */
export function mapEdxmlPackage(payload: unknown): EdxmlPackageRecord {
  const p = asObject(payload, 'edXML payload');
  const packageId = text('packageId', p.packageId);
  if (packageId === null) throw new MappingError(['packageId: missing']);
  if (typeof p.error === 'string') throw new MappingError([`edXML package ${packageId} could not be parsed: ${p.error}`]);
  const pkg = asObject(p.package, `edXML package ${packageId}`);
  if (pkg.kind === 'status') return statusRecord(packageId, pkg);
  if (pkg.kind === 'document') return documentRecord(packageId, pkg);
  throw new MappingError([`edXML package ${packageId}: kind ${JSON.stringify(pkg.kind)} is neither document nor status`]);
}
