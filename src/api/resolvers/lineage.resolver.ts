import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { QuarantinedRecord, type SourceRecord } from '../../entities';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { QuarantinedRecordConnection, QuarantineFilter, QuarantinedRecordType, SourceRecordType, SourceVersionType } from '../types/lineage.types';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { connectionCost } from '../limits';

/** Top-level keys whose values differ between two payloads. */
export function changedFields(previous: unknown, current: unknown): string[] {
  const a = (previous ?? {}) as Record<string, unknown>;
  const b = (current ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

@Resolver(() => SourceRecordType)
export class SourceRecordResolver {
  @FieldResolver(() => [SourceVersionType], { description: 'Every version, oldest first' })
  @Sensitivity('internal')
  async versions(@Root() record: SourceRecord, @Ctx() { loaders }: ApiContext): Promise<SourceVersionType[]> {
    const versions = await loaders.versionsByRecordId.load(record.id);
    return versions.map((v, i) => ({
      version: v.version,
      hash: v.hash,
      runId: v.runId,
      receivedAt: v.createdAt,
      flags: v.flags,
      changedFields: i === 0 ? [] : changedFields(versions[i - 1]!.payload, v.payload),
    }));
  }
}

@Resolver()
export class QuarantineResolver {
  @Query(() => QuarantinedRecordConnection, {
    nullable: true,
    complexity: connectionCost,
    description: 'Records sent to quarantine as malformed (one entry per record, however often it was read malformed), newest first',
  })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async quarantine(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => QuarantineFilter, { nullable: true }) filter: QuarantineFilter | null,
  ): Promise<QuarantinedRecordConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const where: FilterQuery<QuarantinedRecord> = {};
    if (filter?.connectorId != null) where.connectorId = filter.connectorId;
    if (filter?.stream != null) where.stream = filter.stream;
    if (filter?.runId != null) where.runId = filter.runId;
    if (filter?.open != null) where.resolvedAt = filter.open ? null : { $ne: null };
    const page = await em.find(QuarantinedRecord, cursor ? { $and: [where, { id: { $lt: cursor.id } }] } : where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    const nodes = page.map(
      (q): QuarantinedRecordType => ({
        id: q.id,
        runId: q.runId,
        firstRunId: q.firstRunId,
        lastRunId: q.runId,
        timesSeen: q.timesSeen,
        connectorId: q.connectorId,
        stream: q.stream,
        sourceKey: q.sourceKey,
        reason: q.reason,
        payloadFields: q.payload !== null && typeof q.payload === 'object' ? Object.keys(q.payload).sort() : [],
        createdAt: q.createdAt,
        lastSeenAt: q.lastSeenAt,
        resolvedAt: q.resolvedAt,
        resolvedRunId: q.resolvedRunId,
      }),
    );
    return toConnection(nodes, limit, (n) => encodeCursor({ value: null, id: n.id }), () => em.count(QuarantinedRecord, where));
  }
}
