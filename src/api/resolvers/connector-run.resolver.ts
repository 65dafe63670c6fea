import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { cancelRun, getRun, listRuns, replayQuarantined, resetStream, type RunView, triggerSync } from '../../control';
import { ControlError } from '../../control/errors';
import type { ApiContext } from '../context';
import { control } from '../control-errors';
import { connectionCost } from '../limits';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { QuarantineReplayFilter, QuarantineReplayType, StreamResetType } from '../types/connector.types';
import { ConnectorRunConnection, ConnectorRunType } from '../types/connector-run.types';
import { depsOf } from './connector.resolver';

export const runType = (v: RunView): ConnectorRunType => ({ ...v, id: String(v.id), runId: v.id });

@Resolver(() => ConnectorRunType)
export class ConnectorRunResolver {
  @Mutation(() => ConnectorRunType, {
    description: 'Starts a connector run of the streams (default all); with from/to (yyyy-MM-dd, to exclusive) a backfill of window jobs run by every worker. An unknown stream is refused, named.',
  })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async triggerSync(
    @Ctx() ctx: ApiContext,
    @Arg('connector', () => String) connector: string,
    @Arg('streams', () => [String], { nullable: true }) streams: string[] | null,
    @Arg('full', () => Boolean, { nullable: true }) full: boolean | null,
    @Arg('from', () => String, { nullable: true }) from: string | null,
    @Arg('to', () => String, { nullable: true }) to: string | null,
    @Arg('windowDays', () => Int, { nullable: true, description: 'Days per backfill window (default 7)' }) windowDays: number | null,
  ): Promise<ConnectorRunType> {
    return runType(await control(() => triggerSync(depsOf(ctx), connector, { streams, full, from, to, windowDays })));
  }

  @Mutation(() => ConnectorRunType, { description: 'Cancels a run: streams not started are dropped, running ones stop at their next checkpoint and end cancelled' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async cancelRun(@Ctx() ctx: ApiContext, @Arg('runId', () => Int) runId: number): Promise<ConnectorRunType> {
    return runType(await control(() => cancelRun(depsOf(ctx), runId)));
  }

  @Mutation(() => StreamResetType, { description: 'Forgets a stream\'s checkpoint (its next run reads from the start), with a reason kept in the audit log' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  resetStream(
    @Ctx() ctx: ApiContext,
    @Arg('connector', () => String) connector: string,
    @Arg('stream', () => String) stream: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<StreamResetType> {
    return control(() => resetStream(depsOf(ctx), connector, stream, reason));
  }

  @Mutation(() => QuarantineReplayType, { description: 'Re-maps quarantined payloads with today\'s mapping; entries that now map are stored and closed' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  replayQuarantined(
    @Ctx() ctx: ApiContext,
    @Arg('ids', () => [Int], { nullable: true }) ids: number[] | null,
    @Arg('filter', () => QuarantineReplayFilter, { nullable: true }) filter: QuarantineReplayFilter | null,
  ): Promise<QuarantineReplayType> {
    return control(() => replayQuarantined(depsOf(ctx), { ids, filter }));
  }

  @Query(() => ConnectorRunConnection, { nullable: true, complexity: connectionCost, description: 'Connector runs, newest first (Relay connection), with their stream runs' })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async connectorRuns(
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('connector', () => String, { nullable: true }) connector: string | null,
    @Arg('status', () => String, { nullable: true }) status: string | null,
  ): Promise<ConnectorRunConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const page = await listRuns(depsOf(ctx), { connector, status, first: limit, beforeId: cursor?.id ?? null });
    const edges = page.runs.map((r) => ({ cursor: encodeCursor({ value: null, id: r.id }), node: runType(r) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasMore, hasPreviousPage: cursor !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => ConnectorRunType, {
    nullable: true,
    description: 'One connector run, with progress: the polling form of the runProgress subscription (ask every second or two; null when there is no such run)',
  })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async connectorRun(@Ctx() ctx: ApiContext, @Arg('runId', () => Int) runId: number): Promise<ConnectorRunType | null> {
    try {
      return runType(await getRun(depsOf(ctx), runId));
    } catch (error) {
      if (error instanceof ControlError && error.code === 'RUN_NOT_FOUND') return null;
      throw error;
    }
  }
}
