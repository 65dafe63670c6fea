import type { Command } from 'commander';
import { t } from '../../i18n';
import { formatViolation, verifyIntegrity } from '../../integrity/verify';
import { withPgClient } from '../../store/pg';
import { EXIT } from '../exit-codes';
import { printJson, say } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore } from '../runtime';

/** `hub verify`: the store against its invariant; exit 1 when anything breaks it. */
export function registerVerifyCommand(program: Command, cli: Cli): void {
  program
    .command('verify')
    .description(t('cmd.verify'))
    .option('--limit <n>', t('opt.verify.limit'), (v) => Number(v))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { json?: boolean; limit?: number }) =>
        withStore(cli.env(), async ({ orm }) => {
          const report = await withPgClient(orm, (client) => verifyIntegrity(client, Number.isInteger(opts.limit) && opts.limit! > 0 ? opts.limit : 1000));
          if (opts.json) {
            printJson({ ok: report.ok, violationCount: report.violationCount, violations: report.violations });
          } else {
            for (const v of report.violations) say(formatViolation(v));
            if (report.ok) say(t('verify.ok'));
            else {
              const listed = report.violations.length;
              say(t('verify.violations', { count: report.violationCount, listed: listed < report.violationCount ? t('verify.listed', { listed }) : '' }));
            }
          }
          return report.ok ? EXIT.ok : EXIT.findings;
        }),
      ),
    );
}
