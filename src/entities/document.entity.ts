import { Entity, Index, Property, t, Unique } from '@mikro-orm/core';
import type { OrganRef } from '../model/records';
import { Tracked } from './tracked';

/** What a document says, as a register row or as the unified document. */
@Entity({ abstract: true })
export abstract class DocumentColumns extends Tracked {
  /**
   * What identifies the document across registers and the exchange: its edXML DocumentId,
   * or `{source system}:{vendor id}` for a register row without one.
   */
  @Property({ type: t.text })
  documentKey!: string;

  /** Vendor id of the register row (for the unified document: of the row it is shown from; the package id when only the exchange brought it). */
  @Property({ type: t.text })
  sourceId!: string;

  /** INCOMING or OUTGOING register; EXCHANGE for a document known only from edXML. */
  @Property({ type: t.text })
  register!: string;

  @Property({ type: t.integer, nullable: true })
  arrivalNumber: number | null = null;

  @Property({ type: t.date, nullable: true })
  arrivalDate: string | null = null;

  @Property({ type: t.text, nullable: true })
  numberSymbolRaw: string | null = null;

  @Property({ type: t.text, nullable: true })
  number: string | null = null;

  @Property({ type: t.text, nullable: true })
  symbol: string | null = null;

  @Property({ type: t.date, nullable: true })
  issuedDate: string | null = null;

  @Property({ type: t.text, nullable: true })
  documentType: string | null = null;

  @Property({ type: t.text, nullable: true })
  subject: string | null = null;

  @Property({ type: t.text, nullable: true })
  issuerCode: string | null = null;

  @Property({ type: t.text, nullable: true })
  issuerName: string | null = null;

  @Property({ type: t.text, nullable: true })
  signer: string | null = null;

  @Property({ type: t.text, nullable: true })
  signerTitle: string | null = null;

  @Property({ type: t.smallint, nullable: true })
  urgency: number | null = null;

  @Property({ type: t.smallint, nullable: true })
  securityLevel: number | null = null;

  @Property({ type: t.date, nullable: true })
  deadline: string | null = null;

  /** State as the register gives it; edXML revocations are also recorded as document events. */
  @Property({ type: t.text })
  state!: string;

  @Property({ type: t.json })
  handlingUnits!: OrganRef[];

  @Property({ type: t.text, nullable: true })
  edxmlDocumentId: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz' })
  sourceUpdatedAt!: Date;

  /** Accent- and case-folded text for search (src/model/fold.ts), written by the ingest path. */
  @Property({ type: t.text, nullable: true, lazy: true })
  searchText?: string | null;
}

/**
 * A QLVB official document, one per edXML DocumentId across the incoming register, the
 * outgoing register and the exchange (src/store/documents.ts); a register row without
 * a DocumentId is a document of its own.
 */
@Entity({ schema: 'hub', tableName: 'document' })
@Unique({ properties: ['documentKey'] })
@Index({ properties: ['edxmlDocumentId'] })
@Index({ properties: ['numberSymbolRaw'] })
@Index({ name: 'document_search_text_trgm', expression: 'create index "document_search_text_trgm" on "hub"."document" using gin ("search_text" gin_trgm_ops)' })
// Dashboard counts and filters: register day, sending and receiving agency (migration 20261127193000).
@Index({ name: 'document_register_day_index', expression: 'create index "document_register_day_index" on "hub"."document" ((coalesce("arrival_date", "issued_date"))) where "gone_at" is null' })
@Index({ name: 'document_issuer_code_index', properties: ['issuerCode'] })
@Index({ name: 'document_handling_units_gin', expression: 'create index "document_handling_units_gin" on "hub"."document" using gin ("handling_units" jsonb_path_ops)' })
export class Document extends DocumentColumns {}

/** One row of a document system's incoming or outgoing register, as the source lists it. */
@Entity({ schema: 'hub', tableName: 'document_entry' })
@Unique({ properties: ['sourceSystem', 'sourceId'] })
@Index({ properties: ['documentKey'] })
export class DocumentEntry extends DocumentColumns {}
