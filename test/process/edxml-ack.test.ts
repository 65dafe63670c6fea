import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSync } from '../../jobs/queue';
import { upsertConnector } from '../../src/cli/connectors';
import { startQlvbSimulator, type QlvbSimulator } from '../../src/simulators/qlvb/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix } from '../support/redis';
import { exitOf, startWorkerProcess } from '../support/worker-process';

let sim: QlvbSimulator;
let db: TestDatabase;
let proxy: Server;
let holdAcks = true;
let onFirstAck: () => void = () => undefined;

/** A pass-through proxy to the simulator that can hold acknowledgements unanswered. */
function startProxy(target: string): Promise<string> {
  const upstream = new URL(target);
  proxy = createServer((req, res) => {
    if (holdAcks && req.url?.endsWith('/da-nhan')) {
      onFirstAck();
      return; // never answered: the worker is waiting here, after its commit
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(forward);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  sim = await startQlvbSimulator({ seed: 12, size: 400, apiKey: 'k', mcdtSize: 300 });
  db = await createTestDatabase();
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await sim?.close();
});

describe('edXML acknowledgement', () => {
  it('a worker killed after storing packages but before acknowledging them: redelivery creates no second record', async () => {
    const pending = async () => ((await (await fetch(`${sim.url}/edxml/cho-nhan?top=100`, { headers: { 'X-API-Key': 'k' } })).json()) as { ids: string[] }).ids;
    const before = await pending();
    expect(before.length).toBeGreaterThan(5);
    const url = await startProxy(sim.url);
    await upsertConnector(db.orm.em.fork(), { name: 'qlvb', kind: 'qlvb', config: { baseUrl: url, apiKey: 'k', startDate: '2024-01-01', packageBatch: 100, timeoutMs: 60_000 } });
    const prefix = createQueuePrefix();
    const hub = createTestQueue(db.orm, prefix, { worker: false });
    const env = { databaseUrl: db.url, prefix, extra: { JOB_LOCK_MS: '1500' } };

    const firstAck = new Promise<void>((r) => (onFirstAck = r));
    const worker = startWorkerProcess(env);
    await enqueueSync(hub.queue, { connector: 'qlvb', stream: 'edxml' });
    await firstAck;
    // The batch is committed (acknowledgement only follows a commit) and nothing is acknowledged yet.
    const [stored] = await db.query<{ n: number }>('select count(*)::int as n from hub.edxml_package');
    expect(stored!.n).toBe(before.length);
    worker.kill('SIGKILL');
    expect(await exitOf(worker)).toBeNull();
    expect((await pending()).sort()).toEqual([...before].sort());

    // A new worker takes the job over; the source serves the same packages again.
    holdAcks = false;
    const next = startWorkerProcess(env);
    const until = Date.now() + 30_000;
    while ((await pending()).length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await pending()).toEqual([]);
    next.kill('SIGTERM');
    expect(await exitOf(next)).toBe(0);

    const [after] = await db.query<{ packages: number; records: number; versions: number }>(
      `select (select count(*)::int from hub.edxml_package) as packages, (select count(*)::int from raw.source_record where stream = 'edxml') as records,
              (select count(*)::int from raw.source_record_version v join raw.source_record r on r.id = v.record_id where r.stream = 'edxml') as versions`,
    );
    expect(after).toEqual({ packages: before.length, records: before.length, versions: before.length });
  });
});
