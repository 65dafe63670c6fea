import { Entity, ManyToOne, PrimaryKey, Property, t, Unique } from '@mikro-orm/core';
import { Dossier } from './dossier.entity';

/** One step of a dossier's process log (quá trình xử lý). */
@Entity({ schema: 'hub', tableName: 'dossier_event' })
@Unique({ properties: ['dossier', 'seq'] })
export class DossierEvent {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  @ManyToOne(() => Dossier, { deleteRule: 'cascade' })
  dossier!: Dossier;

  /** Position in the source's log, from 0. */
  @Property({ type: t.smallint })
  seq!: number;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  occurredAt: Date | null = null;

  @Property({ type: t.smallint, nullable: true })
  status: number | null = null;

  @Property({ type: t.text, nullable: true })
  actor: string | null = null;

  @Property({ type: t.text, nullable: true })
  actorTitle: string | null = null;

  @Property({ type: t.text, nullable: true })
  department: string | null = null;

  @Property({ type: t.text, nullable: true })
  content: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  stepDueAt: Date | null = null;
}
