import type { DocumentRecord, DocumentState, EdxmlPackageRecord, OrganRef } from '../../src/model/records';
import { MappingError } from '../errors';
import type { MappedRecord } from '../types';
import { type CheckedOf, checkThen, mapChecked } from '../spec/record';
import { buildDocumentId, mapCode, parseNumberSymbol } from './number-symbol';
import { DocumentSpec, EdxmlPackageSpec } from './spec';

/** Pure mappings from QLVB records that passed their spec (spec.ts) to unified records. */

/** The subject a confidential document is listed with; the hub never asks for more. */
export const CONFIDENTIAL_SUBJECT = '(Văn bản mật)';

const STATES: Readonly<Record<string, DocumentState>> = {
  CHO_PHAN_CONG: 'WAITING_ASSIGNMENT',
  DANG_XU_LY: 'IN_PROGRESS',
  DA_XU_LY: 'DONE',
  THU_HOI: 'REVOKED',
};

const organRef = (o: { MaDinhDanh: string | null; Ten: string | null } | null): OrganRef => ({ code: o?.MaDinhDanh ?? null, name: o?.Ten ?? null });

/** A1 `VanBan` → DocumentRecord. */
export function toDocument(r: CheckedOf<typeof DocumentSpec>): DocumentRecord {
  const { number, symbol } = parseNumberSymbol(r.SoKyHieu);
  return {
    sourceId: r.Id,
    register: r.LoaiSo === 'DEN' ? 'INCOMING' : 'OUTGOING',
    arrivalNumber: r.SoDen,
    arrivalDate: r.NgayDen,
    numberSymbolRaw: r.SoKyHieu,
    number,
    symbol,
    issuedDate: r.NgayBanHanh,
    documentType: r.LoaiVanBan,
    // Whatever the source sent, a classified document keeps only the placeholder.
    subject: r.DoMat > 0 ? CONFIDENTIAL_SUBJECT : r.TrichYeu,
    issuer: organRef(r.CoQuanBanHanh),
    signer: r.NguoiKy,
    signerTitle: r.ChucVu,
    urgency: r.DoKhan,
    securityLevel: r.DoMat,
    deadline: r.HanXuLy,
    state: STATES[r.TrangThai] ?? 'WAITING_ASSIGNMENT',
    handlingUnits: (r.DonViXuLy ?? []).map(organRef),
    edxmlDocumentId: r.DocumentId,
    sourceUpdatedAt: r.NgayCapNhat,
  };
}

type CheckedPackage = CheckedOf<typeof EdxmlPackageSpec>;

/** A checked edXML package → EdxmlPackageRecord: a document package (new, revoke, update, replace) or a status package. */
export function toEdxmlPackage({ packageId, package: pkg }: CheckedPackage): EdxmlPackageRecord {
  if (pkg.kind === 'status') {
    const about = pkg.ResponseFor;
    return {
      packageId,
      type: 'STATUS',
      documentId: null,
      businessDocType: null,
      targetDocumentId: about.DocumentId ?? buildDocumentId(about.OrganId, about.PromulgationDate, mapCode(about.Code, null)),
      fromOrganId: pkg.From?.OrganId ?? null,
      fromOrganName: pkg.From?.OrganName ?? null,
      codeNumber: null,
      codeNotation: null,
      promulgationDate: null,
      documentType: null,
      subject: null,
      signer: null,
      priority: null,
      statusCode: String(pkg.StatusCode).padStart(2, '0'),
      statusAt: pkg.Timestamp,
      attachments: [],
    };
  }
  const code = mapCode(pkg.CodeNumber, pkg.CodeNotation);
  // No Bussiness element: the package carries a document and no action on an earlier one.
  const businessDocType = pkg.BussinessDocType ?? 0;
  const replaced = pkg.ReplacedDocumentIds ?? [];
  // Revoke and update act on the document the header describes when Bussiness names no other.
  const target = businessDocType === 0 ? null : (pkg.BussinessDocumentId ?? replaced[0] ?? (businessDocType === 3 ? null : pkg.DocumentId));
  return {
    packageId,
    type: 'DOCUMENT',
    documentId: pkg.DocumentId,
    businessDocType,
    targetDocumentId: target,
    fromOrganId: pkg.From.OrganId,
    fromOrganName: pkg.From.OrganName,
    codeNumber: code.number,
    codeNotation: code.symbol,
    promulgationDate: pkg.PromulgationDate,
    documentType: pkg.TypeName,
    subject: pkg.Subject,
    signer: pkg.SignerFullName,
    priority: pkg.Priority,
    statusCode: null,
    statusAt: null,
    attachments: (pkg.Attachments ?? []).map((a, i) => ({
      name: a.AttachmentName ?? a.ContentId ?? `attachment-${i + 1}`,
      contentType: a.ContentType,
      size: a.size,
      sha256: a.sha256,
    })),
  };
}

/** A payload the reader could not parse as edXML carries `error` instead of `package`. */
function unreadable(payload: unknown): MappingError | null {
  const p = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
  return p && typeof p.error === 'string' ? new MappingError([`package: not readable as edXML (${p.error})`]) : null;
}

const mapPackage = mapChecked(EdxmlPackageSpec, (r) => ({ kind: 'edxmlPackage', value: toEdxmlPackage(r) }));

/** The edxml stream's `map`: an unreadable package, or one that fails its spec, is quarantined. */
export function mapEdxmlPayload(payload: unknown): MappedRecord {
  const error = unreadable(payload);
  if (error) throw error;
  return mapPackage(payload);
}

/** Raw payload → unified record, for callers outside the engine (tests). */
export const mapDocument = checkThen(DocumentSpec, toDocument);
export function mapEdxmlPackage(payload: unknown): EdxmlPackageRecord {
  const error = unreadable(payload);
  if (error) throw error;
  return checkThen(EdxmlPackageSpec, toEdxmlPackage)(payload);
}
