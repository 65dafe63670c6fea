import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * The committed checkpoint of one connector stream. Written in the same transaction
 * as the batch it covers, so a resumed run starts exactly after the last commit.
 */
@Entity({ schema: 'ops', tableName: 'stream_state' })
export class StreamState {
  @PrimaryKey({ type: t.integer })
  connectorId!: number;

  @PrimaryKey({ type: t.text })
  stream!: string;

  @Property({ type: t.json })
  state!: Record<string, unknown>;

  @Property({ type: t.integer, nullable: true })
  runId: number | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
