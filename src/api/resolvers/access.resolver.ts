import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { listApiKeys } from '../../auth/api-keys';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { type ApiKey, PiiRead } from '../../entities';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { ApiKeyType, PiiReadConnection, PiiReadFilter, ViewerType } from '../types/access.types';
import { connectionCost } from '../limits';

@Resolver()
export class AccessResolver {
  @Query(() => ViewerType, { description: 'Who the API takes you to be, and what you may read' })
  @Sensitivity('public')
  viewer(@Ctx() { viewer }: ApiContext): ViewerType {
    return { role: viewer.role, permissions: [...viewer.permissions].sort(), keyId: viewer.keyId, name: viewer.name };
  }

  @Query(() => PiiReadConnection, { nullable: true, complexity: connectionCost, description: 'Requests that served personal data in clear, newest first (auditors)' })
  @Sensitivity('internal')
  @Requires(Permission.AUDIT)
  async piiReads(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => PiiReadFilter, { nullable: true }) filter: PiiReadFilter | null,
  ): Promise<PiiReadConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const where: FilterQuery<PiiRead> = {};
    if (filter?.record != null) where.records = { $contains: [filter.record] };
    if (filter?.keyId != null) where.keyId = filter.keyId;
    if (filter?.from != null || filter?.to != null) where.readAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    const page = await em.find(PiiRead, cursor ? { $and: [where, { id: { $lt: String(cursor.id) } }] } : where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    return toConnection(page, limit, (r) => encodeCursor({ value: null, id: Number(r.id) }), () => em.count(PiiRead, where));
  }

  @Query(() => [ApiKeyType], { nullable: true, description: 'Every API key, revoked ones included (admins)' })
  @Sensitivity('internal')
  @Requires(Permission.KEYS)
  apiKeys(@Ctx() { em }: ApiContext): Promise<ApiKey[]> {
    return listApiKeys(em);
  }
}
