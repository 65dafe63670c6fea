import { type Command, Option } from 'commander';
import { cancelRun, getRun, listRuns, type RunView } from '../../control';
import { t } from '../../i18n';
import { controlDeps } from '../control-deps';
import { usageError } from '../errors';
import { exitCodeOf, followRun, printRunSummary, runLine } from '../follow';
import { positiveInt } from '../input';
import { duration, statusText } from '../labels';
import { minute, printJson, say, table } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore, withStoreAndQueue } from '../runtime';

const runId = (value: string): number => {
  const id = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(id) || id < 1) throw usageError(t('runs.badId', { value }));
  return id;
};

const startedBy = (run: RunView) => run.startedBy?.name ?? run.startedBy?.id ?? run.trigger;

function printRun(run: RunView): void {
  say(runLine(run));
  say(`  ${t('runs.trigger')}: ${run.trigger}, ${startedBy(run)}   ${t('runs.requested')}: ${minute(run.requestedAt)} UTC${run.finishedAt ? `   ${t('runs.finished')}: ${minute(run.finishedAt)} UTC` : ''}`);
  if (run.from) say(`  ${t('runs.backfill', { from: run.from, to: run.to ?? '' })}`);
  if (run.full) say(`  ${t('sync.fullNote')}`);
  if (run.cancelRequestedAt) say(`  ${t('runs.cancelRequested', { at: minute(run.cancelRequestedAt), by: run.cancelledBy?.name ?? '?' })}`);
  say(
    table(
      [t('col.stream'), t('col.state'), '%', t('col.read'), t('col.inserted'), t('col.updated'), t('col.quarantined'), t('col.attempts'), t('col.error')],
      run.streamRuns.map((s) => [
        s.stream,
        statusText(s.status),
        s.fraction === null ? null : Math.round(s.fraction * 100),
        s.read,
        s.inserted,
        s.updated,
        s.failed,
        s.attempts,
        s.errorClass ? `${s.errorClass}: ${s.errorMessage ?? ''}${s.nextRetryAt ? ` (${t('follow.nextRetry', { at: minute(s.nextRetryAt) })})` : ''}` : null,
      ]),
      2,
    ),
  );
}

/** `hub runs list|show|follow|cancel`: connector runs, who started them, their progress and outcome. */
export function registerRunCommands(program: Command, cli: Cli): void {
  const runs = program.command('runs').description(t('cmd.runs'));

  runs
    .command('list')
    .description(t('cmd.runs.list'))
    .option('--connector <name>', t('opt.runs.connector'))
    .addOption(new Option('--status <status>', t('opt.runs.status')).choices(['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled']))
    .option('--limit <n>', t('opt.runs.limit'), positiveInt('--limit'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { connector?: string; status?: string; limit?: number; json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const page = await listRuns(controlDeps(store), { connector: opts.connector ?? null, status: opts.status ?? null, first: opts.limit ?? 20 });
          if (opts.json) return printJson(page);
          if (!page.runs.length) return say(t('runs.none'));
          say(
            table(
              [t('col.run'), t('col.connector'), t('col.state'), '%', t('col.streams'), t('col.read'), t('col.quarantined'), t('col.trigger'), t('col.requested'), t('col.took')],
              page.runs.map((r) => [`#${r.id}`, r.connector, statusText(r.status), Math.round(r.progress.fraction * 100), r.from ? `${r.streams.join(',')} [${r.from}, ${r.to})` : r.streams.join(','), r.progress.read, r.progress.failed, `${r.trigger}: ${startedBy(r)}`, minute(r.requestedAt), r.finishedAt ? duration(r.progress.elapsedSeconds) : null]),
            ),
          );
          if (page.hasMore) say(t('runs.more', { shown: page.runs.length, total: page.totalCount }));
        }),
      ),
    );

  runs
    .command('show')
    .description(t('cmd.runs.show'))
    .argument('<run>', t('arg.run'), runId)
    .addOption(jsonOption())
    .action(
      cli.action(async (id: number, opts: { json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const run = await getRun(controlDeps(store), id);
          if (opts.json) printJson(run);
          else printRun(run);
        }),
      ),
    );

  runs
    .command('follow')
    .description(t('cmd.runs.follow'))
    .argument('<run>', t('arg.run'), runId)
    .addOption(jsonOption())
    .action(
      cli.action(async (id: number, opts: { json?: boolean }) =>
        withStore(cli.env(), async (store) => exitCodeOf(await followRun(controlDeps(store), id, opts))),
      ),
    );

  runs
    .command('cancel')
    .description(t('cmd.runs.cancel'))
    .argument('<run>', t('arg.run'), runId)
    .addOption(jsonOption())
    .action(
      cli.action(async (id: number, opts: { json?: boolean }) =>
        withStoreAndQueue(cli.env(), async (store) => {
          const run = await cancelRun(controlDeps(store), id);
          if (opts.json) return printJson(run);
          say(t('runs.cancelled', { id }));
          if (run.status === 'cancelled') printRunSummary(run);
        }),
      ),
    );
}
