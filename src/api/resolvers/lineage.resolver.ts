import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { QuarantinedRecord, type SourceRecord } from '../../entities';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { FieldChangeType, QuarantinedRecordConnection, QuarantineFilter, QuarantinedRecordType, SourceRecordType, SourceVersionType, VERSION_SOURCE } from '../types/lineage.types';
import { Requires, Sensitivity } from '../../auth/policy';
import { can, Permission } from '../../auth/roles';
import { RECORD_REF } from '../../auth/field-policy';
import { hasPersonalValue, maskPayload, personalFieldsOf } from '../../audit/payload-mask';
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
    const personal = personalFieldsOf(record.sourceSystem, record.stream);
    return versions.map((v, i) => ({
      [VERSION_SOURCE]: { recordId: record.id, payload: v.payload, previous: i === 0 ? undefined : versions[i - 1]!.payload, personal },
      version: v.version,
      hash: v.hash,
      runId: v.runId,
      receivedAt: v.createdAt,
      flags: v.flags,
      changedFields: i === 0 ? [] : changedFields(versions[i - 1]!.payload, v.payload),
    }));
  }
}

@Resolver(() => SourceVersionType)
export class SourceVersionResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The payload exactly as received, as JSON; fields the stream’s spec marks personal are `***` without pii:read (each read in clear is recorded)',
  })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  payload(@Root() v: SourceVersionType, @Ctx() { viewer, piiReads }: ApiContext): string | null {
    const source = v[VERSION_SOURCE];
    if (!source) return null;
    if (!can(viewer, Permission.PII)) return JSON.stringify(maskPayload(source.payload, source.personal));
    if (hasPersonalValue(source.payload, source.personal)) piiReads.add(`SourceRecord:${source.recordId}`, 'SourceVersion.payload');
    return JSON.stringify(source.payload);
  }

  @FieldResolver(() => [FieldChangeType], { nullable: true, description: 'Each changed source field with its value before and after (values need pii:read)' })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  changes(@Root() v: SourceVersionType): FieldChangeType[] {
    const source = v[VERSION_SOURCE];
    if (!source || source.previous === undefined) return [];
    const a = (source.previous ?? {}) as Record<string, unknown>;
    const b = (source.payload ?? {}) as Record<string, unknown>;
    const json = (x: unknown) => (x === undefined ? null : JSON.stringify(x));
    return v.changedFields.map((field) => Object.assign(new FieldChangeType(), { field, before: json(a[field]), after: json(b[field]), [RECORD_REF]: `SourceRecord:${source.recordId}` }));
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
