import { FlowProducer, type Queue } from 'bullmq';
import { JOB_NAMES, SYNC_QUEUE, type BackfillData, type BackfillWindowData, type SyncJobData } from './types';

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** [from, to) cut into windows of `days` days (the last one shorter). */
export function planWindows(from: string, to: string, days: number): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (let start = from; start < to; start = addDays(start, days)) {
    const end = addDays(start, days);
    out.push({ from: start, to: end < to ? end : to });
  }
  return out;
}

/**
 * The order window jobs are queued in (workers take them first in, first out): newest
 * first, then oldest, then the second newest, and so on inwards. The newest windows are
 * the largest (recently changed records gather there), so they start first and the last
 * jobs left are small ones, not one big window that a single worker finishes alone; and
 * windows running side by side are far apart in time, so their records rarely update
 * the same agency/month roll-up rows at once.
 */
export function runOrder<W extends { from: string }>(windows: readonly W[]): W[] {
  const sorted = [...windows].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  const out: W[] = [];
  for (let i = 0, j = sorted.length - 1; i <= j; i++, j--) {
    out.push(sorted[i]!);
    if (i !== j) out.push(sorted[j]!);
  }
  return out;
}

export const backfillJobId = (connectorRunId: number) => `backfill.${connectorRunId}`;
export const windowJobId = (connectorRunId: number, stream: string, from: string) => `bw.${connectorRunId}.${stream}.${from}`;

/**
 * Queues a backfill as one BullMQ flow: a parent job (the connector run) whose children
 * are the window jobs. Every worker takes windows, in parallel; the parent runs once all
 * are done and closes the run. Job ids are deterministic, so adding again is a no-op.
 */
export async function enqueueBackfill(
  queue: Queue<SyncJobData>,
  backfill: { connectorRunId: number; connector: string; windows: { stream: string; from: string; to: string }[] },
  flows: FlowProducer | null,
): Promise<void> {
  const producer = flows ?? new FlowProducer({ connection: queue.opts.connection, prefix: queue.opts.prefix });
  try {
    const parent: BackfillData = { connectorRunId: backfill.connectorRunId, connector: backfill.connector };
    await producer.add({
      name: JOB_NAMES.BACKFILL,
      queueName: SYNC_QUEUE,
      data: parent,
      opts: { jobId: backfillJobId(backfill.connectorRunId), removeOnComplete: true, removeOnFail: { count: 1000 } },
      children: runOrder(backfill.windows).map((w) => {
        const data: BackfillWindowData = { connectorRunId: backfill.connectorRunId, connector: backfill.connector, stream: w.stream, from: w.from, to: w.to };
        return {
          name: JOB_NAMES.BACKFILL_WINDOW,
          queueName: SYNC_QUEUE,
          data,
          // A window that fails for good does not hold the parent back: the run records it as failed.
          opts: { jobId: windowJobId(backfill.connectorRunId, w.stream, w.from), attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: true, removeOnFail: { count: 1000 }, ignoreDependencyOnFailure: true },
        };
      }),
    });
  } finally {
    if (!flows) await producer.close();
  }
}
