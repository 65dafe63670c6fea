import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * One GraphQL request that served personal data in clear (with `pii:read`): who,
 * when, which records and which fields. Append-only (a trigger refuses updates and
 * deletes); the tamper-evident audit chain is built on it.
 */
@Entity({ schema: 'ops', tableName: 'pii_read' })
@Index({ properties: ['readAt'] })
@Index({ name: 'pii_read_records_gin', expression: 'create index "pii_read_records_gin" on "ops"."pii_read" using gin ("records")' })
export class PiiRead {
  @PrimaryKey({ type: t.bigint, autoincrement: true })
  id!: string;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  readAt!: Date;

  /** API key id, or null for a token from the identity provider. */
  @Property({ type: t.text, nullable: true })
  keyId: string | null = null;

  /** Key name or token subject. */
  @Property({ type: t.text })
  viewer!: string;

  @Property({ type: t.text })
  role!: string;

  @Property({ type: t.text, nullable: true })
  operationName: string | null = null;

  /** `Type:id` of every record whose personal data was served, e.g. `Dossier:42`. */
  @Property({ type: 'text[]' })
  records!: string[];

  /** `Type.field` of every personal field served, e.g. `Applicant.name`. */
  @Property({ type: 'text[]' })
  fields!: string[];
}
