import { Entity, Index, Property, t, Unique } from '@mikro-orm/core';
import type { PaymentRecord } from '../model/records';
import { Tracked } from './tracked';

/** A fee payment for a dossier, counter/transfer (one-stop-shop) or online (portal). */
@Entity({ schema: 'hub', tableName: 'payment' })
@Unique({ properties: ['sourceSystem', 'sourceCode'] })
@Index({ properties: ['dossierCode'] })
export class Payment extends Tracked {
  @Property({ type: t.text })
  sourceCode!: string;

  @Property({ type: t.text, nullable: true })
  dossierCode: string | null = null;

  @Property({ type: t.double, nullable: true })
  amount: number | null = null;

  @Property({ type: t.text })
  method!: string;

  @Property({ type: t.text })
  status!: string;

  @Property({ type: t.boolean })
  succeeded!: boolean;

  @Property({ type: t.datetime, columnType: 'timestamptz', nullable: true })
  paidAt: Date | null = null;

  @Property({ type: t.boolean })
  paidAtReliable!: boolean;

  @Property({ type: t.json })
  fees!: PaymentRecord['fees'];

  @Property({ type: t.datetime, columnType: 'timestamptz' })
  sourceUpdatedAt!: Date;
}
