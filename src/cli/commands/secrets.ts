import type { Command } from 'commander';
import { t } from '../../i18n';
import { rotateConnectorSecrets } from '../../secrets/connector-secrets';
import { printJson, say } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore } from '../runtime';

/** `hub secrets rotate`: re-seal connector secrets with the current SECRETS_KEY. */
export function registerSecretCommands(program: Command, cli: Cli): void {
  const secrets = program.command('secrets').description(t('cmd.secrets'));
  secrets
    .command('rotate')
    .description(t('cmd.secrets.rotate'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { json?: boolean }) =>
        withStore(cli.env(), async ({ em }) => {
          const result = await rotateConnectorSecrets(em);
          if (opts.json) printJson(result);
          else say(result.values ? t('secrets.rotated', { values: result.values, connectors: result.connectors }) : t('secrets.current'));
        }),
      ),
    );
}
