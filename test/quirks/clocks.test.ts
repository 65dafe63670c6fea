import { beforeAll, describe, expect, it } from 'vitest';
import { upsertConnector } from '../../src/cli/connectors';
import { runStreamChecked } from '../support/integrity';
import { startDvcSimulator } from '../../src/simulators/dvc/server';
import { startMcdtSimulator } from '../../src/simulators/mcdt/server';
import { startQlvbSimulator } from '../../src/simulators/qlvb/server';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * "Changes are never missed, whatever the clocks say": each source system with its
 * clock behind or ahead of the hub's, or stamping records after the end of the hub's
 * window, or committing them late. After each `mutate`, one incremental sync must
 * store every change. The hub's clock is fixed at 23:00 local, where a 2-hour skew
 * crosses midnight (the one-stop-shop's windows are whole days).
 */
const HUB_START = new Date('2026-11-20T23:00:00+07:00').getTime();
const DAY = 86_400;
const CHANGES = 6;

type Control = { action: 'mutate'; count: number; stampOffsetSeconds?: number } | { action: 'advanceClock'; seconds: number };

interface Source {
  url: string;
  control(cmd: Control): unknown;
  close(): Promise<void>;
}

interface System {
  kind: string;
  streams: string[];
  start(clockSkewSeconds: number): Promise<Source>;
  config(url: string): Record<string, unknown>;
}

const SYSTEMS: System[] = [
  {
    kind: 'mcdt',
    streams: ['dossiers'],
    start: (skew) => startMcdtSimulator({ seed: 3, size: 300, apiKey: 'k', now: new Date(HUB_START), clockSkewSeconds: skew }),
    config: (url) => ({ baseUrl: url, apiKey: 'k', startDate: '2024-01-01', windowDays: 92, pageSize: 100 }),
  },
  {
    kind: 'dvc',
    streams: ['dossiers'],
    start: (skew) => startDvcSimulator({ seed: 3, size: 600, username: 'u', password: 'p', now: new Date(HUB_START), clockSkewSeconds: skew }),
    config: (url) => ({ baseUrl: url, username: 'u', password: 'p', agencyCode: '000.00.00.H06', startDate: '2024-01-01', windowDays: 92, pageSize: 100 }),
  },
  {
    kind: 'qlvb',
    streams: ['documents-incoming', 'documents-outgoing'],
    start: (skew) => startQlvbSimulator({ seed: 3, size: 300, mcdtSize: 300, apiKey: 'k', now: new Date(HUB_START), clockSkewSeconds: skew }),
    config: (url) => ({ baseUrl: url, apiKey: 'k', startDate: '2024-01-01', pageSize: 100 }),
  },
];

interface Scenario {
  name: string;
  /** Seconds the source's clock runs ahead of the hub's. */
  skew: number;
  /** Stamps of the changes under test, from the source's clock. */
  stamp: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'the source clock 30 days behind the hub', skew: -30 * DAY, stamp: 0 },
  { name: 'the source clock 2 hours ahead of the hub', skew: 2 * 3600, stamp: 0 },
  { name: 'records stamped after the end of the hub’s window', skew: 0, stamp: 120 },
  { name: 'records committed late, stamped before changes already read', skew: 0, stamp: -600 },
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});

/** Of `keys`, those whose change the runs `runIds` stored (a new version of the record). */
async function found(connectorId: number, keys: string[], runIds: number[]): Promise<string[]> {
  const rows = await db.query<{ source_key: string }>(
    'select source_key from raw.source_record where connector_id = $1 and source_key = any($2::text[]) and changed_run_id = any($3::int8[])',
    [connectorId, keys, runIds],
  );
  return rows.map((r) => r.source_key).sort();
}

describe('changes are never missed, whatever the clocks say', () => {
  for (const system of SYSTEMS) {
    for (const scenario of SCENARIOS) {
      it(`${system.kind}: ${scenario.name}`, async () => {
        const source = await system.start(scenario.skew);
        try {
          const name = `${system.kind}-${scenario.skew}-${scenario.stamp}`;
          const instance = await upsertConnector(db.orm.em.fork(), { name, kind: system.kind, config: system.config(source.url) });
          let hubNow = HUB_START;
          const sync = async () => {
            const ids: number[] = [];
            for (const stream of system.streams) {
              const run = await runStreamChecked({ orm: db.orm, connector: instance, stream, now: () => new Date(hubNow) });
              expect(run.status).toBe('succeeded');
              ids.push(run.runId);
            }
            return ids;
          };
          // Both clocks move on between runs, as they do.
          const tick = () => {
            hubNow += 60_000;
            source.control({ action: 'advanceClock', seconds: 60 });
          };
          await sync();

          if (scenario.stamp < 0) {
            // Changes read first, so the late ones are older than the newest already read.
            tick();
            source.control({ action: 'mutate', count: 2 });
            await sync();
          }
          tick();
          const made = (source.control({ action: 'mutate', count: CHANGES, stampOffsetSeconds: scenario.stamp }) as { mutated: string[] }).mutated;
          expect(made).toHaveLength(CHANGES);
          expect(await found(instance.id, made, await sync())).toEqual([...made].sort());

          // And the run after that still finds plain changes: the start of the next window was not carried past them.
          tick();
          const next = (source.control({ action: 'mutate', count: CHANGES }) as { mutated: string[] }).mutated;
          expect(await found(instance.id, next, await sync())).toEqual([...next].sort());
        } finally {
          await source.close();
        }
      });
    }
  }
});
