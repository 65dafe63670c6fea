import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Agency, Procedure } from '../../entities';
import type { ApiContext } from '../context';
import { AgencyType, ProcedureType } from '../types/catalogue.types';

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

@Resolver(() => AgencyType)
export class CatalogueResolver {
  @Query(() => AgencyType, { nullable: true, description: 'One agency by its dotted code or its short notation (H06.12). Codes of units rearranged in 2025 still resolve, to the old unit, whose successor says where it went.' })
  agency(@Ctx() { em }: ApiContext, @Arg('code', () => String) code: string): Promise<Agency | null> {
    return em.findOne(Agency, { code: expandAgencyCode(code) });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Short notation, e.g. H06.12, for department/district-level units' })
  shortCode(@Root() a: Agency): string | null {
    return shortAgencyCode(a.code);
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'The unit that took over after a rearrangement' })
  successor(@Root() a: Agency, @Ctx() { loaders }: ApiContext) {
    return a.successorCode ? loaders.agencyByCode.load(a.successorCode) : null;
  }

  @FieldResolver(() => AgencyType, { nullable: true })
  parent(@Root() a: Agency, @Ctx() { loaders }: ApiContext) {
    return a.parentCode ? loaders.agencyByCode.load(a.parentCode) : null;
  }

  @Query(() => [AgencyType], { description: 'The agency catalogue, by code (rearranged units included, with their validity dates)' })
  agencies(@Ctx() { em }: ApiContext): Promise<AgencyType[]> {
    return em.find(Agency, {}, { orderBy: { code: 'asc' } });
  }

  @Query(() => [ProcedureType], { description: 'The procedure catalogue, by code' })
  procedures(@Ctx() { em }: ApiContext): Promise<ProcedureType[]> {
    return em.find(Procedure, {}, { orderBy: { code: 'asc' } });
  }
}
