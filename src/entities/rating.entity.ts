import { Entity, Index, Property, t, Unique } from '@mikro-orm/core';
import { Tracked } from './tracked';

/** A satisfaction rating (1 very satisfied … 5 very dissatisfied). */
@Entity({ schema: 'hub', tableName: 'rating' })
@Unique({ properties: ['sourceSystem', 'ratingKey'] })
@Index({ properties: ['dossierCode'] })
@Index({ properties: ['sourceKey'] })
export class Rating extends Tracked {
  /** `{dossier code}|{rated at ISO}`: the source has no id of its own. */
  @Property({ type: t.text })
  ratingKey!: string;

  /** The source record's own key (`MaHoSo|ThoiGianDanhGia` as sent), for lineage and gone records. */
  @Property({ type: t.text, nullable: true })
  sourceKey: string | null = null;

  @Property({ type: t.text })
  dossierCode!: string;

  @Property({ type: t.datetime, columnType: 'timestamptz' })
  ratedAt!: Date;

  @Property({ type: t.smallint })
  satisfaction!: number;

  @Property({ type: t.text, nullable: true })
  comment: string | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz' })
  sourceUpdatedAt!: Date;
}
