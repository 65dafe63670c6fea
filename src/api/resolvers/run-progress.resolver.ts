import { Arg, Int, Resolver, Root, Subscription } from 'type-graphql';
import { accessError, Sensitivity } from '../../auth/policy';
import { can, Permission } from '../../auth/roles';
import { getRun } from '../../control';
import { ControlError } from '../../control/errors';
import type { ApiContext } from '../context';
import { toGraphQLError } from '../control-errors';
import { ConnectorRunType } from '../types/connector-run.types';
import { runType } from './connector-run.resolver';

const TERMINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

/** How often a followed run is read again: runs are written by workers in other processes, so the store is polled. */
export const PROGRESS_POLL_MS = 1000;

/**
 * A run's progress as it changes: the run at once, then each time anything in it changes
 * (checked every PROGRESS_POLL_MS), ending after the run ends. The run's state lives in
 * PostgreSQL, written by whichever worker process runs it, so one read per interval per
 * subscription is the whole cost, and any API process can serve any run.
 */
async function* followRun(ctx: ApiContext, runId: number, signal?: AbortSignal): AsyncGenerator<{ runProgress: ConnectorRunType }> {
  let last = '';
  for (;;) {
    let run;
    try {
      run = runType(await getRun({ em: ctx.em }, runId));
    } catch (error) {
      if (error instanceof ControlError) throw toGraphQLError(error);
      throw error;
    }
    const seen = JSON.stringify({ ...run, progress: { ...run.progress, elapsedSeconds: 0, etaSeconds: null, recordsPerSecond: null } });
    if (seen !== last) {
      last = seen;
      yield { runProgress: run };
    }
    if (TERMINAL.has(run.status)) return;
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
    if (signal?.aborted) return;
    ctx.em.clear();
  }
}

@Resolver()
export class RunProgressResolver {
  @Subscription(() => ConnectorRunType, {
    description: 'Live progress of a connector run over graphql-ws (same URL as /graphql, the key in connectionParams.Authorization): the run now, then at each change, until it ends. Without WebSockets, poll connectorRun(runId).',
    subscribe: ({ args, context }) => {
      const ctx = context as ApiContext;
      if (!can(ctx.viewer, Permission.RUNS)) throw accessError(ctx.viewer, 'Subscription.runProgress', `the permission ${Permission.RUNS}`);
      return followRun(ctx, (args as { runId: number }).runId);
    },
  })
  @Sensitivity('internal')
  runProgress(@Root() payload: { runProgress: ConnectorRunType }, @Arg('runId', () => Int) _runId: number): ConnectorRunType {
    return payload.runProgress;
  }
}
