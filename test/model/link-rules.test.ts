import { describe, expect, it } from 'vitest';
import type { DossierRecord, PortalDossierRecord } from '../../src/model/records';
import { inTransaction } from '../../src/store/pg';
import { WRITERS } from '../../src/store/writers';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { expectIntegrity } from '../support/integrity';

/**
 * The link rules on hand-built copies (domain.md B7, A3.3), each case chosen so that only
 * one rule can join it, written in both orders.
 */
const at = (s: string) => new Date(`${s}+07:00`);
const dossier = (code: string, o: Partial<DossierRecord> = {}): DossierRecord => ({
  code, otherCode: null, agencyCode: '000.00.01.H06', agencyName: 'Sở', procedureCode: '1.000001.000.00.00.H06', nationalProcedureCode: '1.000001',
  procedureName: 'Thủ tục', fieldCode: null, fieldName: null, channel: 'ONLINE', serviceLevel: 4, applicantType: null, applicantName: 'Nguyễn Văn A',
  applicantIdType: null, applicantIdNumber: '001234567890', applicantPhone: null, applicantEmail: null, applicantAddress: null, summary: null,
  submittedAt: at('2025-03-01T08:00:00'), receivedAt: at('2025-03-01T09:00:00'), dueAt: null, finishedAt: null, returnedAt: null, refusedAt: null, refusalReason: null,
  status: 4, supplements: [], hasDigitisedComponents: null, resultDigitised: null, resultDocumentNumber: null, resultSignedAt: null,
  sourceUpdatedAt: at('2025-03-02T08:00:00'), events: [], ...o,
});
const copy = (portalCode: string, o: Partial<PortalDossierRecord> = {}): PortalDossierRecord => ({
  portalCode, code: null, nationalProcedureCode: '1.000001', serviceCode: null, agencyCode: '000.00.01.H06', channel: 'ONLINE', applicantName: 'Nguyễn Văn A',
  applicantIds: [{ type: 1, number: '000000000', dummy: true }], submittedAt: at('2025-03-01T08:00:00'), receivedAt: null, dueAt: null, returnedAt: null,
  status: 2, onlinePayment: 1, vneidVerified: true, sourceUpdatedAt: at('2025-03-02T08:00:00'), ...o,
});

const DOSSIERS = [
  // Born on the national portal: kept in the one-stop-shop under the portal's MaHoSoQG.
  dossier('G-QG-0001'),
  dossier('G-0002', { otherCode: 'G-QG-0002' }),
  dossier('G-0003'),
  dossier('G-0004', { agencyCode: '000.00.02.H06', receivedAt: at('2025-03-04T10:15:20'), applicantIdNumber: '001234567894' }),
  // Both SAME_CODE (G-0006) and NATIONAL_CODE (G-QG-0006) could join copy G-QG-0006: the first rule wins.
  dossier('G-0006', { receivedAt: at('2025-03-06T09:00:00') }),
  dossier('G-QG-0006', { receivedAt: at('2025-03-06T11:00:00') }),
];
const COPIES = [
  // No MaHoSo, not accepted, a dummy id: only its national code joins it (lost before).
  copy('G-QG-0001'),
  copy('G-QG-0002', { code: 'X-9' }),
  copy('G-QG-0003', { code: 'G-0003' }),
  copy('G-QG-0004', { agencyCode: '000.00.02.H06', receivedAt: at('2025-03-04T10:15:00'), applicantIds: [{ type: 1, number: '001234567894', dummy: false }] }),
  copy('G-QG-0005', { code: 'G-0005' }),
  copy('G-QG-0006', { code: 'G-0006' }),
];
const EXPECTED = [
  'G-QG-0001>G-QG-0001:NATIONAL_CODE:mcdt',
  'G-QG-0002>G-0002:OTHER_CODE:mcdt',
  'G-QG-0003>G-0003:SAME_CODE:mcdt',
  'G-QG-0004>G-0004:FALLBACK_TUPLE:mcdt',
  'G-QG-0005>G-0005:PORTAL_ONLY:dvc',
  'G-QG-0006>G-0006:SAME_CODE:mcdt',
];

async function write(db: TestDatabase, order: ('mcdt' | 'dvc')[]) {
  let run = 1;
  for (const system of order) {
    await inTransaction(db.orm, (c) =>
      system === 'mcdt'
        ? WRITERS.dossier(c, DOSSIERS, { sourceSystem: 'mcdt', runId: run++ })
        : WRITERS.portalDossier(c, COPIES, { sourceSystem: 'dvc', runId: run++ }),
    );
  }
}

const links = async (db: TestDatabase) =>
  (
    await db.query<{ key: string; code: string; rule: string; source_system: string }>(
      `select l.source_key as key, d.code, l.rule, d.source_system from hub.dossier_link l join hub.dossier d on d.id = l.dossier_id order by 1`,
    )
  ).map((l) => `${l.key}>${l.code}:${l.rule}:${l.source_system}`);

describe('link rules: SAME_CODE, OTHER_CODE, NATIONAL_CODE, FALLBACK_TUPLE, in that order', () => {
  it.each([[['mcdt', 'dvc']], [['dvc', 'mcdt']]] as const)('links every copy by its rule, none lost, in the order %j', async (order) => {
    const db = await createTestDatabase();
    await write(db, [...order]);
    expect(await links(db)).toEqual(EXPECTED);
    const [n] = await db.query<{ dossiers: number; portal_only: number }>(`select count(*)::int as dossiers, count(*) filter (where source_system = 'dvc')::int as portal_only from hub.dossier`);
    expect(n).toEqual({ dossiers: 7, portal_only: 1 });
    const [born] = await db.query<{ origin: string; online_payment: number }>(`select origin, online_payment from hub.dossier where code = 'G-QG-0001'`);
    expect(born).toEqual({ origin: 'mcdt+dvc', online_payment: 1 });
    await expectIntegrity(db.orm);
  });
});
