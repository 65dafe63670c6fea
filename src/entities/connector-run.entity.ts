import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';
import type { AuditActor } from '../audit/record';

export const CONNECTOR_RUN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type ConnectorRunStatus = (typeof CONNECTOR_RUN_STATUSES)[number];

/**
 * One request to sync a connector (a trigger from the API or the CLI, a schedule tick,
 * a backfill): it groups the stream runs it started, and says who or what asked.
 */
@Entity({ schema: 'ops', tableName: 'connector_run' })
@Index({ properties: ['connectorId', 'id'] })
export class ConnectorRun {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  @Property({ type: t.integer })
  connectorId!: number;

  @Property({ type: t.text })
  connectorName!: string;

  /** `api`, `cli`, `schedule`, `demo`, `test`. */
  @Property({ type: t.text })
  trigger!: string;

  /** Who asked (key, token subject, OS user, scheduler id). */
  @Property({ type: t.json, nullable: true })
  actor: AuditActor | null = null;

  @Property({ type: t.array, columnType: 'text[]' })
  streams!: string[];

  @Property({ type: t.boolean, default: false })
  full: boolean = false;

  /** A backfill's date range [from, to), as yyyy-MM-dd. */
  @Property({ type: t.date, columnType: 'date', nullable: true })
  windowFrom: string | null = null;

  @Property({ type: t.date, columnType: 'date', nullable: true })
  windowTo: string | null = null;

  @Property({ type: t.text, default: 'queued' })
  status: ConnectorRunStatus = 'queued';

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  requestedAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  cancelRequestedAt: Date | null = null;

  @Property({ type: t.json, nullable: true })
  cancelActor: AuditActor | null = null;
}
