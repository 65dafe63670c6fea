import { Command, type CommanderError, Option } from 'commander';
import type { Hub } from '../app';
import { env as readEnv, type Env } from '../config';
import { LANGUAGES, t } from '../i18n';
import { logger } from '../logger';
import { registerConnectorCommands, registerLegacyConnectorAdd } from './commands/connectors';
import { registerEmitCommands } from './commands/emit';
import { registerKeyCommands } from './commands/keys';
import { registerQuarantineCommands } from './commands/quarantine';
import { registerRunCommands } from './commands/runs';
import { registerScheduleCommands } from './commands/schedule';
import { registerSecretCommands } from './commands/secrets';
import { registerServeCommands } from './commands/serve';
import { registerSetupCommands } from './commands/setup';
import { registerSyncCommand } from './commands/sync';
import { registerVerifyCommand } from './commands/verify';
import { registerAuditCommands } from './commands/audit';
import { registerIndicatorCommands } from './commands/indicators';
import { registerConfigCommands } from './commands/config';
import { EXIT, type ExitCode } from './exit-codes';

/** What every command file gets: the environment (validated on first use), the exit code to set, and main's shutdown path. */
export interface Cli {
  env(): Env;
  /** Runs a command's body; its result (or EXIT.ok) becomes the process's exit code. */
  action<A extends unknown[]>(body: (...args: A) => Promise<ExitCode | void>): (...args: A) => Promise<void>;
  /** main.ts's one shutdown path for `api`, `worker`, `all`. */
  untilSignal(hub: Hub): Promise<void>;
}

/** Commander's built-in headings, in the CLI's language. */
const TITLES: Record<string, Parameters<typeof t>[0]> = {
  'Usage:': 'help.usage',
  'Options:': 'help.options',
  'Commands:': 'help.commands',
  'Arguments:': 'help.arguments',
  'Global Options:': 'help.globalOptions',
};

/** `--json`: every command that prints data takes it. */
export const jsonOption = () => new Option('--json', t('opt.json'));

/**
 * The whole command line. Commander parses and prints help; every text it shows comes
 * from the message catalogue, and its errors are turned into one translated line with
 * exit code 2 (see `commanderFailure`).
 */
export function buildProgram(deps: { untilSignal(hub: Hub): Promise<void> }): { program: Command; outcome: { code: ExitCode } } {
  const outcome: { code: ExitCode } = { code: EXIT.ok };
  const program = new Command('hub');
  program
    .description(t('cli.description'))
    .configureHelp({
      sortSubcommands: false,
      showGlobalOptions: true,
      styleTitle: (title: string) => {
        const key = TITLES[title];
        return key ? t(key) : title;
      },
      styleOptionText: (text: string) => (text === '[options]' ? t('help.optionsPlaceholder') : text),
      styleSubcommandText: (text: string) => (text === '[command]' ? t('help.commandPlaceholder') : text),
      optionDescription: (option: Option) => (option.argChoices ? `${option.description} (${t('help.choices', { choices: option.argChoices.join(', ') })})` : option.description),
    })
    .helpOption('-h, --help', t('help.option'))
    .helpCommand(`help ${t('help.commandPlaceholder')}`, t('help.command'))
    // Errors are printed by main.ts, translated; commander only reports them.
    .configureOutput({ outputError: () => undefined })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addOption(new Option('--lang <language>', t('opt.lang')).choices(LANGUAGES))
    .addHelpText('after', `\n${t('help.exitCodes')}`);

  const cli: Cli = {
    env: () => readEnv(),
    untilSignal: (hub) => deps.untilSignal(hub),
    action:
      (body) =>
      async (...args) => {
        // A command's own output is its text (or JSON); the JSON log would get in its way.
        if (!process.env.LOG_LEVEL) logger.level = 'silent';
        outcome.code = (await body(...args)) ?? EXIT.ok;
      },
  };
  registerServeCommands(program, cli);
  registerSetupCommands(program, cli);
  registerConnectorCommands(program, cli);
  registerScheduleCommands(program, cli);
  registerSyncCommand(program, cli);
  registerRunCommands(program, cli);
  registerQuarantineCommands(program, cli);
  registerConfigCommands(program, cli);
  registerKeyCommands(program, cli);
  registerVerifyCommand(program, cli);
  registerAuditCommands(program, cli);
  registerIndicatorCommands(program, cli);
  registerSecretCommands(program, cli);
  registerEmitCommands(program, cli);
  registerLegacyConnectorAdd(program, cli);
  return { program, outcome };
}

/** Commander's messages by error code, with the quoted names they carry. */
const COMMANDER_MESSAGES: Record<string, Parameters<typeof t>[0]> = {
  'commander.unknownCommand': 'commander.unknownCommand',
  'commander.unknownOption': 'commander.unknownOption',
  'commander.missingArgument': 'commander.missingArgument',
  'commander.optionMissingArgument': 'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue': 'commander.missingMandatoryOption',
  'commander.excessArguments': 'commander.excessArguments',
  'commander.invalidArgument': 'commander.invalidArgument',
  'commander.conflictingOption': 'commander.conflictingOption',
};

/**
 * A CommanderError as the person should read it. Help and version output are not
 * failures (exit 0); asking a command group without a sub-command prints its help
 * and is a usage error; everything else is one translated line naming the culprit.
 */
export function commanderFailure(error: CommanderError, program: Command, argv: readonly string[]): { code: ExitCode; text: string | null } {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return { code: EXIT.ok, text: null };
  if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return { code: EXIT.usage, text: null };
  const quoted = [...error.message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const key = COMMANDER_MESSAGES[error.code];
  let text = key ? t(key, { name: quoted[0] ?? '', value: quoted[1] ?? '', detail: invalidDetail(error.message) }) : error.message.replace(/^error: /, '');
  if (suggestion) text += ` ${t('commander.didYouMean', { suggestion })}`;
  const path = commandPath(program, argv);
  return { code: EXIT.usage, text: `${text}\n${t('error.seeHelp', { command: path })}` };
}

/** The reason commander gives after "is invalid." (our own argument parsers' messages, already translated). */
function invalidDetail(message: string): string {
  const m = /is invalid\.\s*(.*)$/s.exec(message);
  if (!m) return '';
  const allowed = /Allowed choices are (.*)\.$/.exec(m[1]!);
  return allowed ? t('commander.choices', { choices: allowed[1]! }) : m[1]!;
}

/** `hub connectors add`: the deepest command the arguments name, for "see --help". */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = ['hub'];
  let command = program;
  for (const arg of argv) {
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) continue;
    names.push(sub.name());
    command = sub;
  }
  return names.join(' ');
}
