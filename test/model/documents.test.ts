import { describe, expect, it } from 'vitest';
import type { DocumentRecord, EdxmlPackageRecord } from '../../src/model/records';
import { inTransaction } from '../../src/store/pg';
import { WRITERS } from '../../src/store/writers';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { expectIntegrity } from '../support/integrity';

/** One document per edXML DocumentId, whichever of the registers and the exchange brought it first. */
const entry = (sourceId: string, register: DocumentRecord['register'], documentId: string | null, o: Partial<DocumentRecord> = {}): DocumentRecord => ({
  sourceId, register, arrivalNumber: register === 'INCOMING' ? 1 : null, arrivalDate: null, numberSymbolRaw: `${sourceId}/UBND-VP`, number: sourceId, symbol: 'UBND-VP',
  issuedDate: '2025-03-01', documentType: 'Công văn', subject: `Về việc ${sourceId}`, issuer: { code: '000.00.00.H06', name: 'UBND tỉnh' }, signer: 'Lê Văn B',
  signerTitle: null, urgency: 0, securityLevel: 0, deadline: null, state: 'IN_PROGRESS', handlingUnits: [], edxmlDocumentId: documentId,
  sourceUpdatedAt: new Date('2025-03-02T01:00:00Z'), ...o,
});
const pkg = (packageId: string, businessDocType: number, documentId: string, target: string | null, o: Partial<EdxmlPackageRecord> = {}): EdxmlPackageRecord => ({
  packageId, type: 'DOCUMENT', documentId, businessDocType, targetDocumentId: target, fromOrganId: '000.00.00.G14', fromOrganName: 'Văn phòng Chính phủ',
  codeNumber: packageId, codeNotation: 'VPCP-KGVX', promulgationDate: '2025-03-01', documentType: 'Công văn', subject: `Gói ${packageId}`, signer: 'Trần C',
  priority: 0, statusCode: null, statusAt: null, attachments: [], ...o,
});

const ENTRIES = [
  // D1 is in both registers: one document.
  entry('in-1', 'INCOMING', 'D1'),
  entry('out-1', 'OUTGOING', 'D1'),
  // No DocumentId: a document of its own.
  entry('in-2', 'INCOMING', null),
  entry('in-4', 'INCOMING', 'D4'),
  entry('out-5', 'OUTGOING', 'D5'),
  entry('in-6', 'INCOMING', 'D6', { subject: 'Bản gốc' }),
];
const PACKAGES = [
  pkg('p1', 0, 'D1', null),
  // Known only from the exchange: a document too.
  pkg('p3', 0, 'D3', null),
  pkg('p4', 1, 'D4', 'D4'),
  pkg('p5', 3, 'D5b', 'D5'),
  pkg('p6', 2, 'D6', 'D6', { subject: 'Bản sửa đổi' }),
];
const EXPECTED = [
  'D1|OUTGOING|IN_PROGRESS|Về việc out-1',
  'D3|EXCHANGE|WAITING_ASSIGNMENT|Gói p3',
  'D4|INCOMING|REVOKED|Về việc in-4',
  'D5|OUTGOING|REPLACED|Về việc out-5',
  'D5b|EXCHANGE|WAITING_ASSIGNMENT|Gói p5',
  'D6|INCOMING|IN_PROGRESS|Bản sửa đổi',
  'qlvb:in-2|INCOMING|IN_PROGRESS|Về việc in-2',
];

async function write(db: TestDatabase, order: ('registers' | 'edxml')[]) {
  let run = 1;
  for (const part of order) {
    await inTransaction(db.orm, (c) =>
      part === 'registers'
        ? WRITERS.document(c, ENTRIES, { sourceSystem: 'qlvb', runId: run++ })
        : WRITERS.edxmlPackage(c, PACKAGES, { sourceSystem: 'qlvb', runId: run++ }),
    );
  }
}

describe('documents are documents, not register rows', () => {
  it.each([[['registers', 'edxml']], [['edxml', 'registers']]] as const)('one document per DocumentId; revoke, replace and update apply in the order %j', async (order) => {
    const db = await createTestDatabase();
    await write(db, [...order]);
    const docs = await db.query<{ row: string }>(`select document_key || '|' || register || '|' || state || '|' || subject as row from hub.document order by document_key`);
    expect(docs.map((d) => d.row)).toEqual(EXPECTED);
    await expectIntegrity(db.orm);
  });

  it('a document whose register rows are all gone is gone, unless the exchange brought it', async () => {
    const db = await createTestDatabase();
    await write(db, ['registers', 'edxml']);
    const { markUnifiedGone } = await import('../../src/store/gone');
    await inTransaction(db.orm, (c) => markUnifiedGone(c, 'document', { sourceSystem: 'qlvb', stream: 'documents-incoming', runId: 9 }, ['in-2', 'in-1', 'in-4']));
    const rows = await db.query<{ document_key: string; gone: boolean; register: string }>(`select document_key, gone_at is not null as gone, register from hub.document where document_key in ('qlvb:in-2', 'D1', 'D4') order by 1`);
    // D1 still has its outgoing row; D4 was brought by no package of type 0/2/3 (only revoked), so it goes with its row.
    expect(rows).toEqual([
      { document_key: 'D1', gone: false, register: 'OUTGOING' },
      { document_key: 'D4', gone: true, register: 'INCOMING' },
      { document_key: 'qlvb:in-2', gone: true, register: 'INCOMING' },
    ]);
  });
});
