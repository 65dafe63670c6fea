import { Entity, Index, PrimaryKey, Property, t, Unique } from '@mikro-orm/core';

export const LINK_RULES = ['SAME_CODE', 'OTHER_CODE', 'FALLBACK_TUPLE', 'PORTAL_ONLY'] as const;
export type LinkRule = (typeof LINK_RULES)[number];

/**
 * How a source's copy of a dossier was joined to the unified dossier, and by which
 * rule (domain.md B7): the same MaHoSo; MaHoSoKhac/MaHoSoQG; then agency + national
 * procedure code + accepted minute + applicant id (never a dummy id).
 */
@Entity({ schema: 'hub', tableName: 'dossier_link' })
@Unique({ properties: ['sourceSystem', 'sourceKey'] })
@Index({ properties: ['dossierId'] })
export class DossierLink {
  @PrimaryKey({ type: t.integer, autoincrement: true })
  id!: number;

  @Property({ type: t.integer })
  dossierId!: number;

  @Property({ type: t.text })
  sourceSystem!: string;

  /** The copy's own key: the portal's MaHoSoQG. */
  @Property({ type: t.text })
  sourceKey!: string;

  @Property({ type: t.text })
  rule!: LinkRule;

  @Property({ type: t.integer, nullable: true })
  runId: number | null = null;

  @Property({ type: t.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
  linkedAt!: Date;
}
