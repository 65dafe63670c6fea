import { Entity, Index, type Opt, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * A configured connection to one source system: which connector plug-in (`kind`),
 * its validated config, and an optional cron schedule.
 */
@Entity({ schema: 'ops', tableName: 'connector' })
@Index({ name: 'connector_name_live', expression: `create unique index "connector_name_live" on "ops"."connector" ("name") where "deleted_at" is null` })
export class ConnectorInstance {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  /** Operator-chosen name, unique among connectors not removed, used in job ids. */
  @Property({ type: t.text })
  name!: string;

  /** Plug-in key in connectors/registry.ts, e.g. `mcdt`. */
  @Property({ type: t.text })
  kind!: string;

  @Property({ type: t.json })
  config!: Record<string, unknown>;

  @Property({ type: t.text, nullable: true })
  schedule: string | null = null;

  /** IANA time zone the cron pattern is read in (BullMQ's `tz`). */
  @Property({ type: t.text, default: 'Asia/Ho_Chi_Minh' })
  scheduleTimeZone: string & Opt = 'Asia/Ho_Chi_Minh';

  /** Streams the schedule syncs; null: all of them. */
  @Property({ type: t.array, columnType: 'text[]', nullable: true })
  scheduleStreams: (string[] & Opt) | null = null;

  /** False while paused: no scheduled runs, and triggers are refused. */
  @Property({ type: t.boolean, default: true })
  enabled: boolean = true;

  /** Removed (soft delete): its runs, records and audit trail stay; the name is free again. */
  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  deletedAt: (Date & Opt) | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
