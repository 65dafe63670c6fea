import { beforeAll, describe, expect, it } from 'vitest';
import type { AgencyRecord } from '../../src/model/records';
import { inOpenTransaction } from '../../src/store/copy';
import { withPgClient } from '../../src/store/pg';
import { agencySpec } from '../../src/store/writers/agency.writer';
import { procedureSpec } from '../../src/store/writers/procedure.writer';
import { bulkUpsert } from '../../src/store/writers/bulk-upsert';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * The staging tables of the COPY path (src/store/copy.ts) on one pooled session: a batch
 * whose transaction rolled back took the table it created with it, and the next batch
 * must create it again (also after a commit that staged another table only); after a
 * commit the table is reused; values that COPY text has to
 * escape arrive as they were sent; a client outside a transaction still merges.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});

const agency = (code: string, name: string): AgencyRecord => ({ code, name, parentCode: null, level: 1, validFrom: '2024-01-01', validTo: null, successorCode: null });
const meta = { sourceSystem: 'test', runId: 1 };
const names = async () => (await db.query<{ code: string; name: string }>(`select code, name from hub.agency where code like 'S-%' order by code`)).map((r) => `${r.code}=${r.name}`);

describe('staging tables for COPY + merge', () => {
  it('survive neither a rollback nor fool the next batch, and carry tabs, newlines and backslashes', async () => {
    const tricky = 'tab\there, new\nline, back\\slash, \\N, quote "q"';
    // One client throughout: every batch below runs on the same session.
    await withPgClient(db.orm, async (c) => {
      await expect(
        inOpenTransaction(c, async () => {
          await bulkUpsert(c, agencySpec, [agency('S-1', 'rolled back')], meta);
          throw new Error('the batch fails after its merge');
        }),
      ).rejects.toThrow('the batch fails');
      // A committed batch that staged another table only: the rolled-back table is still not taken for granted.
      expect((await bulkUpsert(c, procedureSpec, [{ code: 'S-P', nationalCode: null, name: 'p', fieldCode: null, fieldName: null, serviceLevel: 2, processingTime: 3, processingTimeUnit: 'DAYS', hasFee: false }], meta)).inserted).toBe(1);
      // The table went with the rollback: created again, then (committed) reused.
      for (let i = 2; i <= 4; i++) expect((await bulkUpsert(c, agencySpec, [agency(`S-${i}`, i === 3 ? tricky : `agency ${i}`)], meta)).inserted).toBe(1);
      expect(await names()).toEqual(['S-2=agency 2', `S-3=${tricky}`, 'S-4=agency 4']);
      // Two batches in one transaction: the second sees none of the first's staged rows.
      const [a, b] = await inOpenTransaction(c, async () => [
        await bulkUpsert(c, agencySpec, [agency('S-4', 'renamed')], meta),
        await bulkUpsert(c, agencySpec, [agency('S-5', 'agency 5')], meta),
      ]);
      expect([a.updated, a.inserted, b.updated, b.inserted]).toEqual([1, 0, 0, 1]);
    });
    expect(await names()).toEqual(['S-2=agency 2', `S-3=${tricky}`, 'S-4=renamed', 'S-5=agency 5']);
  });
});
