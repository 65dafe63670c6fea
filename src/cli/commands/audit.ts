import type { Command } from 'commander';
import { AuditUsageError, AUDIT_USAGE, auditCheckpointCommand, auditExportCommand, auditHeadCommand, auditPublicKeyCommand, auditVerifyBundleCommand, auditVerifyCommand } from '../../audit/cli';
import { SigningKeyError } from '../../audit/signing';
import { t } from '../../i18n';
import { usageError } from '../errors';
import type { ExitCode } from '../exit-codes';
import type { Cli } from '../program';
import { withStore } from '../runtime';

type StoreCommand = (em: Parameters<typeof auditVerifyCommand>[0], args: string[]) => Promise<number>;

/** The audit commands parse their own options (src/audit/cli.ts); their usage errors are the CLI's. */
async function asCliOutcome(run: () => Promise<number>): Promise<ExitCode> {
  try {
    return (await run()) as ExitCode;
  } catch (error) {
    if (error instanceof AuditUsageError || error instanceof SigningKeyError) throw usageError(`${error.message}\n${AUDIT_USAGE}`);
    throw error;
  }
}

/** `hub audit verify|head|checkpoint|public-key|export|verify-bundle`: the tamper-evident log and evidence bundles. */
export function registerAuditCommands(program: Command, cli: Cli): void {
  const audit = program.command('audit').description(t('cmd.audit'));
  const withDb = (name: string, description: string, command: StoreCommand) =>
    audit
      .command(name)
      .description(description)
      .allowUnknownOption()
      .allowExcessArguments()
      .helpOption(false)
      .action(cli.action(async (_opts: unknown, self: Command) => asCliOutcome(() => withStore(cli.env(), ({ orm }) => command(orm.em.fork(), self.args)))));
  withDb('verify', t('cmd.audit.verify'), auditVerifyCommand);
  withDb('head', t('cmd.audit.head'), auditHeadCommand);
  withDb('checkpoint', t('cmd.audit.checkpoint'), auditCheckpointCommand);
  withDb('export', t('cmd.audit.export'), auditExportCommand);
  audit
    .command('public-key')
    .description(t('cmd.audit.publicKey'))
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(cli.action(async (_opts: unknown, self: Command) => asCliOutcome(() => auditPublicKeyCommand(self.args))));
  audit
    .command('verify-bundle')
    .description(t('cmd.audit.verifyBundle'))
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(cli.action(async (_opts: unknown, self: Command) => asCliOutcome(() => auditVerifyBundleCommand(self.args))));
  audit.addHelpText('after', `\n${AUDIT_USAGE}`);
}
