import type { Command } from 'commander';
import { type RunView, triggerSync } from '../../control';
import { t } from '../../i18n';
import { controlDeps } from '../control-deps';
import { exitCodeOf, followRun } from '../follow';
import { positiveInt } from '../input';
import { printJson, say, warn } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStoreAndQueue } from '../runtime';

export const startedLine = (run: RunView) =>
  run.from ? t('sync.backfillStarted', { id: run.id, connector: run.connector, streams: run.streams.join(', '), from: run.from, to: run.to ?? '' }) : t('sync.started', { id: run.id, connector: run.connector, streams: run.streams.join(', '), full: run.full ? ` ${t('sync.fullNote')}` : '' });

/** `hub sync <connector> [streams…]`: start a run now (incremental, --full, or a --from/--to backfill), optionally following it. */
export function registerSyncCommand(program: Command, cli: Cli): void {
  program
    .command('sync')
    .description(t('cmd.sync'))
    .argument('<connector>', t('arg.connector'))
    .argument('[streams...]', t('arg.streams'))
    .option('--full', t('opt.sync.full'))
    .option('--from <day>', t('opt.sync.from'))
    .option('--to <day>', t('opt.sync.to'))
    .option('--window-days <n>', t('opt.sync.windowDays'), positiveInt('--window-days'))
    .option('--follow', t('opt.sync.follow'))
    .addOption(jsonOption())
    .action(
      cli.action(async (connector: string, streams: string[], opts: { full?: boolean; from?: string; to?: string; windowDays?: number; follow?: boolean; json?: boolean }) =>
        withStoreAndQueue(cli.env(), async (store) => {
          const deps = controlDeps(store);
          const run = await triggerSync(deps, connector, { streams: streams.length ? streams : null, full: opts.full ?? null, from: opts.from ?? null, to: opts.to ?? null, windowDays: opts.windowDays ?? null, trigger: 'cli' });
          // A run nobody picks up waits for ever: say so (it stays queued for the next worker).
          if ((await store.queue.getWorkersCount().catch(() => 1)) === 0) warn(t('sync.noWorker'));
          // Streams a backfill of "all" left out are named, with how to read them instead.
          if (run.notBackfilled.length && !opts.json) warn(t('sync.notBackfilled', { connector, streams: run.notBackfilled.join(', '), command: `hub sync ${connector} ${run.notBackfilled.join(' ')}` }));
          if (!opts.follow) {
            if (opts.json) printJson(run);
            else {
              say(startedLine(run));
              say(t('sync.followHint', { id: run.id }));
            }
            return;
          }
          if (opts.json) process.stdout.write(`${JSON.stringify({ event: 'started', run })}\n`);
          else say(startedLine(run));
          return exitCodeOf(await followRun(deps, run.id, { json: opts.json }));
        }),
      ),
    );
}
