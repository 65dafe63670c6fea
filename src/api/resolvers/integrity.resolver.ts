import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { verifyIntegrity } from '../../integrity/verify';
import { withPgClient } from '../../store/pg';
import type { ApiContext } from '../context';
import { userInputError } from '../errors';
import { type IntegrityCheck, IntegrityReportType } from '../types/integrity.types';

@Resolver()
export class IntegrityResolver {
  @Query(() => IntegrityReportType, { nullable: true, description: 'For operators: checks the store against its invariant (as `hub verify` does) and lists what is broken' })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async integrity(
    @Ctx() { em }: ApiContext,
    @Arg('examples', () => Int, { nullable: true, description: 'Violations listed per check, at most 1000 (default 100)' }) examples: number | null,
  ): Promise<IntegrityReportType> {
    const n = examples ?? 100;
    if (n < 0 || n > 1000) throw userInputError('"examples" must be between 0 and 1000', 'examples');
    const report = await withPgClient(em, (client) => verifyIntegrity(client, n));
    return { ...report, violations: report.violations.map((v) => ({ ...v, check: v.check as IntegrityCheck })) };
  }
}
