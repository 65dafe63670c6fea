import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { SyncRun } from '../../entities';
import { toConnection } from '../connection';
import { toGlobalId } from '../global-id';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { SyncRunConnection, SyncRunFilter, SyncRunType } from '../types/sync-run.types';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { connectionCost } from '../limits';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

@Resolver(() => SyncRunType)
export class SyncRunResolver {
  @FieldResolver(() => ID)
  @Sensitivity('public')
  id(@Root() r: SyncRun): string {
    return toGlobalId('SyncRun', r.id);
  }

  @FieldResolver(() => Int)
  @Sensitivity('internal')
  runId(@Root() r: SyncRun): number {
    return r.id;
  }

  @FieldResolver(() => String, { nullable: true })
  @Sensitivity('internal')
  cursorBefore(@Root() r: SyncRun): string | null {
    return json(r.cursorBefore);
  }

  @FieldResolver(() => String, { nullable: true })
  @Sensitivity('internal')
  cursorAfter(@Root() r: SyncRun): string | null {
    return json(r.cursorAfter);
  }

  @Query(() => SyncRunConnection, { nullable: true, complexity: connectionCost, description: 'Sync runs, newest first (Relay connection)' })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async syncRuns(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => SyncRunFilter, { nullable: true }) filter: SyncRunFilter | null,
  ): Promise<SyncRunConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const where: FilterQuery<SyncRun> = {};
    if (filter?.connectorName != null) where.connectorName = filter.connectorName;
    if (filter?.stream != null) where.stream = filter.stream;
    if (filter?.status != null) where.status = filter.status;
    const page = await em.find(SyncRun, cursor ? { $and: [where, { id: { $lt: cursor.id } }] } : where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    return toConnection(page, limit, (r) => encodeCursor({ value: null, id: r.id }), () => em.count(SyncRun, where)) as unknown as SyncRunConnection;
  }
}
