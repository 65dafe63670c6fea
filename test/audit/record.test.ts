import { beforeAll, describe, expect, it } from 'vitest';
import { cliActor, recordAudit } from '../../src/audit/record';
import { AuditEvent } from '../../src/entities';
import { inTransaction, withPgClient } from '../../src/store/pg';
import { verifyAudit } from '../../src/audit/verify';
import { latestCheckpoint, writeCheckpoint } from '../../src/audit/checkpoint';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});

describe('the audit log', () => {
  it('appends an entry in the caller’s transaction, from a pg client or an entity manager', async () => {
    const actor = cliActor();
    const first = await inTransaction(db.orm, (client) =>
      recordAudit(client, { action: 'connector.update', actor, target: { type: 'connector', id: 'mcdt-demo' }, before: { schedule: null }, after: { schedule: '0 7 * * *' } }),
    );
    const second = await db.orm.em.fork().transactional((em) => recordAudit(em, { action: 'sync.trigger', actor, target: { type: 'connector', id: 'mcdt-demo' }, details: { streams: ['dossiers'] } }));
    expect(second).toBeGreaterThan(first);
    const rows = await db.orm.em.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.action, r.actorType, r.targetId, r.after, r.details])).toEqual([
      ['connector.update', 'cli', 'mcdt-demo', { schedule: '0 7 * * *' }, {}],
      ['sync.trigger', 'cli', 'mcdt-demo', null, { streams: ['dossiers'] }],
    ]);
  });

  it('chains concurrent appends into one line: no two entries claim the same predecessor', async () => {
    const actor = cliActor();
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2
          ? inTransaction(db.orm, (client) => recordAudit(client, { action: 'test.parallel', actor, details: { i } }))
          : db.orm.em.fork().transactional((em) => recordAudit(em, { action: 'test.parallel', actor, details: { i } })),
      ),
    );
    const report = await withPgClient(db.orm, (client) => verifyAudit(client));
    expect(report.findings).toEqual([]);
    const rows = await db.query<{ seq: string; prev_hash: string; hash: string }>('select seq::text as seq, prev_hash, hash from ops.audit_event order by audit_event.seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    // The head is the highest entry by number, not by text ("26" > "9").
    const checkpoint = await withPgClient(db.orm, (client) => writeCheckpoint(client));
    expect(checkpoint).toMatchObject({ seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash });
    expect(await withPgClient(db.orm, (client) => latestCheckpoint(client))).toEqual(checkpoint);
  });

  it('writes nothing when the action’s transaction rolls back', async () => {
    const before = await db.query<{ n: number }>('select count(*)::int as n from ops.audit_event');
    await expect(
      inTransaction(db.orm, async (client) => {
        await recordAudit(client, { action: 'run.cancel', actor: cliActor(), target: { type: 'run', id: '1' } });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await db.query<{ n: number }>('select count(*)::int as n from ops.audit_event')).toEqual(before);
  });
});

describe('Merkle leaves', () => {
  it('are the canonical JSON of {record, version, hash}', async () => {
    const { leafJson } = await import('../../src/audit/merkle');
    const { canonicalJson } = await import('../../src/audit/canonical');
    for (const leaf of [{ record: '42', version: 3, hash: 'abc-_"\\' }, { record: '1', version: 1, hash: 'AbC' }]) expect(leafJson(leaf)).toBe(canonicalJson(leaf));
  });
});
