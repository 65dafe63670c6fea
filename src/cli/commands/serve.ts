import type { Command } from 'commander';
import { startHub } from '../../app';
import { t } from '../../i18n';
import { logger } from '../../logger';
import type { Cli } from '../program';
import { assertReady } from '../runtime';

/** `hub api`, `hub worker`, `hub all`: long-running processes, stopped by main.ts's one shutdown path. */
export function registerServeCommands(program: Command, cli: Cli): void {
  for (const [name, parts] of [
    ['api', { api: true, worker: false }],
    ['worker', { api: false, worker: true }],
    ['all', { api: true, worker: true }],
  ] as const) {
    program
      .command(name)
      .description(t(`cmd.${name}`))
      .action(
        cli.action(async () => {
          const e = cli.env();
          // The log is this process's output: keep its level as configured.
          logger.level = e.LOG_LEVEL;
          await assertReady(e);
          const hub = await startHub(e, parts);
          if (hub.api) logger.info({ url: hub.api.url }, 'GraphQL API listening');
          if (hub.worker) logger.info({ concurrency: e.WORKER_CONCURRENCY }, 'sync worker started');
          await cli.untilSignal(hub);
        }),
      );
  }
}
