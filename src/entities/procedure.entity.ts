import { Entity, Index, Property, t } from '@mikro-orm/core';
import { Tracked } from './tracked';

/** An administrative procedure (thủ tục hành chính) from a local catalogue. */
@Entity({ schema: 'hub', tableName: 'procedure' })
export class Procedure extends Tracked {
  /** Local code as received, e.g. `2.000488.000.00.00.H06`. */
  @Property({ type: t.text, unique: true })
  code!: string;

  /** The national part `d.dddddd`, the key across catalogues. */
  @Index()
  @Property({ type: t.text, nullable: true })
  nationalCode: string | null = null;

  @Property({ type: t.text })
  name!: string;

  @Property({ type: t.text, nullable: true })
  fieldCode: string | null = null;

  @Property({ type: t.text, nullable: true })
  fieldName: string | null = null;

  /** 2 not online, 3 partly online, 4 fully online. */
  @Property({ type: t.smallint, nullable: true })
  serviceLevel: number | null = null;

  /** Legal processing time; null when the procedure has no deadline. */
  @Property({ type: t.double, nullable: true })
  processingTime: number | null = null;

  /** `DAYS` or `WORKING_DAYS`; null when there is no deadline. */
  @Property({ type: t.text, nullable: true })
  processingTimeUnit: string | null = null;

  @Property({ type: t.boolean, nullable: true })
  hasFee: boolean | null = null;

}
