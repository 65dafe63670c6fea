import { describe, expect, it } from 'vitest';
import { upsertConnector } from '../../src/cli/connectors';
import { runStreamChecked } from '../support/integrity';
import { type QlvbFaults, startQlvbSimulator } from '../../src/simulators/qlvb/server';
import { createTestDatabase } from '../support/db';

async function qlvbFixture(faults: Partial<QlvbFaults> = {}, size = 600) {
  const db = await createTestDatabase();
  const sim = await startQlvbSimulator({ seed: 8, size, apiKey: 'k', mcdtSize: 500 });
  sim.control({ action: 'faults', set: faults });
  const instance = await upsertConnector(db.orm.em.fork(), { name: 'qlvb', kind: 'qlvb', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, packageBatch: 20 } });
  const sync = (stream: string) => runStreamChecked({ orm: db.orm, connector: instance, stream });
  const pending = async () => ((await (await fetch(`${sim.url}/edxml/cho-nhan?top=100`, { headers: { 'X-API-Key': 'k' } })).json()) as { ids: string[] }).ids;
  return { db, sim, sync, pending };
}

/** The document system's rows of the contract's quirk table, end to end into the store. */
describe('QLVB quirks', () => {
  it('syncs both registers, keeping confidential documents as a placeholder', async () => {
    const f = await qlvbFixture();
    try {
      expect((await f.sync('documents-incoming')).status).toBe('succeeded');
      expect((await f.sync('documents-outgoing')).status).toBe('succeeded');
      const [n] = await f.db.query<{ total: number; incoming: number; secret: number; secret_with_text: number }>(
        `select count(*)::int as total, count(*) filter (where register = 'INCOMING')::int as incoming,
                count(*) filter (where security_level > 0)::int as secret,
                count(*) filter (where security_level > 0 and subject <> '(Văn bản mật)')::int as secret_with_text from hub.document`,
      );
      expect(n!.total).toBe(600);
      expect(n!.incoming).toBeGreaterThan(0);
      expect(n!.secret).toBeGreaterThan(0);
      expect(n!.secret_with_text).toBe(0);
    } finally {
      await f.sim.close();
    }
  });

  it('edXML: packages are stored, then acknowledged; the pending list empties', async () => {
    const f = await qlvbFixture();
    try {
      const before = await f.pending();
      expect(before.length).toBeGreaterThan(10);
      const run = await f.sync('edxml');
      expect(run.status).toBe('succeeded');
      expect(await f.pending()).toEqual([]);
      const [stored] = await f.db.query<{ n: number }>('select count(*)::int as n from hub.edxml_package');
      expect(stored!.n).toBe(before.length);
    } finally {
      await f.sim.close();
    }
  });

  it('revoke / replace: the earlier document is marked, and its history kept', async () => {
    const f = await qlvbFixture();
    try {
      await f.sync('documents-incoming');
      await f.sync('documents-outgoing');
      await f.sync('edxml');
      f.sim.control({ action: 'pushPackages', count: 3, kind: 'revoke' });
      f.sim.control({ action: 'pushPackages', count: 2, kind: 'replace' });
      await f.sync('edxml');
      const targets = await f.db.query<{ target: string; kind: number }>(`select target_document_id as target, business_doc_type as kind from hub.edxml_package where business_doc_type in (1, 3)`);
      expect(targets.filter((t) => t.kind === 1).length).toBeGreaterThanOrEqual(3);
      expect(targets.filter((t) => t.kind === 3).length).toBeGreaterThanOrEqual(2);
      const docs = await f.db.query<{ edxml_document_id: string; state: string; id: number }>(`select id, edxml_document_id, state from hub.document where edxml_document_id = any($1::text[])`, [targets.map((t) => t.target)]);
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) {
        const kinds = targets.filter((t) => t.target === d.edxml_document_id).map((t) => t.kind);
        expect(d.state).toBe(kinds.includes(1) ? 'REVOKED' : 'REPLACED');
      }
      // The package history stays: every revoke/replace is a row, and the document's earlier source version is kept.
      const [versions] = await f.db.query<{ n: number }>(`select count(*)::int as n from raw.source_record r join hub.document d on d.source_id = r.source_key where d.id = $1`, [docs[0]!.id]);
      expect(versions!.n).toBe(1);
    } finally {
      await f.sim.close();
    }
  });

  it('status packages become document events', async () => {
    const f = await qlvbFixture();
    try {
      f.sim.control({ action: 'pushPackages', count: 5, kind: 'status' });
      await f.sync('edxml');
      const statuses = await f.db.query<{ status_code: string; status_at: Date | null; target: string | null }>(`select status_code, status_at, target_document_id as target from hub.edxml_package where type = 'STATUS'`);
      expect(statuses.length).toBeGreaterThanOrEqual(5);
      for (const s of statuses) {
        expect(s.status_code).toMatch(/^(01|02|03|04|05|06|13|15|16)$/);
        expect(s.status_at).not.toBeNull();
        expect(s.target).toBeTruthy();
      }
    } finally {
      await f.sim.close();
    }
  });

  it('a malformed package is quarantined and acknowledged, and the rest go through', async () => {
    const f = await qlvbFixture({ badRecordRate: 0.2 });
    try {
      const before = await f.pending();
      const run = await f.sync('edxml');
      expect(run.status).toBe('partial');
      expect(await f.pending()).toEqual([]);
      const [q] = await f.db.query<{ n: number }>(`select count(*)::int as n from ops.quarantine where stream = 'edxml'`);
      const [stored] = await f.db.query<{ n: number }>('select count(*)::int as n from hub.edxml_package');
      expect(q!.n).toBe(run.failed);
      expect(stored!.n + q!.n).toBe(before.length);
    } finally {
      await f.sim.close();
    }
  });

  it('legacy encoding and unicode in documents: stored NFC and converted, flagged in lineage', async () => {
    const f = await qlvbFixture({ tcvn3Rate: 0.5, nfdRate: 0.3 });
    try {
      await f.sync('documents-incoming');
      await f.sync('documents-outgoing');
      const [flags] = await f.db.query<{ tcvn3: number; nfd: number }>(
        `select count(*) filter (where 'tcvn3' = any(flags))::int as tcvn3, count(*) filter (where 'nfd' = any(flags))::int as nfd from raw.source_record`,
      );
      expect(flags!.tcvn3).toBeGreaterThan(0);
      expect(flags!.nfd).toBeGreaterThan(0);
      const [bad] = await f.db.query<{ n: number }>(`select count(*)::int as n from hub.document where subject ~ '[×¾¹µ®©ª«¬]' or subject <> normalize(subject, NFC)`);
      expect(bad!.n).toBe(0);
    } finally {
      await f.sim.close();
    }
  });
});
