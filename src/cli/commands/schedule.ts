import type { Command } from 'commander';
import { clearSchedule, type ScheduleView, setSchedule } from '../../control';
import { t } from '../../i18n';
import { controlDeps } from '../control-deps';
import { collectList } from '../input';
import { minute, printJson, say } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStoreAndQueue } from '../runtime';

/** `"0 7 * * *" Asia/Ho_Chi_Minh (dossiers, payments)`. */
export function describeSchedule(s: Pick<ScheduleView, 'cron' | 'timeZone' | 'streams'>): string {
  return `"${s.cron}" ${s.timeZone}${s.streams?.length ? ` (${s.streams.join(', ')})` : ''}`;
}

/** A fire time in the schedule's own zone, as the person setting it thinks of it. */
function local(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** `hub schedule set|clear`: when a connector syncs by itself. */
export function registerScheduleCommands(program: Command, cli: Cli): void {
  const schedule = program.command('schedule').description(t('cmd.schedule'));

  schedule
    .command('set')
    .description(t('cmd.schedule.set'))
    .argument('<connector>', t('arg.connector'))
    .argument('<cron>', t('arg.cron'))
    .option('--tz <zone>', t('opt.schedule.tz'))
    .option('--streams <names>', t('opt.schedule.streams'), collectList)
    .addOption(jsonOption())
    .action(
      cli.action(async (connector: string, cron: string, opts: { tz?: string; streams?: string[]; json?: boolean }) =>
        withStoreAndQueue(cli.env(), async (store) => {
          const result = await setSchedule(controlDeps(store), connector, cron, opts.tz, opts.streams ?? null);
          if (opts.json) return printJson(result);
          say(t('schedule.saved', { connector, schedule: describeSchedule(result.schedule) }));
          if (!result.active) say(t('schedule.pausedNote', { connector }));
          say(`${t('schedule.next')}:`);
          for (const d of result.schedule.nextFireTimes) say(`  ${local(d, result.schedule.timeZone)} ${result.schedule.timeZone}   (${minute(d)} UTC)`);
        }),
      ),
    );

  schedule
    .command('clear')
    .description(t('cmd.schedule.clear'))
    .argument('<connector>', t('arg.connector'))
    .addOption(jsonOption())
    .action(
      cli.action(async (connector: string, opts: { json?: boolean }) =>
        withStoreAndQueue(cli.env(), async (store) => {
          const result = await clearSchedule(controlDeps(store), connector);
          if (opts.json) printJson(result);
          else say(result.hadSchedule ? t('schedule.cleared', { connector }) : t('schedule.hadNone', { connector }));
        }),
      ),
    );
}
