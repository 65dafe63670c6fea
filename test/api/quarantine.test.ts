import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { authHeaders, startTestApi } from '../support/api';
import { mcdtFixture, type McdtFixture } from '../support/mcdt-fixture';

let f: McdtFixture;
let api: ApiServer;
let headers: Record<string, string>;

beforeAll(async () => {
  f = await mcdtFixture({ faults: { badRecordRate: 0.05 } });
  api = await startTestApi(f.db.orm);
  headers = await authHeaders(f.db.orm, 'operator');
});

afterAll(async () => {
  await api?.close();
  await f?.close();
});

describe('quarantine in GraphQL', () => {
  it('shows each malformed record with its run, stream, key and reasons, without the personal data in its payload', async () => {
    const run = await f.sync('dossiers');
    expect(run.status).toBe('partial');
    const res = await fetch(api.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `query($run: Int) { quarantine(first: 100, filter: { runId: $run }) { totalCount edges { node { runId stream sourceKey reason payloadFields } } } }`, variables: { run: run.runId } }),
    });
    const { data } = (await res.json()) as { data: { quarantine: { totalCount: number; edges: { node: any }[] } } };
    expect(data.quarantine.totalCount).toBe(run.failed);
    expect(data.quarantine.edges).toHaveLength(run.failed);
    const ids = (await f.db.query<{ id: string }>(`select payload->>'SoGiayToChuHoSo' as id from ops.quarantine where payload->>'SoGiayToChuHoSo' is not null`)).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const { node } of data.quarantine.edges) {
      expect(node).toMatchObject({ runId: run.runId, stream: 'dossiers' });
      expect(node.reason).toMatch(/TrangThaiHoSo|NgayNopHoSo|MaHoSo|no source key/);
      expect(node.payloadFields).toContain('ChuHoSo');
      for (const id of ids) expect(JSON.stringify(node)).not.toContain(id);
    }
    const { data: syncRuns } = (await (
      await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query: '{ syncRuns { edges { node { status failedCount } } } }' }) })
    ).json()) as { data: { syncRuns: { edges: { node: { status: string; failedCount: number } }[] } } };
    expect(syncRuns.syncRuns.edges[0]!.node).toEqual({ status: 'PARTIAL', failedCount: run.failed });
  });
});
