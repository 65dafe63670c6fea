import { Collection, Entity, Index, OneToMany, Property, t } from '@mikro-orm/core';
import { Tracked } from './tracked';
import { DossierEvent } from './dossier-event.entity';

/** One supplement round as stored; times are ISO strings (UTC). */
export interface SupplementRound {
  requestedAt: string | null;
  content: string | null;
  suppliedAt: string | null;
  previousDueAt: string | null;
  newDueAt: string | null;
}

/**
 * An administrative-procedure dossier (hồ sơ TTHC). Written by the ingest path with
 * set-based SQL (src/store/writers); MikroORM reads it for the API.
 */
@Entity({ schema: 'hub', tableName: 'dossier' })
@Index({ properties: ['agencyCode', 'receivedAt', 'id'] })
@Index({ properties: ['receivedAt', 'id'] })
@Index({ properties: ['procedureCode'] })
@Index({ properties: ['status'] })
// Dashboards count live dossiers per agency and status: gone_at is carried in the index so the
// count is an index-only scan (bench/README.md: 295 ms → 2 ms at 1M dossiers).
@Index({ name: 'dossier_agency_code_status_index', expression: 'create index "dossier_agency_code_status_index" on "hub"."dossier" ("agency_code", "status") include ("gone_at")' })
// Made by hand-written SQL; declared here so schema diffs leave them alone.
@Index({ name: 'dossier_other_code_index', expression: 'create index "dossier_other_code_index" on "hub"."dossier" ("other_code") where other_code is not null' })
@Index({ name: 'dossier_link_tuple_index', expression: `create index "dossier_link_tuple_index" on "hub"."dossier" ("agency_code", "national_procedure_code", "received_at") where source_system = 'mcdt'` })
@Index({ name: 'dossier_search_text_trgm', expression: 'create index "dossier_search_text_trgm" on "hub"."dossier" using gin ("search_text" gin_trgm_ops)' })
export class Dossier extends Tracked {
  /** `MaHoSo`, the join key across systems. */
  @Property({ type: t.text, unique: true })
  code!: string;

  /** `MaHoSoKhac`: another code for the same dossier (e.g. the national portal's). */
  @Property({ type: t.text, nullable: true })
  otherCode: string | null = null;

  @Property({ type: t.text })
  agencyCode!: string;

  @Property({ type: t.text, nullable: true })
  agencyName: string | null = null;

  @Property({ type: t.text })
  procedureCode!: string;

  @Property({ type: t.text, nullable: true })
  nationalProcedureCode: string | null = null;

  @Property({ type: t.text, nullable: true })
  procedureName: string | null = null;

  @Property({ type: t.text, nullable: true })
  fieldCode: string | null = null;

  @Property({ type: t.text, nullable: true })
  fieldName: string | null = null;

  /** COUNTER, ONLINE or POSTAL (a missing channel means counter). */
  @Property({ type: t.text })
  channel!: string;

  @Property({ type: t.smallint, nullable: true })
  serviceLevel: number | null = null;

  @Property({ type: t.text, nullable: true })
  applicantType: string | null = null;

  @Property({ type: t.text, nullable: true })
  applicantName: string | null = null;

  @Property({ type: t.text, nullable: true })
  applicantIdType: string | null = null;

  /** Personal data: never served raw (see src/api/mask.ts). */
  @Property({ type: t.text, nullable: true })
  applicantIdNumber: string | null = null;

  @Property({ type: t.text, nullable: true })
  applicantPhone: string | null = null;

  @Property({ type: t.text, nullable: true })
  applicantEmail: string | null = null;

  @Property({ type: t.text, nullable: true })
  applicantAddress: string | null = null;

  @Property({ type: t.text, nullable: true })
  summary: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  /** Accepted (tiếp nhận): the processing clock starts here. */
  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  refusedAt: Date | null = null;

  @Property({ type: t.text, nullable: true })
  refusalReason: string | null = null;

  /** National status code 1–10 (domain.md A2.2). */
  @Property({ type: t.smallint })
  status!: number;

  @Property({ type: t.json, nullable: true })
  supplements: SupplementRound[] | null = null;

  @Property({ type: t.boolean, nullable: true })
  hasDigitisedComponents: boolean | null = null;

  @Property({ type: t.boolean, nullable: true })
  resultDigitised: boolean | null = null;

  @Property({ type: t.text, nullable: true })
  resultDocumentNumber: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  resultSignedAt: Date | null = null;

  /** Which systems know this dossier: `mcdt`, `dvc`, or `mcdt+dvc`. */
  @Property({ type: t.text, default: 'mcdt' })
  origin: string = 'mcdt';

  /** From the portal (survivorship): 0 not paid online, 1 on the national portal, 2 through the local gateway. */
  @Property({ type: t.smallint, nullable: true })
  onlinePayment: number | null = null;

  /** From the portal: the applicant's account was verified with VNeID. */
  @Property({ type: t.boolean, nullable: true })
  vneidVerified: boolean | null = null;

  /**
   * Field provenance for values that did not come from the row's own source:
   * `{ field: { source, key, runId } }` (see src/store/linking.ts for the rules).
   */
  @Property({ type: t.json, default: '{}' })
  fieldSources: Record<string, { source: string; key: string; runId: number | null }> = {};

  /** Accent- and case-folded text for search (src/model/fold.ts), written by the ingest path. */
  @Property({ type: t.text, nullable: true, lazy: true })
  searchText?: string | null;

  /** `NgayCapNhat` at the source. */
  @Property({ type: t.datetime, columnType: 'timestamptz' })
  sourceUpdatedAt!: Date;

  @OneToMany(() => DossierEvent, (e) => e.dossier)
  events = new Collection<DossierEvent>(this);
}
