/**
 * Raw shapes of a QLVB (document management and operations) system, as the
 * contract in shared/source-systems.md §A names them: the vendor REST listing
 * (A1) and the edXML exchange axis (A2, QCVN 102:2016). These are what arrives
 * on the wire: any field may be missing or of the wrong type in a bad record,
 * so `spec.ts` judges them, field by field, before anything is mapped.
 *
 * Dates: `dd/MM/yyyy` days and `yyyy-MM-ddTHH:mm:ss` local times (UTC+7, no
 * offset) in the listing; `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss` in edXML.
 */

/** An organisation as the listing names it (issuer, handling unit). */
export interface RawOrgan {
  /** Agency code (Decision 20/2020), e.g. `000.00.00.H06`. */
  MaDinhDanh: string | null;
  Ten: string | null;
}

export type RawRegister = 'DEN' | 'DI';
export type RawDocumentState = 'CHO_PHAN_CONG' | 'DANG_XU_LY' | 'DA_XU_LY' | 'THU_HOI';

/** A1: one document (`VanBan`) of the incoming (`DEN`) or outgoing (`DI`) register. */
export interface RawDocument {
  /** Vendor id, stable. */
  Id: string;
  LoaiSo: RawRegister;
  /** Arrival number and day; null on outgoing documents. */
  SoDen: number | null;
  NgayDen: string | null;
  /** Number/symbol: `267/UBND-VX`, sometimes `267` alone or swapped `UBND-VX/267`. */
  SoKyHieu: string | null;
  NgayBanHanh: string | null;
  LoaiVanBan: string | null;
  /** Subject; `(Văn bản mật)` when DoMat > 0. May contain a dossier code. */
  TrichYeu: string | null;
  CoQuanBanHanh: RawOrgan | null;
  NguoiKy: string | null;
  ChucVu: string | null;
  /** 0 normal, 1 urgent, 2 very urgent, 3 express, 4 express with set time. */
  DoKhan: number;
  /** 0 none, 1 confidential, 2 secret, 3 top secret. */
  DoMat: number;
  HanXuLy: string | null;
  TrangThai: RawDocumentState;
  DonViXuLy: RawOrgan[];
  /** edXML id `{OrganId},{yyyy/MM/dd},{số ký hiệu}` when exchanged over the axis. */
  DocumentId: string | null;
  NgayCapNhat: string;
}

/** A1 response envelope. */
export interface RawDocumentPage {
  page: number;
  pageSize: number;
  /** Rows changed at or after `ngayCapNhatTu`, over all pages. */
  tongSo: number;
  duLieu: RawDocument[];
}

/** A2 `GET /edxml/cho-nhan`: packages waiting for this agency. */
export interface RawPendingList {
  ids: string[];
}

// ------------------------------------------------------------------- edXML
// A typed view of one parsed edXML package (domain.md A1.1–A1.4), produced by
// `edxml.ts`. Element text is kept exactly as received (strings, no number or
// date parsing); attachments are reduced to their digest, never their bytes.

/** `From`, `To` and status responders. */
export interface RawEdxmlOrgan {
  OrganId: string | null;
  OrganName: string | null;
  OrganizationInCharge: string | null;
}

/** `ResponseFor`: the earlier document a reply or a status is about. */
export interface RawEdxmlResponseFor {
  OrganId: string | null;
  Code: string | null;
  PromulgationDate: string | null;
  DocumentId: string | null;
}

/** `TraceHeader`: one hop of the routing trail. */
export interface RawEdxmlTrace {
  OrganId: string | null;
  Timestamp: string | null;
}

/** One attachment: what the manifest and the encoded part say, plus a digest of the decoded bytes. */
export interface RawEdxmlAttachment {
  AttachmentName: string | null;
  ContentType: string | null;
  ContentId: string | null;
  Description: string | null;
  /** Decoded size in bytes. */
  size: number;
  /** SHA-256 of the decoded bytes, hex. */
  sha256: string;
}

/** A document package: a new document, or a revoke/update/replace of an earlier one. */
export interface RawEdxmlDocumentPackage {
  kind: 'document';
  From: RawEdxmlOrgan | null;
  To: RawEdxmlOrgan[];
  CodeNumber: string | null;
  CodeNotation: string | null;
  PromulgationPlace: string | null;
  /** `yyyy/MM/dd`. */
  PromulgationDate: string | null;
  TypeCode: string | null;
  TypeName: string | null;
  Subject: string | null;
  Content: string | null;
  SignerCompetence: string | null;
  SignerPosition: string | null;
  SignerFullName: string | null;
  DueDate: string | null;
  Priority: string | null;
  SteeringType: string | null;
  DocumentId: string | null;
  ResponseFor: RawEdxmlResponseFor[];
  TraceHeaders: RawEdxmlTrace[];
  /** `Bussiness/BussinessDocType`: 0 new, 1 revoke, 2 update, 3 replace. */
  BussinessDocType: string | null;
  BussinessDocReason: string | null;
  /** `Bussiness/DocumentId`: the target of a revoke/update/replace. */
  BussinessDocumentId: string | null;
  /** `ReplacementInfoList/ReplacementInfo/DocumentId`: documents a replacement supersedes. */
  ReplacedDocumentIds: string[];
  Attachments: RawEdxmlAttachment[];
}

/** A status package (`Status` / `MessageStatus`): what happened to an earlier document at its recipient. */
export interface RawEdxmlStatusPackage {
  kind: 'status';
  ResponseFor: RawEdxmlResponseFor | null;
  From: RawEdxmlOrgan | null;
  /** 01 arrived … 16 revocation refused, kept as text (leading zero). */
  StatusCode: string | null;
  Description: string | null;
  /** `yyyy/MM/dd HH:mm:ss`. */
  Timestamp: string | null;
}

export type RawEdxmlPackage = RawEdxmlDocumentPackage | RawEdxmlStatusPackage;

/**
 * The payload the edxml stream yields per package id: the parsed view, or why
 * the package could not be parsed (with the start of its text) so it is
 * quarantined with its reason.
 */
export type EdxmlPayload =
  | { packageId: string; package: RawEdxmlPackage }
  | { packageId: string; error: string; excerpt: string };
