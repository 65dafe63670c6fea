import type { Command } from 'commander';
import { t } from '../../i18n';
import type { ExitCode } from '../exit-codes';
import { runIndicatorsCommand } from '../indicators';
import type { Cli } from '../program';
import { withStore } from '../runtime';

/** `hub indicators rebuild`: recompute the roll-ups the indicator queries read. */
export function registerIndicatorCommands(program: Command, cli: Cli): void {
  const indicators = program.command('indicators').description(t('cmd.indicators'));
  indicators
    .command('rebuild')
    .description(t('cmd.indicators.rebuild'))
    .action(cli.action(async () => (await withStore(cli.env(), ({ orm }) => runIndicatorsCommand(orm.em.fork(), ['rebuild']))) as ExitCode));
}
