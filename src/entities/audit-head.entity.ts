import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/** The chain's head, one row: appends lock it, so the chain never forks (src/audit/record.ts). */
@Entity({ schema: 'ops', tableName: 'audit_head' })
export class AuditHead {
  @PrimaryKey({ type: t.integer, autoincrement: false })
  id!: number;

  @Property({ type: t.bigint })
  seq!: string;

  @Property({ type: t.text })
  hash!: string;
}
