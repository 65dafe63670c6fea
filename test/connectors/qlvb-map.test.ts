import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MappingError } from '../../connectors/errors';
import { EdxmlParseError, parseEdxml, toPayload } from '../../connectors/qlvb/edxml';
import { CONFIDENTIAL_SUBJECT, mapDocument, mapEdxmlPackage } from '../../connectors/qlvb/map';
import { mapCode, parseNumberSymbol } from '../../connectors/qlvb/number-symbol';
import type { RawDocument } from '../../connectors/qlvb/raw';
import { DocumentSpec } from '../../connectors/qlvb/spec';
import { edxmlDay, edxmlTime, isoLocalTime, slashDate } from '../../connectors/spec/formats';
import { checkRecord } from '../../connectors/spec/record';

/** What a format makes of a value: its reading, or its problem. */
function read(format: { schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { message: string }[] } } } }, value: unknown): unknown {
  const r = format.schema.safeParse(value);
  return r.success ? r.data : `problem: ${r.error?.issues[0]?.message ?? ''}`;
}

/** A complete, valid raw document; tests override what they examine. */
function rawDocument(overrides: Partial<Record<keyof RawDocument, unknown>> = {}): Record<string, unknown> {
  const base: RawDocument = {
    Id: '100000123',
    LoaiSo: 'DEN',
    SoDen: 1532,
    NgayDen: '05/03/2025',
    SoKyHieu: '267/UBND-VX',
    NgayBanHanh: '04/03/2025',
    LoaiVanBan: 'Công văn',
    TrichYeu: 'V/v triển khai Đề án 06 trên địa bàn tỉnh',
    CoQuanBanHanh: { MaDinhDanh: '000.00.00.H06', Ten: 'UBND tỉnh Bắc Kạn' },
    NguoiKy: 'Nông Văn Hùng',
    ChucVu: 'Phó Chủ tịch',
    DoKhan: 1,
    DoMat: 0,
    HanXuLy: '15/03/2025',
    TrangThai: 'DANG_XU_LY',
    DonViXuLy: [{ MaDinhDanh: '000.00.01.H06', Ten: 'Sở Nội vụ tỉnh Bắc Kạn' }],
    DocumentId: '000.00.00.H06,2025/03/04,267/UBND-VX',
    NgayCapNhat: '2025-03-05T08:15:30',
  };
  return { ...base, ...overrides };
}

const NS = 'xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"';
const EDNS = 'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"';
const PDF = Buffer.from('%PDF-1.4\nhello');
const DOCX = Buffer.from('PK\u0003\u0004phu luc');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface DocOptions {
  code?: string;
  business?: string;
  date?: string;
  subject?: string;
  attachments?: boolean;
}

/** A document package in the 2016 layout; `business` is the inside of `Bussiness`. */
function documentXml(o: DocOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<edXML ${NS}><edXML:edXMLEnvelope ${EDNS}><edXML:edXMLHeader>
  <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.04.G14</edXML:OrganId><edXML:OrganizationInCharge/><edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
    <edXML:To><edXML:OrganId>000.00.00.H06</edXML:OrganId><edXML:OrganName>UBND tỉnh Bắc Kạn</edXML:OrganName></edXML:To>
    <edXML:To><edXML:OrganId>000.00.01.H06</edXML:OrganId><edXML:OrganName>Sở Nội vụ tỉnh Bắc Kạn</edXML:OrganName></edXML:To>
    <edXML:Code>${o.code ?? '<edXML:CodeNumber>267</edXML:CodeNumber><edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation>'}</edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>${o.date ?? '2012/08/06'}</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>${o.subject ?? 'V/v cung cấp thông tin &amp; số liệu'}</edXML:Subject>
    <edXML:SignerInfo><edXML:Competence>KT. Bộ trưởng, Chủ nhiệm</edXML:Competence><edXML:Position>Phó Chủ nhiệm</edXML:Position><edXML:FullName>Nguyễn Văn Tùng</edXML:FullName></edXML:SignerInfo>
    <edXML:DueDate>2012/08/08</edXML:DueDate>
    <edXML:OtherInfo><edXML:Priority>2</edXML:Priority><edXML:PageAmount>3</edXML:PageAmount></edXML:OtherInfo>
    <edXML:ResponseFor><edXML:OrganId>000.00.00.H06</edXML:OrganId><edXML:Code>12/UBND-TH</edXML:Code><edXML:PromulgationDate>2012/07/30</edXML:PromulgationDate><edXML:DocumentId>000.00.00.H06,2012/07/30,12/UBND-TH</edXML:DocumentId></edXML:ResponseFor>
    <edXML:SteeringType>1</edXML:SteeringType>
    <edXML:DocumentId>000.00.04.G14,2012/08/06,267/VPCP-TTĐT</edXML:DocumentId>
  </edXML:MessageHeader>
  <edXML:TraceHeaderList>
    <edXML:TraceHeader><edXML:OrganId>000.00.04.G14</edXML:OrganId><edXML:Timestamp>2012/08/06 15:20:11</edXML:Timestamp></edXML:TraceHeader>
    <edXML:TraceHeader><edXML:OrganId>000.00.00.H06</edXML:OrganId><edXML:Timestamp>2012/08/06 15:21:40</edXML:Timestamp></edXML:TraceHeader>
    <edXML:Bussiness>${o.business ?? '<edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:BussinessDocReason/><edXML:Paper>0</edXML:Paper>'}</edXML:Bussiness>
  </edXML:TraceHeaderList>
  <edXML:DigitalSignature/>
</edXML:edXMLHeader>
<edXML:edXMLBody><edXML:edXMLManifest version="1.0">
  <edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:1"><edXML:AttachmentName>267-VPCP-TTĐT.pdf</edXML:AttachmentName><edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentId>1</edXML:ContentId></edXML:Reference>
  <edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:2"><edXML:AttachmentName>Phụ lục.docx</edXML:AttachmentName><edXML:ContentType>application/msword</edXML:ContentType><edXML:ContentId>2</edXML:ContentId></edXML:Reference>
</edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope>
${o.attachments === false ? '' : `<AttachmentEncoded>
  <Attachment><ContentType>application/pdf</ContentType><ContentId>1</ContentId><ContentTransferEncoded>${PDF.toString('base64')}</ContentTransferEncoded><AttachmentName>267-VPCP-TTĐT.pdf</AttachmentName></Attachment>
  <Attachment><ContentId>2</ContentId><ContentTransferEncoded>
${DOCX.toString('base64')}
  </ContentTransferEncoded></Attachment>
</AttachmentEncoded>`}
</edXML>`;
}

function statusXml(responseFor: string, code = '03', timestamp = '2025/03/05 08:12:00'): string {
  return `<edXML ${NS}><edXML:edXMLEnvelope ${EDNS}><edXML:edXMLHeader><edXML:Status>
    <edXML:ResponseFor>${responseFor}</edXML:ResponseFor>
    <edXML:From><edXML:OrganId>000.00.00.H38</edXML:OrganId><edXML:OrganName>UBND tỉnh Lào Cai</edXML:OrganName></edXML:From>
    <edXML:StatusCode>${code}</edXML:StatusCode><edXML:Description>Đã tiếp nhận</edXML:Description><edXML:Timestamp>${timestamp}</edXML:Timestamp>
  </edXML:Status></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>`;
}

const record = (id: string, xml: string) => mapEdxmlPackage(JSON.parse(JSON.stringify(toPayload(id, xml))));

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof MappingError) return error.problems;
    throw error;
  }
  throw new Error('expected a MappingError');
}

describe('QLVB date formats', () => {
  it('reads the listing’s yyyy-MM-ddTHH:mm:ss as Vietnam local time (UTC+7)', () => {
    expect(read(isoLocalTime(), '2025-03-05T08:15:30')).toEqual(new Date('2025-03-05T01:15:30.000Z'));
    expect(read(isoLocalTime(), '2025-01-01T00:05:00')).toEqual(new Date('2024-12-31T17:05:00.000Z'));
    expect(read(isoLocalTime(), '2025-02-30T08:00:00')).toBe('problem: no such time (day 30 of a month with 28 days)');
    expect(read(isoLocalTime(), '2025-03-05T25:00:00')).toBe('problem: no such time (hour 25)');
    for (const bad of ['2025-03-05 08:15:30', '05/03/2025', '2025-03-05T08:15:30+07:00', 20250305]) {
      expect(read(isoLocalTime(), bad), String(bad)).toMatch(/^problem: not yyyy-MM-ddTHH:mm:ss/);
    }
  });

  it('reads the listing’s dd/MM/yyyy days as ISO days', () => {
    expect(read(slashDate(), '04/03/2025')).toBe('2025-03-04');
    expect(read(slashDate(), '29/02/2024')).toBe('2024-02-29');
    expect(read(slashDate(), '31/02/2025')).toBe('problem: no such date (day 31 of a month with 28 days)');
    expect(read(slashDate(), '2025-03-04')).toMatch(/^problem: not dd\/MM\/yyyy/);
  });

  it('reads edXML yyyy/MM/dd days and yyyy/MM/dd HH:mm:ss times', () => {
    expect(read(edxmlDay(), '2012/08/06')).toBe('2012-08-06');
    expect(read(edxmlDay(), '2025/13/45')).toBe('problem: no such date (month 13)');
    expect(read(edxmlDay(), '06/08/2012')).toMatch(/^problem: not yyyy\/MM\/dd/);
    expect(read(edxmlTime(), '2025/03/05 08:12:00')).toEqual(new Date('2025-03-05T01:12:00.000Z'));
    expect(read(edxmlTime(), '2025/01/01 06:59:59')).toEqual(new Date('2024-12-31T23:59:59.000Z'));
    expect(read(edxmlTime(), '2025/03/05 24:00:00')).toBe('problem: no such time (hour 24)');
    expect(read(edxmlTime(), '2025/03/05')).toMatch(/^problem: not yyyy\/MM\/dd HH:mm:ss/);
  });
});

describe('QLVB number/symbol parsing', () => {
  it('splits number first, number alone and swapped forms, keeping multi-part symbols', () => {
    expect(parseNumberSymbol('267/UBND-VX')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(parseNumberSymbol('267')).toEqual({ number: '267', symbol: null });
    expect(parseNumberSymbol('UBND-VX/267')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(parseNumberSymbol('12/2024/QĐ-UBND')).toEqual({ number: '12', symbol: '2024/QĐ-UBND' });
    expect(parseNumberSymbol('123/SCT/BS')).toEqual({ number: '123', symbol: 'SCT/BS' });
    expect(parseNumberSymbol(' Số 267 / UBND-VX ')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(parseNumberSymbol('UBND-VX')).toEqual({ number: null, symbol: 'UBND-VX' });
    expect(parseNumberSymbol('')).toEqual({ number: null, symbol: null });
    expect(parseNumberSymbol(null)).toEqual({ number: null, symbol: null });
  });

  it('reads edXML Code filled either way round or whole in one element', () => {
    expect(mapCode('267', 'UBND-VX')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(mapCode('UBND-VX', '267')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(mapCode('267/UBND-VX', 'UBND-VX')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(mapCode(null, '267/UBND-VX')).toEqual({ number: '267', symbol: 'UBND-VX' });
    expect(mapCode('267', null)).toEqual({ number: '267', symbol: null });
  });
});

describe('QLVB document mapping', () => {
  it('maps a VanBan to a DocumentRecord', () => {
    expect(mapDocument(rawDocument({ ExtraVendorField: 'ignored' } as Partial<Record<keyof RawDocument, unknown>>))).toEqual({
      sourceId: '100000123',
      register: 'INCOMING',
      arrivalNumber: 1532,
      arrivalDate: '2025-03-05',
      numberSymbolRaw: '267/UBND-VX',
      number: '267',
      symbol: 'UBND-VX',
      issuedDate: '2025-03-04',
      documentType: 'Công văn',
      subject: 'V/v triển khai Đề án 06 trên địa bàn tỉnh',
      issuer: { code: '000.00.00.H06', name: 'UBND tỉnh Bắc Kạn' },
      signer: 'Nông Văn Hùng',
      signerTitle: 'Phó Chủ tịch',
      urgency: 1,
      securityLevel: 0,
      deadline: '2025-03-15',
      state: 'IN_PROGRESS',
      handlingUnits: [{ code: '000.00.01.H06', name: 'Sở Nội vụ tỉnh Bắc Kạn' }],
      edxmlDocumentId: '000.00.00.H06,2025/03/04,267/UBND-VX',
      sourceUpdatedAt: new Date('2025-03-05T01:15:30.000Z'),
    });
  });

  it('maps every state, THU_HOI to REVOKED, and outgoing documents without arrival data', () => {
    expect(['CHO_PHAN_CONG', 'DANG_XU_LY', 'DA_XU_LY', 'THU_HOI'].map((s) => mapDocument(rawDocument({ TrangThai: s })).state)).toEqual(['WAITING_ASSIGNMENT', 'IN_PROGRESS', 'DONE', 'REVOKED']);
    expect(() => mapDocument(rawDocument({ TrangThai: 'DA_HUY' }))).toThrow(/TrangThai: not one of CHO_PHAN_CONG/);
    const out = mapDocument(rawDocument({ LoaiSo: 'DI', SoDen: null, NgayDen: null, SoKyHieu: 'UBND-VX/267', TrangThai: 'THU_HOI', DocumentId: null, HanXuLy: null }));
    expect(out).toMatchObject({ register: 'OUTGOING', arrivalNumber: null, arrivalDate: null, numberSymbolRaw: 'UBND-VX/267', number: '267', symbol: 'UBND-VX', state: 'REVOKED', edxmlDocumentId: null, deadline: null });
  });

  it('stores NFC text and keeps only the placeholder subject of a classified document', () => {
    const nfd = mapDocument(rawDocument({ TrichYeu: 'V/v triển khai Đề án 06'.normalize('NFD'), NguoiKy: 'Nông Văn Hùng'.normalize('NFD') }));
    expect(nfd.subject).toBe('V/v triển khai Đề án 06');
    expect(nfd.signer).toBe('Nông Văn Hùng');
    expect(mapDocument(rawDocument({ DoMat: 2, TrichYeu: CONFIDENTIAL_SUBJECT })).subject).toBe(CONFIDENTIAL_SUBJECT);
    expect(mapDocument(rawDocument({ DoMat: 1, TrichYeu: 'Nội dung không được lộ ra' })).subject).toBe(CONFIDENTIAL_SUBJECT);
  });

  it('lists every problem of a bad record', () => {
    const { Id: _id, ...withoutId } = rawDocument({ DoKhan: 'Khẩn', NgayBanHanh: '31/02/2025', LoaiSo: 'X', TrangThai: 5, DoMat: 7 });
    const problems = problemsOf(() => mapDocument(withoutId));
    expect(problems.sort()).toEqual([
      'DoKhan: expected a whole number, got text',
      'DoMat: not one of 0 none … 3 top secret',
      'Id: missing (it is required)',
      'LoaiSo: not one of DEN, DI',
      'NgayBanHanh: no such date (day 31 of a month with 28 days)',
      'TrangThai: expected text, got a whole number',
    ]);
    expect(problemsOf(() => mapDocument(rawDocument({ NgayCapNhat: undefined })))).toEqual(['NgayCapNhat: missing (it is required)']);
    expect(() => mapDocument('not an object')).toThrow(MappingError);
  });

  it('empties a malformed issuer or handling unit and flags it; a malformed DocumentId is quarantined', () => {
    const flawed = checkRecord(DocumentSpec, rawDocument({ CoQuanBanHanh: { MaDinhDanh: 'UBND', Ten: 'x' }, DonViXuLy: [{ MaDinhDanh: '000.00.01.H06', Ten: 'a' }, 'b'] }));
    expect(flawed).toMatchObject({ ok: true, dropped: ['CoQuanBanHanh.MaDinhDanh', 'DonViXuLy[1]'], value: { CoQuanBanHanh: { MaDinhDanh: null, Ten: 'x' }, DonViXuLy: [{ MaDinhDanh: '000.00.01.H06', Ten: 'a' }] } });
    expect(problemsOf(() => mapDocument(rawDocument({ DocumentId: '000.00.00.H06,2025/02/30,267/UBND-VX' })))).toEqual([expect.stringMatching(/^DocumentId: not an edXML DocumentId .*its date does not exist/)]);
  });
});

describe('QLVB edXML parsing', () => {
  it('reads a new-document package, digesting attachments without keeping their bytes', () => {
    const payload = toPayload('p-new', documentXml());
    expect(JSON.stringify(payload)).not.toContain(PDF.toString('base64'));
    expect(record('p-new', documentXml())).toEqual({
      packageId: 'p-new',
      type: 'DOCUMENT',
      documentId: '000.00.04.G14,2012/08/06,267/VPCP-TTĐT',
      businessDocType: 0,
      targetDocumentId: null,
      fromOrganId: '000.00.04.G14',
      fromOrganName: 'Văn phòng Chính phủ',
      codeNumber: '267',
      codeNotation: 'VPCP-TTĐT',
      promulgationDate: '2012-08-06',
      documentType: 'Công văn',
      subject: 'V/v cung cấp thông tin & số liệu',
      signer: 'Nguyễn Văn Tùng',
      priority: 2,
      statusCode: null,
      statusAt: null,
      attachments: [
        { name: '267-VPCP-TTĐT.pdf', contentType: 'application/pdf', size: PDF.length, sha256: sha(PDF) },
        { name: 'Phụ lục.docx', contentType: 'application/msword', size: DOCX.length, sha256: sha(DOCX) },
      ],
    });
    const view = parseEdxml(documentXml());
    expect(view).toMatchObject({ kind: 'document', To: [{ OrganId: '000.00.00.H06' }, { OrganId: '000.00.01.H06' }], TraceHeaders: [{ Timestamp: '2012/08/06 15:20:11' }, { OrganId: '000.00.00.H06' }] });
    expect(view.kind === 'document' && view.ResponseFor[0]?.DocumentId).toBe('000.00.00.H06,2012/07/30,12/UBND-TH');
  });

  it('reads revoke, update and replace packages with the document they act on', () => {
    const target = '000.00.04.G14,2012/07/01,200/VPCP-TTĐT';
    const revoke = record('p-1', documentXml({ business: `<edXML:BussinessDocType>1</edXML:BussinessDocType><edXML:BussinessDocReason>Thu hồi để điều chỉnh nội dung</edXML:BussinessDocReason><edXML:DocumentId>${target}</edXML:DocumentId>`, attachments: false }));
    expect(revoke).toMatchObject({ businessDocType: 1, targetDocumentId: target, attachments: [] });
    // An update that names no other document acts on the one its header describes.
    const update = record('p-2', documentXml({ business: '<edXML:BussinessDocType>2</edXML:BussinessDocType>' }));
    expect(update).toMatchObject({ businessDocType: 2, targetDocumentId: '000.00.04.G14,2012/08/06,267/VPCP-TTĐT' });
    const replace = record('p-3', documentXml({ business: `<edXML:BussinessDocType>3</edXML:BussinessDocType><edXML:ReplacementInfoList><edXML:ReplacementInfo><edXML:DocumentId>${target}</edXML:DocumentId><edXML:OrganIdList><edXML:OrganId>000.00.00.H06</edXML:OrganId></edXML:OrganIdList></edXML:ReplacementInfo></edXML:ReplacementInfoList>` }));
    expect(replace).toMatchObject({ businessDocType: 3, documentId: '000.00.04.G14,2012/08/06,267/VPCP-TTĐT', targetDocumentId: target });
    expect(problemsOf(() => record('p-4', documentXml({ business: '<edXML:BussinessDocType>3</edXML:BussinessDocType>' })))).toEqual([
      'package.BussinessDocumentId: a replacement names no DocumentId of the document it replaces',
    ]);
    expect(problemsOf(() => record('p-5', documentXml({ business: '<edXML:BussinessDocType>5</edXML:BussinessDocType>' })))).toEqual([
      'package.BussinessDocType: not one of 0 new, 1 revoke, 2 update, 3 replace (empty: new)',
    ]);
  });

  it('reads status packages, building the target id from its parts when DocumentId is missing', () => {
    const id = '000.00.00.H06,2025/03/04,267/UBND-VX';
    expect(record('s-1', statusXml(`<edXML:OrganId>000.00.00.H06</edXML:OrganId><edXML:Code>267/UBND-VX</edXML:Code><edXML:PromulgationDate>2025/03/04</edXML:PromulgationDate><edXML:DocumentId>${id}</edXML:DocumentId>`))).toEqual({
      packageId: 's-1',
      type: 'STATUS',
      documentId: null,
      businessDocType: null,
      targetDocumentId: id,
      fromOrganId: '000.00.00.H38',
      fromOrganName: 'UBND tỉnh Lào Cai',
      codeNumber: null,
      codeNotation: null,
      promulgationDate: null,
      documentType: null,
      subject: null,
      signer: null,
      priority: null,
      statusCode: '03',
      statusAt: new Date('2025-03-05T01:12:00.000Z'),
      attachments: [],
    });
    const built = record('s-2', statusXml('<edXML:OrganId>000.00.00.H06</edXML:OrganId><edXML:Code>267/UBND-VX</edXML:Code><edXML:PromulgationDate>2025/03/04</edXML:PromulgationDate>', '6'));
    expect(built).toMatchObject({ targetDocumentId: id, statusCode: '06' });
    expect(problemsOf(() => record('s-3', statusXml('<edXML:OrganId>000.00.00.H06</edXML:OrganId>', 'xx', '2025/03/05')))).toEqual([
      'package.StatusCode: expected a whole number, got text',
      'package.Timestamp: not yyyy/MM/dd HH:mm:ss (got text)',
    ]);
    expect(problemsOf(() => record('s-4', statusXml('<edXML:OrganId>000.00.00.H06</edXML:OrganId>', '07')))).toEqual([expect.stringMatching(/^package.StatusCode: not one of 01 arrived/)]);
    expect(problemsOf(() => record('s-5', statusXml('<edXML:OrganId>000.00.00.H06</edXML:OrganId>')))).toEqual([
      'package.ResponseFor.DocumentId: missing, and OrganId, Code and PromulgationDate do not make one',
    ]);
  });

  it('reads the older SOAP wrapping, swapped codes and NFD text; a header without DocumentId is quarantined', () => {
    const soap = `<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ${EDNS}><soap-env:Header>
      <edXML:MessageHeader OriginalBodyRequested="false" ImmediateResponseRequired="false">
        <edXML:From><edXML:OrganId>000.00.00.H06</edXML:OrganId><edXML:OrganName>UBND tỉnh Bắc Kạn</edXML:OrganName></edXML:From>
        <edXML:Code><edXML:CodeNumber>UBND-VX</edXML:CodeNumber><edXML:CodeNotation>45</edXML:CodeNotation></edXML:Code>
        <edXML:PromulgationInfo><edXML:PromulgationDate>2015/04/02</edXML:PromulgationDate></edXML:PromulgationInfo>
        <edXML:Subject>${'Về việc tổ chức Hội nghị'.normalize('NFD')}</edXML:Subject>
        DOCUMENT-ID
      </edXML:MessageHeader></soap-env:Header><soap-env:Body/></soap-env:Envelope>`;
    expect(problemsOf(() => record('old', soap.replace('DOCUMENT-ID', '')))).toEqual(['package.DocumentId: missing (it is required)']);
    expect(record('old', soap.replace('DOCUMENT-ID', '<edXML:DocumentId>000.00.00.H06,2015/04/02,45/UBND-VX</edXML:DocumentId>'))).toMatchObject({
      type: 'DOCUMENT',
      businessDocType: 0,
      codeNumber: '45',
      codeNotation: 'UBND-VX',
      documentId: '000.00.00.H06,2015/04/02,45/UBND-VX',
      subject: 'Về việc tổ chức Hội nghị',
      attachments: [],
    });
    const whole = record('whole', documentXml({ code: '<edXML:CodeNumber>267/VPCP-TTĐT</edXML:CodeNumber><edXML:CodeNotation/>' }));
    expect(whole).toMatchObject({ codeNumber: '267', codeNotation: 'VPCP-TTĐT' });
  });

  it('turns unreadable packages into payloads that map to a MappingError', () => {
    const xml = documentXml();
    const truncated = toPayload('bad-1', xml.slice(0, Math.floor(xml.length * 0.6)));
    expect(truncated).toMatchObject({ packageId: 'bad-1', error: expect.stringMatching(/^not well-formed XML/) });
    expect(problemsOf(() => mapEdxmlPackage(truncated))).toEqual([expect.stringMatching(/^package: not readable as edXML \(not well-formed XML/)]);
    expect(toPayload('bad-2', '<html><body>Bảo trì hệ thống</body></html>')).toMatchObject({ error: expect.stringMatching(/neither a MessageHeader/) });
    expect(() => parseEdxml('<html/>')).toThrow(EdxmlParseError);
    const badBase64 = xml.replace(PDF.toString('base64'), '%%%not-base64%%%');
    expect(toPayload('bad-3', badBase64)).toMatchObject({ error: expect.stringMatching(/attachment 1 \(267-VPCP-TTĐT.pdf\): ContentTransferEncoded is not base64/) });
    expect(problemsOf(() => record('bad-4', documentXml({ date: '2025/13/45' })))).toEqual(['package.PromulgationDate: no such date (month 13)']);
    expect(problemsOf(() => mapEdxmlPackage({ package: {} }))).toEqual(['packageId: missing (it is required)', 'package.kind: not one of the kinds of record this stream carries']);
  });
});
