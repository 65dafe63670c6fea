import type { Command } from 'commander';
import { replayQuarantined } from '../../control';
import { t } from '../../i18n';
import { getQuarantined, listQuarantined } from '../../quarantine/queries';
import { controlDeps } from '../control-deps';
import { CliError, usageError } from '../errors';
import { EXIT } from '../exit-codes';
import { positiveInt } from '../input';
import { minute, printJson, say, table } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore } from '../runtime';

const entryId = (value: string): number => {
  const id = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(id) || id < 1) throw usageError(t('quarantine.badId', { value }));
  return id;
};
const entryIds = (value: string, previous: number[] = []): number[] => [...previous, entryId(value)];

/** Long reasons cut for the table; `show` has them whole. */
const short = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `hub quarantine list|show|replay`: records that did not map, and re-mapping them with today's code. */
export function registerQuarantineCommands(program: Command, cli: Cli): void {
  const quarantine = program.command('quarantine').description(t('cmd.quarantine'));

  quarantine
    .command('list')
    .description(t('cmd.quarantine.list'))
    .option('--connector <name>', t('opt.runs.connector'))
    .option('--stream <name>', t('opt.quarantine.stream'))
    .option('--reason <text>', t('opt.quarantine.reason'))
    .option('--all', t('opt.quarantine.all'))
    .option('--limit <n>', t('opt.quarantine.limit'), positiveInt('--limit'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { connector?: string; stream?: string; reason?: string; all?: boolean; limit?: number; json?: boolean }) =>
        withStore(cli.env(), async ({ em }) => {
          const { entries, total } = await listQuarantined(em, { connector: opts.connector, stream: opts.stream, reasonContains: opts.reason, all: opts.all, limit: opts.limit ?? 50 });
          if (opts.json) return printJson({ entries, total });
          if (!entries.length) return say(opts.all ? t('quarantine.noneAtAll') : t('quarantine.none'));
          say(
            table(
              [t('col.id'), t('col.connector'), t('col.stream'), t('col.key'), t('col.seen'), t('col.lastSeen'), t('col.state'), t('col.reason')],
              entries.map((e) => [`#${e.id}`, e.connector, e.stream, e.sourceKey, e.timesSeen, minute(e.lastSeenAt), e.resolvedAt ? t('quarantine.closed') : t('quarantine.open'), short(e.reason)]),
            ),
          );
          if (total > entries.length) say(t('quarantine.more', { shown: entries.length, total }));
          say(t('quarantine.replayHint'));
        }),
      ),
    );

  quarantine
    .command('show')
    .description(t('cmd.quarantine.show'))
    .argument('<id>', t('arg.quarantineId'), entryId)
    .addOption(jsonOption())
    .action(
      cli.action(async (id: number, opts: { json?: boolean }) =>
        withStore(cli.env(), async ({ em }) => {
          const entry = await getQuarantined(em, id);
          if (!entry) throw new CliError(t('quarantine.notFound', { id }), EXIT.usage);
          if (opts.json) return printJson(entry);
          say(`#${entry.id}  ${entry.connector ?? '?'}/${entry.stream}  ${t('col.key')}: ${entry.sourceKey ?? '—'}  ${entry.resolvedAt ? t('quarantine.closedAt', { at: minute(entry.resolvedAt), run: entry.resolvedRunId ?? '?' }) : t('quarantine.open')}`);
          say(`  ${t('col.reason')}: ${entry.reason}`);
          say(`  ${t('quarantine.seen', { times: entry.timesSeen, first: minute(entry.createdAt), last: minute(entry.lastSeenAt), firstRun: entry.firstRunId, run: entry.runId })}`);
          say(`  ${t('quarantine.payload')}:`);
          say(JSON.stringify(entry.payload, null, 2).replace(/^/gm, '    '));
        }),
      ),
    );

  quarantine
    .command('replay')
    .description(t('cmd.quarantine.replay'))
    .argument('[ids...]', t('arg.quarantineIds'))
    .option('--connector <name>', t('opt.runs.connector'))
    .option('--stream <name>', t('opt.quarantine.stream'))
    .option('--reason <text>', t('opt.quarantine.reason'))
    .addOption(jsonOption())
    .action(
      cli.action(async (ids: string[], opts: { connector?: string; stream?: string; reason?: string; json?: boolean }) => {
        const chosen = ids.reduce<number[]>((all, v) => entryIds(v, all), []);
        const filtered = Boolean(opts.connector || opts.stream || opts.reason);
        if (!chosen.length && !filtered) throw usageError(t('quarantine.replayNeeds'));
        if (chosen.length && filtered) throw usageError(t('quarantine.replayEither'));
        return withStore(cli.env(), async (store) => {
          const outcome = await replayQuarantined(controlDeps(store), chosen.length ? { ids: chosen } : { filter: { connector: opts.connector ?? null, stream: opts.stream ?? null, reasonContains: opts.reason ?? null } });
          if (opts.json) printJson(outcome);
          else {
            say(t('quarantine.replayed', { considered: outcome.considered, resolved: outcome.resolved.length, still: outcome.stillFailing.length, skipped: outcome.skipped.length }));
            for (const s of outcome.stillFailing.slice(0, 20)) say(`  #${s.id} ${t('quarantine.stillFailing')}: ${short(s.reason, 100)}`);
            for (const s of outcome.skipped.slice(0, 20)) say(`  #${s.id} ${t('quarantine.skipped')}: ${s.reason}`);
            if (outcome.runIds.length) say(t('quarantine.replayRuns', { runs: outcome.runIds.map((r) => `#${r}`).join(', ') }));
          }
          return outcome.stillFailing.length ? EXIT.findings : EXIT.ok;
        });
      }),
    );
}
