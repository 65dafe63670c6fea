import { Entity, Index, Property, t } from '@mikro-orm/core';
import { Tracked } from './tracked';

/** An administrative agency (cơ quan, đơn vị) identified by its dotted electronic code. */
@Entity({ schema: 'hub', tableName: 'agency' })
export class Agency extends Tracked {
  /** Dotted code as received, e.g. `000.00.12.H06`; never rewritten (see the 2025 merger). */
  @Property({ type: t.text, unique: true })
  code!: string;

  @Property({ type: t.text })
  name!: string;

  @Index()
  @Property({ type: t.text, nullable: true })
  parentCode: string | null = null;

  /** Level under Decision 20/2020: 1 province, 2 department or district, 3 commune, 4 unit below a commune. */
  @Property({ type: t.smallint, nullable: true })
  level: number | null = null;

  @Property({ type: t.date, nullable: true })
  validFrom: string | null = null;

  @Property({ type: t.date, nullable: true })
  validTo: string | null = null;

  /** Code of the agency that took over after a rearrangement. */
  @Property({ type: t.text, nullable: true })
  successorCode: string | null = null;

}
