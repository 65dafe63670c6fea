import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../audit/record';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import {
  clearSchedule,
  connectorHealth,
  connectorStreams,
  type ConnectorView,
  type ControlDeps,
  createConnector,
  getConnector,
  listConnectors,
  pauseConnector,
  removeConnector,
  resumeConnector,
  setSchedule,
  testConnector,
  updateConnector,
} from '../../control';
import { ControlError } from '../../control/errors';
import type { ApiContext } from '../context';
import { control } from '../control-errors';
import {
  ConnectionCheckType,
  ConnectorChangeType,
  ConnectorStreamType,
  ConnectorType,
  CreateConnectorInput,
  ScheduleChangeType,
  StreamHealthType,
  UpdateConnectorInput,
} from '../types/connector.types';

export const depsOf = (ctx: ApiContext): ControlDeps => ({ em: ctx.em, actor: actorOf(ctx.viewer), queue: ctx.queue });

const toType = (v: ConnectorView): ConnectorType => ({ ...v, connectorId: v.id });

/** Errors about a field of an input object name it from the argument: `input.config.baseUrl`. */
async function underInput<T>(fn: () => Promise<T>, arg: string, fields: (field: string) => boolean): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ControlError && error.field && fields(error.field)) throw new ControlError(error.code, `${arg}.${error.field}`, error.message, error.params);
    throw error;
  }
}

@Resolver(() => ConnectorType)
export class ConnectorResolver {
  @FieldResolver(() => [StreamHealthType], { description: 'Per stream: latest run, last success and how long ago, open quarantine' })
  @Sensitivity('internal')
  health(@Root() c: ConnectorType, @Ctx() ctx: ApiContext): Promise<StreamHealthType[]> {
    return control(() => connectorHealth(depsOf(ctx), c.name));
  }

  @Query(() => [ConnectorType], { nullable: true, description: 'Configured connectors (removed ones are not listed), secrets shown as "***"' })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async connectors(@Ctx() ctx: ApiContext): Promise<ConnectorType[]> {
    return (await listConnectors(depsOf(ctx))).map(toType);
  }

  @Query(() => ConnectorType, { nullable: true, description: 'One connector by name (null when there is none)' })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  async connector(@Ctx() ctx: ApiContext, @Arg('name', () => String) name: string): Promise<ConnectorType | null> {
    try {
      return toType(await getConnector(depsOf(ctx), name));
    } catch (error) {
      if (error instanceof ControlError && error.code === 'CONNECTOR_NOT_FOUND') return null;
      throw error;
    }
  }

  @Query(() => [ConnectorStreamType], { nullable: true, description: 'Discover: the streams of a saved connector (name) or of a connector kind' })
  @Sensitivity('internal')
  @Requires(Permission.RUNS)
  connectorStreams(
    @Ctx() ctx: ApiContext,
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Arg('kind', () => String, { nullable: true }) kind: string | null,
  ): Promise<ConnectorStreamType[]> {
    return control(() => connectorStreams(depsOf(ctx), { name, kind }));
  }

  @Mutation(() => ConnectorChangeType, { description: 'Adds a connector: config validated, connection checked (a failed check saves nothing unless skipCheck), secrets sealed' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async createConnector(@Ctx() ctx: ApiContext, @Arg('input', () => CreateConnectorInput) input: CreateConnectorInput): Promise<ConnectorChangeType> {
    const { connector, check } = await control(() =>
      underInput(
        () =>
          createConnector(depsOf(ctx), {
            name: input.name,
            kind: input.kind,
            config: input.config,
            schedule: input.schedule ? { cron: input.schedule.cron, timeZone: input.schedule.timeZone, streams: input.schedule.streams } : null,
            paused: input.paused ?? false,
            skipCheck: input.skipCheck ?? false,
          }),
        'input',
        () => true,
      ),
    );
    return { connector: toType(connector), check };
  }

  @Mutation(() => ConnectorChangeType, { description: 'Changes config fields in part; secrets are write-only and kept when omitted' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async updateConnector(
    @Ctx() ctx: ApiContext,
    @Arg('name', () => String) name: string,
    @Arg('input', () => UpdateConnectorInput) input: UpdateConnectorInput,
  ): Promise<ConnectorChangeType> {
    const { connector, check } = await control(() =>
      underInput(() => updateConnector(depsOf(ctx), name, { config: input.config ?? null, skipCheck: input.skipCheck ?? false }), 'input', (f) => f.startsWith('config')),
    );
    return { connector: toType(connector), check };
  }

  @Mutation(() => ConnectorType, { description: 'Removes a connector; its runs, records, quarantine and audit trail stay' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async removeConnector(@Ctx() ctx: ApiContext, @Arg('name', () => String) name: string): Promise<ConnectorType> {
    return toType(await control(() => removeConnector(depsOf(ctx), name)));
  }

  @Mutation(() => ConnectionCheckType, { description: 'Checks a connection (a saved connector by name, optionally with changed fields, or a kind and config); nothing is saved' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  testConnector(
    @Ctx() ctx: ApiContext,
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Arg('kind', () => String, { nullable: true }) kind: string | null,
    @Arg('config', () => GraphQLJSONObject, { nullable: true }) config: Record<string, unknown> | null,
  ): Promise<ConnectionCheckType> {
    return control(() => testConnector(depsOf(ctx), { name, kind, config }));
  }

  @Mutation(() => ScheduleChangeType, { description: 'Sets a cron schedule (validated by the parser BullMQ uses) in a time zone (default Asia/Ho_Chi_Minh); returns the next five fire times' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  setSchedule(
    @Ctx() ctx: ApiContext,
    @Arg('connector', () => String) connector: string,
    @Arg('cron', () => String) cron: string,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
    @Arg('streams', () => [String], { nullable: true }) streams: string[] | null,
  ): Promise<ScheduleChangeType> {
    return control(() => setSchedule(depsOf(ctx), connector, cron, timeZone ?? undefined, streams));
  }

  @Mutation(() => ScheduleChangeType, { description: 'Takes the schedule away' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async clearSchedule(@Ctx() ctx: ApiContext, @Arg('connector', () => String) connector: string): Promise<ScheduleChangeType> {
    const deps = depsOf(ctx);
    await control(() => clearSchedule(deps, connector));
    const view = await control(() => getConnector(deps, connector));
    return { connector, schedule: null, active: !view.paused };
  }

  @Mutation(() => ConnectorType, { description: 'Pauses: the schedule stops firing and triggers are refused; running syncs finish' })
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async pauseConnector(@Ctx() ctx: ApiContext, @Arg('name', () => String) name: string): Promise<ConnectorType> {
    return toType(await control(() => pauseConnector(depsOf(ctx), name)));
  }

  @Mutation(() => ConnectorType)
  @Sensitivity('internal')
  @Requires(Permission.OPERATE)
  async resumeConnector(@Ctx() ctx: ApiContext, @Arg('name', () => String) name: string): Promise<ConnectorType> {
    return toType(await control(() => resumeConnector(depsOf(ctx), name)));
  }
}
