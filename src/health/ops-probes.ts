import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import { scrapeRegistry } from '../metrics/scrape-gauges';
import { openProbeConnections } from './probe-connections';
import { createReadinessCheck, type Readiness } from './readiness';

/** What /readyz and /metrics need in a process: the probe connections, the readiness check and the scrape-time gauges. */
export interface OpsProbes {
  readiness: () => Promise<Readiness>;
  scrape: Registry;
  close(): Promise<void>;
}

export function openOpsProbes(opts: { databaseUrl: string; redisUrl: string; queue: Queue | null; pools: { name: string; orm: MikroORM }[] }): OpsProbes {
  const probe = openProbeConnections(opts.databaseUrl, opts.redisUrl);
  return {
    readiness: createReadinessCheck(probe),
    scrape: scrapeRegistry({ probe, queue: opts.queue, pools: opts.pools }),
    close: () => probe.close(),
  };
}
