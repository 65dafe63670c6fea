import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * A configured connection to one source system: which connector plug-in (`kind`),
 * its validated config, and an optional cron schedule.
 */
@Entity({ schema: 'ops', tableName: 'connector' })
export class ConnectorInstance {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  /** Operator-chosen name, unique, used in job ids: `sync:<name>:<stream>`. */
  @Property({ type: t.text, unique: true })
  name!: string;

  /** Plug-in key in connectors/registry.ts, e.g. `mcdt`. */
  @Property({ type: t.text })
  kind!: string;

  @Property({ type: t.json })
  config!: Record<string, unknown>;

  @Property({ type: t.text, nullable: true })
  schedule: string | null = null;

  @Property({ type: t.boolean, default: true })
  enabled: boolean = true;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
