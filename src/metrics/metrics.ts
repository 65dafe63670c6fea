import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Metrics counted as things happen, one set per process: sync records and runs (where
 * the worker runs), GraphQL requests (where the API runs), and Node's process metrics.
 * Metrics read from the store or the queue at scrape time live in scrape-gauges.ts.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

export const syncRecords = new Counter({
  name: 'hub_sync_records_total',
  help: 'Records handled by sync runs, per connector, stream and outcome (read, inserted, updated, unchanged, quarantined)',
  labelNames: ['connector', 'stream', 'outcome'] as const,
  registers: [processRegistry],
});

export const syncRuns = new Counter({
  name: 'hub_sync_runs_total',
  help: 'Finished sync runs, per connector, stream and status (succeeded, partial, failed, cancelled, lease_lost)',
  labelNames: ['connector', 'stream', 'status'] as const,
  registers: [processRegistry],
});

export const syncRunDuration = new Histogram({
  name: 'hub_sync_run_duration_seconds',
  help: 'Duration of sync runs, per connector, stream and status',
  labelNames: ['connector', 'stream', 'status'] as const,
  buckets: [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
  registers: [processRegistry],
});

export const graphqlDuration = new Histogram({
  name: 'hub_graphql_request_duration_seconds',
  help: 'GraphQL requests, per operation name (anonymous when unnamed) and outcome (ok, error, refused)',
  labelNames: ['operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

export const indicatorAnswerLookups = new Counter({
  name: 'hub_indicator_cache_requests_total',
  help: 'Indicator requests by how the answer cache served them: hit, miss (computed and kept), bypass (not listening for roll-up changes, or the cache is off)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export const indicatorAnswerInvalidations = new Counter({
  name: 'hub_indicator_cache_invalidations_total',
  help: 'Times the indicator answer cache was emptied: notify (roll-ups or agency tree changed), connection (the LISTEN connection was lost or came back)',
  labelNames: ['reason'] as const,
  registers: [processRegistry],
});

export const indicatorAnswerListening = new Gauge({
  name: 'hub_indicator_cache_listening',
  help: '1 while the API listens for roll-up changes (cached indicator answers are served), 0 while every answer is computed',
  registers: [processRegistry],
});

/** Record counts of a run as the job reports them: counters take the increase since the last report. */
export function syncRecordCounter(connector: string, stream: string) {
  const last: Record<string, number> = {};
  return (counts: { read: number; inserted: number; updated: number; unchanged: number; failed: number }) => {
    for (const [field, outcome] of [['read', 'read'], ['inserted', 'inserted'], ['updated', 'updated'], ['unchanged', 'unchanged'], ['failed', 'quarantined']] as const) {
      const delta = counts[field] - (last[field] ?? 0);
      if (delta > 0) syncRecords.inc({ connector, stream, outcome }, delta);
      last[field] = counts[field];
    }
  };
}
