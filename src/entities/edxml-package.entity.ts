import { Entity, Index, Property, t, Unique } from '@mikro-orm/core';
import type { AttachmentRecord } from '../model/records';
import { Tracked } from './tracked';

/** An edXML package taken from the exchange axis (stored before it is acknowledged). */
@Entity({ schema: 'hub', tableName: 'edxml_package' })
@Unique({ properties: ['sourceSystem', 'packageId'] })
@Index({ properties: ['documentId'] })
@Index({ properties: ['targetDocumentId'] })
export class EdxmlPackage extends Tracked {
  @Property({ type: t.text })
  packageId!: string;

  /** DOCUMENT or STATUS. */
  @Property({ type: t.text })
  type!: string;

  @Property({ type: t.text, nullable: true })
  documentId: string | null = null;

  @Property({ type: t.smallint, nullable: true })
  businessDocType: number | null = null;

  @Property({ type: t.text, nullable: true })
  targetDocumentId: string | null = null;

  @Property({ type: t.text, nullable: true })
  fromOrganId: string | null = null;

  @Property({ type: t.text, nullable: true })
  fromOrganName: string | null = null;

  @Property({ type: t.text, nullable: true })
  codeNumber: string | null = null;

  @Property({ type: t.text, nullable: true })
  codeNotation: string | null = null;

  @Property({ type: t.date, nullable: true })
  promulgationDate: string | null = null;

  @Property({ type: t.text, nullable: true })
  documentType: string | null = null;

  @Property({ type: t.text, nullable: true })
  subject: string | null = null;

  @Property({ type: t.text, nullable: true })
  signer: string | null = null;

  @Property({ type: t.smallint, nullable: true })
  priority: number | null = null;

  @Property({ type: t.text, nullable: true })
  statusCode: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  statusAt: Date | null = null;

  @Property({ type: t.json })
  attachments!: AttachmentRecord[];
}
