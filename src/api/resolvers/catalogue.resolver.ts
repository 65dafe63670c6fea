import { Ctx, Query, Resolver } from 'type-graphql';
import { Agency, Procedure } from '../../entities';
import type { ApiContext } from '../context';
import { AgencyType, ProcedureType } from '../types/catalogue.types';

@Resolver()
export class CatalogueResolver {
  @Query(() => [AgencyType], { description: 'The agency catalogue, by code (rearranged units included, with their validity dates)' })
  agencies(@Ctx() { em }: ApiContext): Promise<AgencyType[]> {
    return em.find(Agency, {}, { orderBy: { code: 'asc' } });
  }

  @Query(() => [ProcedureType], { description: 'The procedure catalogue, by code' })
  procedures(@Ctx() { em }: ApiContext): Promise<ProcedureType[]> {
    return em.find(Procedure, {}, { orderBy: { code: 'asc' } });
  }
}
