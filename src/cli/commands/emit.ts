import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { printHubAccessMatrix, printHubSchema } from '../../api/schema';
import { t } from '../../i18n';
import { readmeWithSpecs } from '../readme-specs';
import { say } from '../output';
import type { Cli } from '../program';

/** `hub schema:emit`, `hub specs:emit`: the generated files, rewritten from the code. */
export function registerEmitCommands(program: Command, cli: Cli): void {
  program
    .command('schema:emit')
    .description(t('cmd.schemaEmit'))
    .action(
      cli.action(async () => {
        const file = resolve(__dirname, '../../../../schema/schema.graphql');
        writeFileSync(file, await printHubSchema());
        const matrix = resolve(__dirname, '../../../../schema/access-matrix.txt');
        writeFileSync(matrix, await printHubAccessMatrix());
        say(t('emit.wrote', { files: `${file}, ${matrix}` }));
      }),
    );

  program
    .command('specs:emit')
    .description(t('cmd.specsEmit'))
    .action(
      cli.action(() => {
        const file = resolve(__dirname, '../../../../README.md');
        writeFileSync(file, readmeWithSpecs(readFileSync(file, 'utf8')));
        say(t('emit.wrote', { files: file }));
        return Promise.resolve();
      }),
    );
}
