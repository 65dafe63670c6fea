import type { Command } from 'commander';
import { cliActor, recordAudit } from '../../audit/record';
import { t } from '../../i18n';
import { rebuildIndicatorFacts } from '../../indicators/rebuild';
import { withPgClient } from '../../store/pg';
import { EXIT } from '../exit-codes';
import { printJson, say } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore } from '../runtime';

/** `hub indicators rebuild`: recompute the roll-ups the indicator queries read. */
export function registerIndicatorCommands(program: Command, cli: Cli): void {
  const indicators = program.command('indicators').description(t('cmd.indicators'));
  indicators
    .command('rebuild')
    .description(t('cmd.indicators.rebuild'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { json?: boolean }) =>
        withStore(cli.env(), async ({ orm }) => {
          const result = await withPgClient(orm, (client) =>
            rebuildIndicatorFacts(client, (r) => recordAudit(client, { action: 'indicators.rebuild', actor: cliActor(), target: { type: 'indicators', id: 'facts' }, details: { ...r } })),
          );
          if (opts.json) printJson(result);
          else say(t('indicators.rebuilt', { seconds: (result.ms / 1000).toFixed(1), dossiers: result.dossiers, dayRows: result.dayRows, monthRows: result.monthRows }));
          return EXIT.ok;
        }),
      ),
    );
}
