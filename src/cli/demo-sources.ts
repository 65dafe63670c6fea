import { randomBytes } from 'node:crypto';
import { startDvcSimulator } from '../simulators/dvc/server';
import { startMcdtSimulator } from '../simulators/mcdt/server';
import { startQlvbSimulator } from '../simulators/qlvb/server';

export interface DemoSource {
  connector: string;
  /** Sent as X-Control-Token, `/__control` changes what the simulator serves (faults, clock, pushes). */
  controlToken: string;
  kind: string;
  url: string;
  config: Record<string, unknown>;
  close(): Promise<void>;
}

const HISTORY_FROM = '2024-01-01';

/** Tries the fixed port first (stable URLs for people), any free port if it is taken. */
async function onPort<T>(port: number, start: (port: number) => Promise<T>): Promise<T> {
  return start(port).catch(() => start(0));
}

/**
 * The three simulated source systems of the demo, sharing one seed, history and
 * clock so their records cross-link as in the province: portal copies of
 * one-stop-shop dossiers, result documents of finished dossiers.
 */
/** `basePort` 0: any free ports. */
export async function startDemoSources(size: number, basePort: number): Promise<DemoSource[]> {
  // A fresh control token per run: the demo's simulators are not steerable by anyone else on the network.
  const controlToken = randomBytes(16).toString('base64url');
  const shared = { seed: 9, size, historyFrom: new Date(`${HISTORY_FROM}T00:00:00+07:00`), now: new Date(), controlToken };
  const at = (offset: number) => (basePort === 0 ? 0 : basePort + offset);
  const mcdt = await onPort(at(0), (port) => startMcdtSimulator({ ...shared, apiKey: 'demo-mcdt-key', port }));
  const qlvb = await onPort(at(10), (port) => startQlvbSimulator({ ...shared, size: Math.max(200, Math.round(size / 2)), mcdtSize: size, apiKey: 'demo-qlvb-key', port }));
  const dvc = await onPort(at(20), (port) => startDvcSimulator({ ...shared, username: 'demo', password: 'demo-dvc-pass', port }));
  return [
    { connector: 'mcdt-demo', controlToken, kind: 'mcdt', url: mcdt.url, close: () => mcdt.close(), config: { baseUrl: mcdt.url, apiKey: 'demo-mcdt-key', startDate: HISTORY_FROM } },
    { connector: 'qlvb-demo', controlToken, kind: 'qlvb', url: qlvb.url, close: () => qlvb.close(), config: { baseUrl: qlvb.url, apiKey: 'demo-qlvb-key', startDate: HISTORY_FROM } },
    {
      connector: 'dvc-demo',
      controlToken,
      kind: 'dvc',
      url: dvc.url,
      close: () => dvc.close(),
      config: { baseUrl: dvc.url, username: 'demo', password: 'demo-dvc-pass', agencyCode: '000.00.00.H06', startDate: HISTORY_FROM },
    },
  ];
}
