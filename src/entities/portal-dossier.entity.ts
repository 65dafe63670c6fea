import { Entity, Index, Property, t } from '@mikro-orm/core';
import type { PortalDossierRecord } from '../model/records';
import { Tracked } from './tracked';

/** A dossier as the public-service portal lists it (linked to hub.dossier in the unified model). */
@Entity({ schema: 'hub', tableName: 'portal_dossier' })
@Index({ properties: ['code'] })
@Index({ name: 'portal_dossier_fallback_index', properties: ['agencyCode', 'nationalProcedureCode', 'receivedAt'] })
export class PortalDossier extends Tracked {
  @Property({ type: t.text, unique: true })
  portalCode!: string;

  @Property({ type: t.text, nullable: true })
  code: string | null = null;

  @Property({ type: t.text, nullable: true })
  nationalProcedureCode: string | null = null;

  @Property({ type: t.text, nullable: true })
  serviceCode: string | null = null;

  @Property({ type: t.text, nullable: true })
  agencyCode: string | null = null;

  @Property({ type: t.text })
  channel!: string;

  @Property({ type: t.text, nullable: true })
  applicantName: string | null = null;

  /** Personal data: served masked. */
  @Property({ type: t.json })
  applicantIds!: PortalDossierRecord['applicantIds'];

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;

  @Property({ type: t.smallint })
  status!: number;

  @Property({ type: t.smallint, nullable: true })
  onlinePayment: number | null = null;

  @Property({ type: t.boolean, nullable: true })
  vneidVerified: boolean | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz' })
  sourceUpdatedAt!: Date;
}
