import { Client } from 'pg';
import type { Logger } from 'pino';
import { ROLLUP_CHANNEL } from '../indicators/rollup-notify';
import { logger as processLogger } from '../logger';
import { indicatorAnswerInvalidations, indicatorAnswerListening, indicatorAnswerLookups } from '../metrics/metrics';

export interface IndicatorAnswersOptions {
  connectionString: string;
  /** Answers kept, least recently used dropped first. */
  maxEntries: number;
  /** First pause before reconnecting the LISTEN connection; doubles up to 30 s. */
  retryMs?: number;
  /** How often the LISTEN connection is checked with a round trip (a silently dead socket would deliver nothing). */
  pingMs?: number;
  log?: Logger;
}

const MAX_RETRY_MS = 30_000;

/**
 * Indicator answers kept in memory between roll-up changes (issue 12: dashboards ask the
 * same questions every minute). One dedicated connection LISTENs on `hub_rollups`
 * (src/indicators/rollup-notify.ts); each notification empties the cache and bumps a
 * generation. An answer is kept only if the generation did not move while it was computed,
 * so an answer read from a snapshot older than a notified commit is never kept. While the
 * connection is not listening (starting, lost, reconnecting) nothing is served from or kept
 * in the cache: every request computes its answer. Concurrent misses of one key in one
 * generation share one computation.
 */
export class IndicatorAnswers {
  private generation = 0;
  private listening = false;
  private closed = false;
  private readonly entries = new Map<string, unknown>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private readonly log: Logger;

  constructor(private readonly opts: IndicatorAnswersOptions) {
    this.retryMs = opts.retryMs ?? 1000;
    this.log = opts.log ?? processLogger;
  }

  /** Whether answers are served from the cache now. */
  get isListening(): boolean {
    return this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Connects the LISTEN connection in the background; answers bypass the cache until it listens. */
  start(): void {
    void this.connect();
  }

  /** The answer for `key`, from the cache or computed by `compute` (and then kept). */
  async answer<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.listening) {
      indicatorAnswerLookups.inc({ outcome: 'bypass' });
      return compute();
    }
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      // Map order is insertion order: moving the key to the end makes it the most recently used.
      this.entries.delete(key);
      this.entries.set(key, kept);
      indicatorAnswerLookups.inc({ outcome: 'hit' });
      return kept as T;
    }
    indicatorAnswerLookups.inc({ outcome: 'miss' });
    // Captured before the query starts: a notification during it means its snapshot may be older than the change.
    const generation = this.generation;
    const pendingKey = `${generation}\u0000${key}`;
    const running = this.pending.get(pendingKey);
    if (running) return running as Promise<T>;
    const computing = compute().then(
      (value) => {
        this.pending.delete(pendingKey);
        if (this.listening && generation === this.generation) this.keep(key, value);
        return value;
      },
      (error: unknown) => {
        this.pending.delete(pendingKey);
        throw error;
      },
    );
    this.pending.set(pendingKey, computing);
    return computing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.down('closed');
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private keep(key: string, value: unknown): void {
    this.entries.set(key, value);
    if (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private invalidate(reason: 'notify' | 'connection'): void {
    this.generation++;
    this.entries.clear();
    this.pending.clear();
    indicatorAnswerInvalidations.inc({ reason });
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    // query_timeout: a ping that never returns (a silently dead socket) counts as a lost connection.
    const client = new Client({ connectionString: this.opts.connectionString, keepAlive: true, query_timeout: 10_000, application_name: 'hub-indicator-answers' });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === ROLLUP_CHANNEL && this.client === client) this.invalidate('notify');
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.down(error?.message ?? 'connection ended');
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`listen ${ROLLUP_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.client !== client || this.closed) return;
    // The cache was emptied when the connection was lost and kept nothing since; changes committed from here on are heard.
    this.listening = true;
    indicatorAnswerListening.set(1);
    this.retryMs = this.opts.retryMs ?? 1000;
    this.pingTimer = setInterval(() => {
      client.query('select 1').catch((error: Error) => lost(error));
    }, this.opts.pingMs ?? 15_000);
    this.pingTimer.unref();
  }

  /** Stops serving from the cache and empties it: correctness first while changes cannot be heard. */
  private down(why: string): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    const was = this.listening;
    this.listening = false;
    indicatorAnswerListening.set(0);
    if (!was) return;
    this.invalidate('connection');
    if (!this.closed) this.log.warn({ reason: why }, 'indicator answer cache: roll-up notifications lost, computing every answer until reconnected');
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait);
    this.retryTimer.unref();
  }
}
