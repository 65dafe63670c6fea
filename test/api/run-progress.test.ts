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
