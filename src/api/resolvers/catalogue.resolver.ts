import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Agency, Procedure } from '../../entities';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { AgencyConnection, AgencyFilter, AgencyType, ProcedureConnection, ProcedureFilter } from '../types/catalogue.types';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { connectionCost } from '../limits';
import { userInputError } from '../errors';
import { isDay } from '../../model/day';

/** `H06.12` (the short notation seen in portal URLs) → `000.00.12.H06`; other forms unchanged. */
export function expandAgencyCode(code: string): string {
  const short = /^([A-Z]\d{2})\.(\d{2})$/.exec(code.trim());
  return short ? `000.00.${short[2]}.${short[1]}` : code.trim();
}

/** The short notation of a level-2 dotted code (`000.00.12.H06` → `H06.12`), or null. */
export function shortAgencyCode(code: string): string | null {
  const m = /^000\.00\.(\d{2})\.([A-Z]\d{2})$/.exec(code);
  return m && m[1] !== '00' ? `${m[2]}.${m[1]}` : null;
}

/** A page of a catalogue ordered by code, the cursor carrying the last code. */
async function byCode<T extends Agency | Procedure>(em: EntityManager, entity: new () => T, where: FilterQuery<T>, first: number | null, after: string | null) {
  const limit = pageSize(first);
  const cursor = decodeCursor(after, 'after', 'text');
  const filter = cursor ? ({ $and: [where, { code: { $gt: String(cursor.value) } }] } as FilterQuery<T>) : where;
  const page = (await em.find(entity, filter, { orderBy: { code: 'asc' } as never, limit: limit + 1 })) as unknown as T[];
  return toConnection(page, limit, (r) => encodeCursor({ value: r.code, id: r.id }), () => em.count(entity, where));
}

@Resolver(() => AgencyType)
export class CatalogueResolver {
  @Query(() => AgencyType, { nullable: true, description: 'One agency by its dotted code or its short notation (H06.12). Codes of units rearranged in 2025 still resolve, to the old unit, whose successor says where it went.' })
  @Sensitivity('public')
  @Requires(Permission.OPEN_DATA)
  agency(@Ctx() { em }: ApiContext, @Arg('code', () => String) code: string): Promise<Agency | null> {
    return em.findOne(Agency, { code: expandAgencyCode(code) });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Short notation, e.g. H06.12, for department/district-level units' })
  @Sensitivity('public')
  shortCode(@Root() a: Agency): string | null {
    return shortAgencyCode(a.code);
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'The unit that took over after a rearrangement' })
  @Sensitivity('public')
  successor(@Root() a: Agency, @Ctx() { loaders }: ApiContext) {
    return a.successorCode ? loaders.agencyByCode.load(a.successorCode) : null;
  }

  @FieldResolver(() => AgencyType, { nullable: true })
  @Sensitivity('public')
  parent(@Root() a: Agency, @Ctx() { loaders }: ApiContext) {
    return a.parentCode ? loaders.agencyByCode.load(a.parentCode) : null;
  }

  @Query(() => AgencyConnection, { complexity: connectionCost, description: 'The agency catalogue by code, rearranged units included with their validity dates (Relay connection)' })
  @Sensitivity('public')
  @Requires(Permission.OPEN_DATA)
  async agencies(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => AgencyFilter, { nullable: true }) filter: AgencyFilter | null,
  ): Promise<AgencyConnection> {
    const where: FilterQuery<Agency> = {};
    if (filter?.parentCode != null) where.parentCode = expandAgencyCode(filter.parentCode);
    if (filter?.level != null) {
      if (filter.level < 0 || filter.level > 9) throw userInputError(`"filter.level" is an agency level 1 to 4; got ${filter.level}`, 'filter.level');
      where.level = filter.level;
    }
    if (filter?.validOn != null && !isDay(filter.validOn)) throw userInputError(`"filter.validOn" must be a day written yyyy-MM-dd; got ${JSON.stringify(filter.validOn)}`, 'filter.validOn');
    if (filter?.validOn != null) where.$and = [{ $or: [{ validFrom: null }, { validFrom: { $lte: filter.validOn } }] }, { $or: [{ validTo: null }, { validTo: { $gte: filter.validOn } }] }];
    return byCode(em, Agency, where, first, after);
  }

  @Query(() => ProcedureConnection, { complexity: connectionCost, description: 'The procedure catalogue by code (Relay connection)' })
  @Sensitivity('public')
  @Requires(Permission.OPEN_DATA)
  async procedures(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => ProcedureFilter, { nullable: true }) filter: ProcedureFilter | null,
  ): Promise<ProcedureConnection> {
    const where: FilterQuery<Procedure> = {};
    if (filter?.nationalCode != null) where.nationalCode = filter.nationalCode;
    if (filter?.fieldCode != null) where.fieldCode = filter.fieldCode;
    if (filter?.hasFee != null) where.hasFee = filter.hasFee;
    return byCode(em, Procedure, where, first, after);
  }
}
