import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import type { ProbeConnections } from '../health/probe-connections';

export interface ScrapeSources {
  /** Store and Redis, through the probe's own connections (never the API's pool). */
  probe: ProbeConnections;
  queue: Queue | null;
  /** MikroORM pools whose use is reported, by name (api, worker). */
  pools: { name: string; orm: MikroORM }[];
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

const poolOf = (orm: MikroORM) => (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;

/**
 * Gauges read when Prometheus scrapes: open quarantine and the age of each stream's last
 * successful run (one cheap indexed query each, on the probe's connection), the queue's
 * job counts, and pool use. The store-derived values are the same from every process;
 * aggregate them with max(), not sum().
 */
export function scrapeRegistry(sources: ScrapeSources): Registry {
  const registry = new Registry();
  const up = new Gauge({
    name: 'hub_scrape_source_up',
    help: 'Whether the last scrape could read each source of scrape-time metrics (database, queue): 1 yes, 0 no (its metrics are then absent)',
    labelNames: ['source'],
    registers: [registry],
  });
  /** A source that cannot be read leaves its gauges empty; the scrape itself still answers. */
  const guarded = (source: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
      up.set({ source }, 1);
    } catch {
      up.set({ source }, 0);
    }
  };
  new Gauge({
    name: 'hub_quarantine_records',
    help: 'Open (unresolved) quarantined records, per connector and stream',
    labelNames: ['connector', 'stream'],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('database', async () => {
      const { rows } = await sources.probe.pg.query<{ connector: string; stream: string; n: string }>(
        `select c.name as connector, q.stream, count(*) as n
           from ops.quarantine q join ops.connector c on c.id = q.connector_id
          where q.resolved_at is null group by 1, 2`,
      );
      for (const r of rows) this.set({ connector: r.connector, stream: r.stream }, Number(r.n));
      })();
    },
  });
  new Gauge({
    name: 'hub_sync_last_success_age_seconds',
    help: 'Seconds since the last successful (or partial) sync run finished, per connector and stream; absent until one has',
    labelNames: ['connector', 'stream'],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('database', async () => {
      const { rows } = await sources.probe.pg.query<{ connector: string; stream: string; age: string }>(
        `select c.name as connector, s.stream, extract(epoch from now() - r.finished_at) as age
           from ops.stream_state s join ops.connector c on c.id = s.connector_id
           cross join lateral (select finished_at from ops.sync_run r
                                where r.connector_id = s.connector_id and r.stream = s.stream and r.status in ('succeeded', 'partial')
                                order by finished_at desc limit 1) r`,
      );
      for (const r of rows) this.set({ connector: r.connector, stream: r.stream }, Math.max(0, Number(r.age)));
      })();
    },
  });
  if (sources.queue) {
    const queue = sources.queue;
    new Gauge({
      name: 'hub_queue_jobs',
      help: 'Sync queue jobs per state (waiting, active, failed, delayed)',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        this.reset();
        await guarded('queue', async () => {
          const counts = await queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        })();
      },
    });
  }
  new Gauge({
    name: 'hub_db_pool_connections',
    help: 'Database pool connections per pool (api, worker) and state (used, free, pending acquires, max)',
    labelNames: ['pool', 'state'],
    registers: [registry],
    collect() {
      for (const { name, orm } of sources.pools) {
        const pool = poolOf(orm);
        if (!pool) continue;
        this.set({ pool: name, state: 'used' }, pool.numUsed());
        this.set({ pool: name, state: 'free' }, pool.numFree());
        this.set({ pool: name, state: 'pending' }, pool.numPendingAcquires());
        this.set({ pool: name, state: 'max' }, pool.max);
      }
    },
  });
  return registry;
}

/** The text Prometheus reads: the process's own metrics and the scrape-time gauges. */
export async function metricsText(processRegistry: Registry, scrape: Registry | null): Promise<{ contentType: string; body: string }> {
  const parts = [await processRegistry.metrics()];
  if (scrape) parts.push(await scrape.metrics());
  return { contentType: processRegistry.contentType, body: parts.join('\n') };
}
