import type { Command } from 'commander';
import { ensureDatabase } from '../../db/database';
import { migrateDatabase } from '../../db/migrate';
import { t } from '../../i18n';
import { logger } from '../../logger';
import { runDemo } from '../demo';
import { say } from '../output';
import type { Cli } from '../program';

/** `hub demo` and `hub migrate`: getting a hub running. */
export function registerSetupCommands(program: Command, cli: Cli): void {
  program
    .command('demo')
    .description(t('cmd.demo'))
    .action(
      cli.action(async () => {
        logger.level = process.env.LOG_LEVEL ?? 'warn';
        await runDemo(cli.env());
      }),
    );

  program
    .command('migrate')
    .description(t('cmd.migrate'))
    .action(
      cli.action(async () => {
        const e = cli.env();
        const created = await ensureDatabase(e.DATABASE_URL);
        const applied = await migrateDatabase(e.DATABASE_URL);
        const parts = [created ? t('migrate.created') : '', applied.length ? t('migrate.applied', { names: applied.join(', ') }) : t('migrate.upToDate')];
        say(parts.filter(Boolean).join(' '));
      }),
    );
}
