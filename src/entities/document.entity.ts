import { Entity, Index, Property, t, Unique } from '@mikro-orm/core';
import type { OrganRef } from '../model/records';
import { Tracked } from './tracked';

/** A QLVB official document from a document system's registers. */
@Entity({ schema: 'hub', tableName: 'document' })
@Unique({ properties: ['sourceSystem', 'sourceId'] })
@Index({ properties: ['edxmlDocumentId'] })
@Index({ properties: ['numberSymbolRaw'] })
@Index({ name: 'document_search_text_trgm', expression: 'create index "document_search_text_trgm" on "hub"."document" using gin ("search_text" gin_trgm_ops)' })
export class Document extends Tracked {
  @Property({ type: t.text })
  sourceId!: string;

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
