import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  EdxmlPayload,
  RawEdxmlAttachment,
  RawEdxmlDocumentPackage,
  RawEdxmlOrgan,
  RawEdxmlPackage,
  RawEdxmlResponseFor,
  RawEdxmlStatusPackage,
  RawEdxmlTrace,
} from './raw';

/**
 * Reads one edXML package (QCVN 102:2016, domain.md A1.1–A1.4) into the typed
 * view of raw.ts. Namespace prefixes are dropped and elements are found by name
 * wherever they sit, so both the 2016 `edXMLEnvelope` layout and the older SOAP
 * wrapping read the same. Text stays as received: `map.ts` judges the values.
 * Attachments are decoded only to measure and hash them; the bytes are dropped.
 */

export class EdxmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EdxmlParseError';
  }
}

/** Elements that may repeat: always read as lists. */
const REPEATED = new Set(['To', 'ResponseFor', 'TraceHeader', 'ReplacementInfo', 'Reference', 'Attachment', 'Place', 'Appendix', 'Receiver', 'OrganId']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Codes like `01` and `000.00.00.H06` must stay text.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first child element of that name (an object), or null. */
function child(node: unknown, name: string): Node | null {
  if (!isNode(node)) return null;
  const v = node[name];
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return isNode(first) ? first : null;
}

/** Every child element of that name. */
function children(node: unknown, name: string): unknown[] {
  if (!isNode(node)) return [];
  const v = node[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The text of a child element; null when missing or empty. */
function textOf(node: unknown, name: string): string | null {
  const v = children(node, name)[0];
  if (typeof v === 'string') return v === '' ? null : v;
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'] === '' ? null : v['#text'];
  return null;
}

/** The first element of that name anywhere below `node`, depth first. */
function find(node: unknown, name: string): Node | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = find(item, name);
      if (hit) return hit;
    }
    return null;
  }
  if (!isNode(node)) return null;
  const own = child(node, name);
  if (own) return own;
  for (const value of Object.values(node)) {
    const hit = find(value, name);
    if (hit) return hit;
  }
  return null;
}

function organ(node: unknown): RawEdxmlOrgan | null {
  if (!isNode(node)) return null;
  return { OrganId: textOf(node, 'OrganId'), OrganName: textOf(node, 'OrganName'), OrganizationInCharge: textOf(node, 'OrganizationInCharge') };
}

function responseFor(node: unknown): RawEdxmlResponseFor {
  return {
    OrganId: textOf(node, 'OrganId'),
    Code: textOf(node, 'Code'),
    PromulgationDate: textOf(node, 'PromulgationDate'),
    DocumentId: textOf(node, 'DocumentId'),
  };
}

function trace(node: unknown): RawEdxmlTrace {
  return { OrganId: textOf(node, 'OrganId'), Timestamp: textOf(node, 'Timestamp') };
}

/** Encoded attachments, named from the manifest when the encoded part leaves the name out. */
function attachments(root: Node): RawEdxmlAttachment[] {
  const manifest = new Map(children(find(root, 'edXMLManifest'), 'Reference').map((ref) => [textOf(ref, 'ContentId'), ref]));
  return children(find(root, 'AttachmentEncoded'), 'Attachment').map((part, n) => {
    const contentId = textOf(part, 'ContentId');
    const ref = manifest.get(contentId);
    const encoded = (textOf(part, 'ContentTransferEncoded') ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
      throw new EdxmlParseError(`attachment ${n + 1} (${textOf(part, 'AttachmentName') ?? contentId ?? 'unnamed'}): ContentTransferEncoded is not base64`);
    }
    const bytes = Buffer.from(encoded, 'base64');
    return {
      AttachmentName: textOf(part, 'AttachmentName') ?? textOf(ref, 'AttachmentName'),
      ContentType: textOf(part, 'ContentType') ?? textOf(ref, 'ContentType'),
      ContentId: contentId,
      Description: textOf(part, 'Description') ?? textOf(ref, 'Description'),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
}

function documentPackage(root: Node, header: Node): RawEdxmlDocumentPackage {
  const code = child(header, 'Code');
  const promulgation = child(header, 'PromulgationInfo');
  const type = child(header, 'DocumentType');
  const signer = child(header, 'SignerInfo');
  const traces = find(root, 'TraceHeaderList');
  const business = child(traces, 'Bussiness') ?? find(root, 'Bussiness');
  return {
    kind: 'document',
    From: organ(child(header, 'From')),
    To: children(header, 'To').map(organ).filter((o): o is RawEdxmlOrgan => o !== null),
    CodeNumber: textOf(code, 'CodeNumber'),
    CodeNotation: textOf(code, 'CodeNotation'),
    PromulgationPlace: textOf(promulgation, 'Place'),
    PromulgationDate: textOf(promulgation, 'PromulgationDate'),
    TypeCode: textOf(type, 'Type'),
    TypeName: textOf(type, 'TypeName'),
    Subject: textOf(header, 'Subject'),
    Content: textOf(header, 'Content'),
    SignerCompetence: textOf(signer, 'Competence'),
    SignerPosition: textOf(signer, 'Position'),
    SignerFullName: textOf(signer, 'FullName'),
    DueDate: textOf(header, 'DueDate'),
    Priority: textOf(child(header, 'OtherInfo'), 'Priority'),
    SteeringType: textOf(header, 'SteeringType'),
    DocumentId: textOf(header, 'DocumentId'),
    ResponseFor: children(header, 'ResponseFor').map(responseFor),
    TraceHeaders: children(traces, 'TraceHeader').map(trace),
    BussinessDocType: textOf(business, 'BussinessDocType'),
    BussinessDocReason: textOf(business, 'BussinessDocReason'),
    BussinessDocumentId: textOf(business, 'DocumentId'),
    ReplacedDocumentIds: children(child(business, 'ReplacementInfoList'), 'ReplacementInfo')
      .map((r) => textOf(r, 'DocumentId'))
      .filter((id): id is string => id !== null),
    Attachments: attachments(root),
  };
}

function statusPackage(status: Node): RawEdxmlStatusPackage {
  const about = child(status, 'ResponseFor');
  return {
    kind: 'status',
    ResponseFor: about ? responseFor(about) : null,
    From: organ(child(status, 'From')),
    StatusCode: textOf(status, 'StatusCode'),
    Description: textOf(status, 'Description'),
    Timestamp: textOf(status, 'Timestamp'),
  };
}

/** Parses one package; throws EdxmlParseError when it is not well-formed or not edXML. */
export function parseEdxml(xml: string): RawEdxmlPackage {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new EdxmlParseError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const root: unknown = parser.parse(xml);
  if (!isNode(root)) throw new EdxmlParseError('not an XML document');
  const header = find(root, 'MessageHeader');
  if (header) return documentPackage(root, header);
  const status = find(root, 'Status') ?? find(root, 'MessageStatus');
  if (status) return statusPackage(status);
  throw new EdxmlParseError('neither a MessageHeader (document package) nor a Status (status package) was found');
}

/** The record payload for one fetched package: its parsed view, or why it could not be read. */
export function toPayload(packageId: string, xml: string): EdxmlPayload {
  try {
    return { packageId, package: parseEdxml(xml) };
  } catch (error) {
    if (!(error instanceof EdxmlParseError)) throw error;
    return { packageId, error: error.message, excerpt: xml.slice(0, 500) };
  }
}
