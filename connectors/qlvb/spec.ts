import { agencyCode, code, count, documentId, edxmlDay, edxmlTime, identifier, isoLocalTime, list, longText, oneOf, range, slashDate, text, words } from '../spec/formats';
import { buildDocumentId, mapCode } from './number-symbol';
import { critical, defineRecordSpec, type FieldsOf, object, optional, required, variant } from '../spec/record';
import type {
  RawDocument,
  RawEdxmlAttachment,
  RawEdxmlDocumentPackage,
  RawEdxmlOrgan,
  RawEdxmlResponseFor,
  RawEdxmlStatusPackage,
  RawEdxmlTrace,
  RawOrgan,
} from './raw';

/**
 * What a valid QLVB record is (shared/source-systems.md §A): a register entry of the
 * listing, and an edXML package as `edxml.ts` reads it. A field whose wrong value would
 * change which document is meant, or what happened to it, quarantines the record; names
 * and descriptive text are emptied and flagged.
 */

const organ = object({ MaDinhDanh: optional(agencyCode()), Ten: optional(text()) } satisfies FieldsOf<RawOrgan>, 'an organisation {MaDinhDanh, Ten}');

const DOCUMENT_ID = 'joins the register entry, its edXML packages and its revocations';

/** A1 `VanBan`, in either register. */
export const DocumentSpec = defineRecordSpec({
  name: 'VanBan',
  key: ['Id'],
  cursor: 'NgayCapNhat',
  fields: {
    Id: required(identifier('a vendor id'), 'the key'),
    LoaiSo: required(words(['DEN', 'DI']), 'the register'),
    SoDen: optional(count(1, 'an arrival number')),
    NgayDen: optional(slashDate()),
    SoKyHieu: optional(text({ max: 100, description: 'a number/symbol' })),
    NgayBanHanh: required(slashDate(), 'the date of issue, part of what identifies a document'),
    LoaiVanBan: optional(text({ max: 200 })),
    TrichYeu: optional(longText()),
    CoQuanBanHanh: optional(organ),
    NguoiKy: optional(text()),
    ChucVu: optional(text()),
    DoKhan: required(range(0, 4, '0 normal … 4 express with set time'), 'the urgency every document carries'),
    DoMat: required(range(0, 3, '0 none … 3 top secret'), 'decides whether the subject may be kept at all'),
    HanXuLy: optional(slashDate()),
    TrangThai: required(words(['CHO_PHAN_CONG', 'DANG_XU_LY', 'DA_XU_LY', 'THU_HOI']), 'the document state'),
    DonViXuLy: optional(list(organ)),
    DocumentId: critical(documentId(), DOCUMENT_ID),
    NgayCapNhat: required(isoLocalTime(), 'the change time the listing is read by'),
  } satisfies FieldsOf<RawDocument>,
});

// ------------------------------------------------------------------- edXML

const sender = object(
  {
    OrganId: required(agencyCode(), 'the sender of the package'),
    OrganName: optional(text()),
    OrganizationInCharge: optional(text()),
  } satisfies FieldsOf<RawEdxmlOrgan>,
  'an organisation {OrganId, OrganName, OrganizationInCharge}',
);

const recipient = object(
  {
    OrganId: required(agencyCode(), 'a recipient is named by its code'),
    OrganName: optional(text()),
    OrganizationInCharge: optional(text()),
  } satisfies FieldsOf<RawEdxmlOrgan>,
  'an organisation {OrganId, OrganName, OrganizationInCharge}',
);

const responseFor = object(
  {
    OrganId: optional(agencyCode()),
    Code: optional(text({ max: 100 })),
    PromulgationDate: optional(edxmlDay()),
    DocumentId: optional(documentId()),
  } satisfies FieldsOf<RawEdxmlResponseFor>,
  'a reference {OrganId, Code, PromulgationDate, DocumentId}',
);

const trace = object({ OrganId: optional(agencyCode()), Timestamp: optional(edxmlTime()) } satisfies FieldsOf<RawEdxmlTrace>, 'a hop {OrganId, Timestamp}');

const attachment = object(
  {
    AttachmentName: optional(text({ max: 500 })),
    ContentType: optional(text({ max: 200 })),
    ContentId: optional(text({ max: 200 })),
    Description: optional(text()),
    size: required(count(0, 'a byte count'), 'read from the decoded bytes'),
    sha256: required(code('a SHA-256 hex digest', /^[0-9a-f]{64}$/), 'read from the decoded bytes'),
  } satisfies FieldsOf<RawEdxmlAttachment>,
  'an attachment',
);

const BUSINESS = 'revoke, update and replace act on an earlier document';

/** A document package's fields (QCVN 102:2016 MessageHeader and TraceHeaderList/Bussiness). */
const documentPackage = {
  From: required(sender, 'the sender of the package'),
  To: optional(list(recipient)),
  CodeNumber: optional(text({ max: 50 })),
  CodeNotation: optional(text({ max: 100 })),
  PromulgationPlace: optional(text({ max: 200 })),
  PromulgationDate: required(edxmlDay(), 'the date of issue, part of what identifies a document'),
  TypeCode: optional(text({ max: 20 })),
  TypeName: optional(text({ max: 200 })),
  Subject: optional(longText()),
  Content: optional(longText()),
  SignerCompetence: optional(text({ max: 50 })),
  SignerPosition: optional(text()),
  SignerFullName: optional(text()),
  DueDate: optional(edxmlDay()),
  Priority: optional(range(0, 4, '0 normal … 4 express with set time')),
  SteeringType: optional(range(0, 3, '0 or 1 not steering, 2 steering, 3 report on steering')),
  DocumentId: required(documentId(), DOCUMENT_ID),
  ResponseFor: optional(list(responseFor)),
  TraceHeaders: optional(list(trace)),
  BussinessDocType: critical(range(0, 3, '0 new, 1 revoke, 2 update, 3 replace (empty: new)'), BUSINESS),
  BussinessDocReason: optional(longText()),
  BussinessDocumentId: critical(documentId(), BUSINESS),
  ReplacedDocumentIds: critical(list(documentId()), BUSINESS),
  Attachments: optional(list(attachment)),
} satisfies FieldsOf<Omit<RawEdxmlDocumentPackage, 'kind'>>;

const ABOUT = 'names the document the status is about';

/** A status package's fields (domain.md A1.4). */
const statusPackage = {
  ResponseFor: required(
    object(
      {
        OrganId: critical(agencyCode(), ABOUT),
        Code: critical(text({ max: 100 }), ABOUT),
        PromulgationDate: critical(edxmlDay(), ABOUT),
        DocumentId: critical(documentId(), ABOUT),
      } satisfies FieldsOf<RawEdxmlResponseFor>,
      'a reference {OrganId, Code, PromulgationDate, DocumentId}',
    ),
    ABOUT,
  ),
  From: optional(object({ OrganId: optional(agencyCode()), OrganName: optional(text()), OrganizationInCharge: optional(text()) } satisfies FieldsOf<RawEdxmlOrgan>)),
  StatusCode: required(oneOf([1, 2, 3, 4, 5, 6, 13, 15, 16], '01 arrived … 06 done, 13 revoked, 15/16 revocation agreed/refused'), 'what happened to the document'),
  Description: optional(longText()),
  Timestamp: critical(edxmlTime(), 'orders the document’s history'),
} satisfies FieldsOf<Omit<RawEdxmlStatusPackage, 'kind'>>;

/**
 * A2: the payload the edxml stream yields for a package that could be parsed: its
 * exchange id and the package's typed view (edxml.ts).
 */
export const EdxmlPackageSpec = defineRecordSpec({
  name: 'edXML',
  key: ['packageId'],
  cursor: null,
  fields: {
    packageId: required(identifier('a package id'), 'the key'),
    package: required(variant('kind', { document: documentPackage, status: statusPackage }, 'a document or a status package'), 'the package itself'),
  },
  refine({ package: pkg }) {
    if (pkg.kind === 'status') {
      const about = pkg.ResponseFor;
      if (about.DocumentId === null && buildDocumentId(about.OrganId, about.PromulgationDate, mapCode(about.Code, null)) === null) {
        return ['package.ResponseFor.DocumentId: missing, and OrganId, Code and PromulgationDate do not make one'];
      }
      return [];
    }
    if (pkg.BussinessDocType === 3 && pkg.BussinessDocumentId === null && !(pkg.ReplacedDocumentIds ?? []).length) {
      return ['package.BussinessDocumentId: a replacement names no DocumentId of the document it replaces'];
    }
    return [];
  },
});
