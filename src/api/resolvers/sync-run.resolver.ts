import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { SyncRun } from '../../entities';
import { toConnection } from '../connection';
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
    const nodes = page.map((r) => ({ ...r, cursorBefore: json(r.cursorBefore), cursorAfter: json(r.cursorAfter) }) as unknown as SyncRunType);
    return toConnection(nodes, limit, (n) => encodeCursor({ value: null, id: n.id }), () => em.count(SyncRun, where));
  }
}
