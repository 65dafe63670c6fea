import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * An API key. The key itself (`bkh_<id>_<secret>`) is shown once when created; only
 * the id and a scrypt hash of the secret are stored.
 */
@Entity({ schema: 'ops', tableName: 'api_key' })
export class ApiKey {
  /** The public part of the key, after `bkh_`: shown in lists and logs. */
  @PrimaryKey({ type: t.text })
  id!: string;

  @Property({ type: t.text })
  name!: string;

  /** public, viewer, operator, auditor or admin (src/auth/roles.ts). */
  @Property({ type: t.text })
  role!: string;

  /** Grants on top of the role, e.g. `pii:read`. */
  @Property({ type: 'text[]', default: '{}' })
  grants: string[] = [];

  /** `scrypt$N$r$p$salt$hash` of the secret part. */
  @Property({ type: t.text })
  hash!: string;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  /** Updated at most about once a minute per process (the API caches verified keys). */
  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
