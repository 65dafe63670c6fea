import { beforeAll, describe, expect, it } from 'vitest';
import { cliActor, recordAudit } from '../../src/audit/record';
import { AuditEvent } from '../../src/entities';
import { inTransaction } from '../../src/store/pg';
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
