import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiServer } from '../../src/api/server';
import { createConnector, triggerSync } from '../../src/control';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { authHeaders, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix } from '../support/redis';

let db: TestDatabase;
let sim: McdtSimulator;
let api: ApiServer;
let hub: ReturnType<typeof createTestQueue>;

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 4, size: 600, apiKey: 'k' });
  hub = createTestQueue(db.orm, createQueuePrefix());
  api = await startTestApi(db.orm, {}, { queue: hub.queue });
  await createConnector({ em: db.orm.em.fork(), actor: { type: 'system', id: null, name: 'test', role: null } }, { name: 'mcdt', kind: 'mcdt', config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 20 } });
});

afterAll(async () => {
  await api?.close();
  await sim?.close();
});

const wsUrl = () => api.url.replace(/^http/, 'ws');

interface Seen { status: string; fraction: number; read: number }

/** Subscribes to runProgress and collects every event until the server completes it (or an error). */
function follow(runId: number, authorization: string | null): Promise<{ events: Seen[]; error: unknown }> {
  const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, connectionParams: authorization ? { Authorization: authorization } : {}, retryAttempts: 0, lazy: true });
  const events: Seen[] = [];
  let refused: unknown = null;
  return new Promise((resolve) => {
    const done = (error: unknown) => {
      void client.dispose();
      resolve({ events, error: error ?? refused });
    };
    client.subscribe<{ runProgress: { status: string; progress: { fraction: number; read: number } } }>(
      { query: `subscription($id: Int!) { runProgress(runId: $id) { status progress { fraction read } } }`, variables: { id: runId } },
      {
        next: (v) => {
          if (v.errors) refused = v.errors;
          if (v.data) events.push({ status: v.data.runProgress.status, fraction: v.data.runProgress.progress.fraction, read: v.data.runProgress.progress.read });
        },
        error: (e) => done(e),
        complete: () => done(null),
      },
    );
  });
}

describe('runProgress subscription (graphql-ws on the /graphql port)', () => {
  it('streams a run\'s progress until it ends, to an operator key', async () => {
    const { authorization } = await authHeaders(db.orm, 'operator');
    sim.control({ action: 'faults', set: { slowMs: 40 } });
    try {
      const run = await triggerSync({ em: db.orm.em.fork(), actor: { type: 'cli', id: 't', name: 't', role: null }, queue: hub.queue }, 'mcdt', { streams: ['dossiers'] });
      const { events, error } = await follow(run.id, authorization!);
      expect(error).toBeNull();
      expect(events.length).toBeGreaterThan(1);
      expect(events.at(-1)).toMatchObject({ status: 'succeeded', fraction: 1 });
      expect(events.at(-1)!.read).toBeGreaterThanOrEqual(600);
      // Counts only grow along the way.
      for (let i = 1; i < events.length; i++) expect(events[i]!.read).toBeGreaterThanOrEqual(events[i - 1]!.read);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
    }
  });

  it('personal data in a run follows the field policy: masked without pii:read, in clear with it and then recorded as read', async () => {
    // A failed run whose error quotes an applicant (a source's message can).
    const [inserted] = await db.query<{ id: number }>(
      `insert into ops.connector_run (connector_id, connector_name, trigger, actor, streams, "full", status, requested_at, finished_at)
       select id, name, 'cli', '{"type":"cli","id":"t","name":"t","role":null}'::jsonb, array['dossiers'], false, 'failed', now(), now() from ops.connector where name = 'mcdt' returning id`,
    );
    const id = inserted!.id;
    const quoted = 'hồ sơ của ông Nguyễn Văn An (0912345678, an.nguyen@example.vn) bị từ chối';
    await db.query(`insert into ops.connector_run_stream (connector_run_id, stream, position, status, error_class, error_message, finished_at) values ($1, 'dossiers', 1, 'failed', 'MappingError', $2, now())`, [id, quoted]);
    const errorOf = async (authorization: string) => {
      const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, connectionParams: { Authorization: authorization }, retryAttempts: 0, lazy: true });
      try {
        const seen: unknown[] = [];
        for await (const event of client.iterate<{ runProgress: { streamRuns: { errorMessage: string | null }[]; error: { message: string | null } | null } }>({
          query: `subscription Follow($id: Int!) { runProgress(runId: $id) { streamRuns { errorMessage } error { message } } }`,
          variables: { id },
        })) {
          seen.push(event.errors ?? event.data!.runProgress);
        }
        return seen;
      } finally {
        await client.dispose();
      }
    };
    const reads = () => db.query<{ n: number }>(`select count(*)::int as n from ops.pii_read where operation_name = 'Follow'`);
    const masked = await errorOf((await authHeaders(db.orm, 'operator')).authorization!);
    expect(masked).toEqual([{ streamRuns: [{ errorMessage: 'hồ sơ của ông N. V. A. (***, a***@example.vn) bị từ chối' }], error: { message: 'hồ sơ của ông N. V. A. (***, a***@example.vn) bị từ chối' } }]);
    expect((await reads())[0]!.n).toBe(0);
    const clear = await errorOf((await authHeaders(db.orm, 'operator', { pii: true })).authorization!);
    expect(clear).toEqual([{ streamRuns: [{ errorMessage: quoted }], error: { message: quoted } }]);
    expect((await reads())[0]!.n).toBe(1);
    const audit = await db.query<{ n: number }>(`select count(*)::int as n from ops.audit_event where action = 'pii.read'`);
    expect(audit[0]!.n).toBe(1);
  });

  it('refuses a viewer key with FORBIDDEN, an unknown run naming the field, and a connection without a key', async () => {
    const viewer = (await authHeaders(db.orm, 'viewer')).authorization!;
    const refused = await follow(1, viewer);
    expect(JSON.stringify(refused.error)).toMatch(/FORBIDDEN/);
    const operator = (await authHeaders(db.orm, 'operator')).authorization!;
    const unknown = await follow(999_999, operator);
    expect(JSON.stringify(unknown.error)).toMatch(/"field":"runId"/);
    const anonymous = await follow(1, null);
    expect(anonymous.events).toEqual([]);
    expect(anonymous.error).toBeTruthy();
  });
});
