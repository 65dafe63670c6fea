import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { SyncRun } from '../../entities';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { SyncRunConnection, SyncRunFilter, SyncRunType } from '../types/sync-run.types';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

@Resolver()
export class SyncRunResolver {
  @Query(() => SyncRunConnection, { description: 'Sync runs, newest first (Relay connection)' })
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
    const edges = page.slice(0, limit).map((r) => ({
      cursor: encodeCursor({ value: null, id: r.id }),
      node: { ...r, status: r.status, cursorBefore: json(r.cursorBefore), cursorAfter: json(r.cursorAfter) } as unknown as SyncRunType,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: page.length > limit, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      count: () => em.count(SyncRun, where),
    };
  }
}

@Resolver(() => SyncRunConnection)
export class SyncRunConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() c: SyncRunConnection): Promise<number> {
    return c.count();
  }
}
