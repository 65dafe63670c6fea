import { Entity, Property, t } from '@mikro-orm/core';

/**
 * The record counters a stream's run keeps (ops.sync_run) and a backfill window keeps
 * (ops.backfill_window): the same five columns, summed into a connector run's progress.
 */
@Entity({ abstract: true })
export abstract class RunCounters {
  @Property({ type: t.integer, default: 0 })
  readCount: number = 0;

  @Property({ type: t.integer, default: 0 })
  insertedCount: number = 0;

  @Property({ type: t.integer, default: 0 })
  updatedCount: number = 0;

  @Property({ type: t.integer, default: 0 })
  unchangedCount: number = 0;

  /** Records quarantined as malformed. */
  @Property({ type: t.integer, default: 0 })
  failedCount: number = 0;
}
