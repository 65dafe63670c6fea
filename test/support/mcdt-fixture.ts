import { upsertConnector } from '../../src/cli/connectors';
import type { RunSummary } from '../../src/engine/run-stream';
import { runStreamChecked } from './integrity';
import { startMcdtSimulator, type McdtFaults, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { createTestDatabase, type TestDatabase } from './db';

export interface McdtFixture {
  db: TestDatabase;
  sim: McdtSimulator;
  connectorId: number;
  /** Runs one stream through the real engine (connector over HTTP → store). */
  sync(stream: string, opts?: { full?: boolean }): Promise<RunSummary>;
  /** Every dossier the simulator serves now, read with faults off. */
  truth(): Promise<{ MaHoSo: string; ChuHoSo: string | null }[]>;
  close(): Promise<void>;
}

/** A fresh database, an MCĐT simulator and a registered connector, for one test. */
export async function mcdtFixture(opts: { size?: number; seed?: number; faults?: Partial<McdtFaults>; config?: Record<string, unknown> } = {}): Promise<McdtFixture> {
  const db = await createTestDatabase();
  const sim = await startMcdtSimulator({ seed: opts.seed ?? 7, size: opts.size ?? 300, apiKey: 'k' });
  if (opts.faults) sim.control({ action: 'faults', set: opts.faults });
  const instance = await upsertConnector(db.orm.em.fork(), {
    name: 'mcdt',
    kind: 'mcdt',
    config: { baseUrl: sim.url, apiKey: 'k', startDate: '2024-01-01', pageSize: 50, windowDays: 92, ...opts.config },
  });
  const ref = { id: instance.id, name: instance.name, kind: instance.kind, config: instance.config };
  return {
    db,
    sim,
    connectorId: instance.id,
    sync: (stream, o) => runStreamChecked({ orm: db.orm, connector: ref, stream, full: o?.full }),
    async truth() {
      const saved = (sim.control({ action: 'faults', set: {} }) as { faults: McdtFaults }).faults;
      sim.control({ action: 'faults', set: { nfdRate: 0, tcvn3Rate: 0, pageDrift: 0, duplicateRate: 0, badRecordRate: 0, errorRate: 0, rateLimit: 0, slowMs: 0, dropRate: 0 } });
      try {
        const res = await fetch(`${sim.url}/api/hoso?tuNgay=01/01/2000&denNgay=31/12/2099&start=-1&end=-1`, { headers: { ApiKey: 'k' } });
        return ((await res.json()) as { DuLieu: { MaHoSo: string; ChuHoSo: string | null }[] }).DuLieu;
      } finally {
        sim.control({ action: 'faults', set: saved });
      }
    },
    close: () => sim.close(),
  };
}
