/**
 * English messages of the command line. Keys are grouped by command; `{name}` is a
 * placeholder `t()` fills. `vi.ts` must have every key (its type says so).
 */
export const en = {
  'cli.description': 'The data-integration hub: connectors, schedules, runs, quarantine, keys and the store',

  'help.usage': 'Usage:',
  'help.options': 'Options:',
  'help.commands': 'Commands:',
  'help.arguments': 'Arguments:',
  'help.globalOptions': 'Global options:',
  'help.optionsPlaceholder': '[options]',
  'help.commandPlaceholder': '[command]',
  'help.choices': 'one of {choices}',
  'help.option': 'show help for the command',
  'help.command': 'show help for a command',
  'help.exitCodes':
    'Exit codes: 0 ok · 1 findings (verify violations, a failed check, a failed or cancelled run) · 2 usage or input error · 3 PostgreSQL or Redis unavailable, or migrations pending · 4 a fault of the hub (HUB_DEBUG=1 shows the stack) · 130 interrupted.\nLanguage: --lang en|vi, or LANG (vi_VN… → Vietnamese).',

  'opt.json': 'print the result as JSON (for scripts)',
  'opt.lang': 'language of messages: en or vi (default: from LANG)',

  'commander.unknownCommand': 'Unknown command "{name}".',
  'commander.unknownOption': 'Unknown option "{name}".',
  'commander.missingArgument': 'Missing argument <{name}>.',
  'commander.optionMissingArgument': 'Option "{name}" needs a value.',
  'commander.missingMandatoryOption': 'Option "{name}" is required.',
  'commander.excessArguments': 'Too many arguments for "{name}".',
  'commander.invalidArgument': '"{value}" is not valid for {name}: {detail}',
  'commander.conflictingOption': 'Options "{name}" and "{value}" cannot be used together.',
  'commander.choices': 'choose one of {choices}.',
  'commander.didYouMean': '(Did you mean {suggestion}?)',

  'error.seeHelp': 'Run `{command} --help` for the usage.',
  'error.service': '{problem}',
  'error.environment': 'Invalid environment:\n{problems}\nFix these variables (or unset them to use the defaults) and run the command again.',
  'error.connectorConfig': 'The connector config is not valid:\n{problems}\nFix these fields and run the command again.',
  'error.connectionLost': 'Lost the connection to PostgreSQL or Redis ({problem}). Nothing more was done; run the command again once the service is back.',
  'error.internal': 'The hub failed unexpectedly: {problem}. This is a fault of the hub, not of your input; run again with HUB_DEBUG=1 for the stack trace and report it.',
  'error.migrationsPending': 'The database has {count} pending migration(s). Run `npm run migrate` (or `hub migrate`) first.',
  'error.databaseMissing': 'The hub database does not exist yet. Run `npm run migrate` (or `hub migrate`) first.',

  'cmd.api': 'serve GraphQL (PORT, default 4000)',
  'cmd.worker': 'run sync jobs from the queue',
  'cmd.all': 'api and worker in one process',
  'cmd.demo': 'simulators + hub + first sync, for a first look',
  'cmd.migrate': 'create the database if missing and apply migrations',
  'cmd.schemaEmit': 'write schema/schema.graphql and schema/access-matrix.txt from the code',
  'cmd.specsEmit': "rewrite the README's per-stream record specs from the code",
  'migrate.created': 'Created the database.',
  'migrate.applied': 'Applied {names}.',
  'migrate.upToDate': 'The database is up to date.',
  'emit.wrote': 'Wrote {files}',

  'cmd.keys': 'API keys: create, list, revoke',
  'cmd.keys.create': 'create an API key; it is shown once',
  'cmd.keys.list': 'every key: id, name, role, expiry, last use, revocation',
  'cmd.keys.revoke': 'revoke a key (it stops working within 30 s)',
  'opt.keys.role': 'viewer, operator, auditor or admin',
  'opt.keys.name': 'who or what uses the key',
  'opt.keys.pii': 'grant pii:read (personal data unmasked; every read is recorded)',
  'opt.keys.expires': 'a duration like 90d or 12h, or a day yyyy-MM-dd',
  'arg.keyId': 'the key id (`hub keys list` shows it) or the whole key',
  'keys.created': 'Created {key}\n\n  {secret}\n\nShown once: store it now. Send it as "Authorization: Bearer <key>".',
  'keys.none': 'No API keys yet; create one with `hub keys create --role viewer --name …`.',
  'keys.revoked': 'Revoked {key}',

  'cmd.verify': 'check the store against its invariant; exit 1 and the keys of each violation',
  'opt.verify.limit': 'violations listed per check (default 1000)',
  'verify.ok': 'The store is consistent: every source record has its unified row, every portal copy its dossier, every link its target, and the run counters add up.',
  'verify.violations': '{count} violation(s){listed}. A re-sync of the streams named (with --full for complete listings) usually repairs them; if not, keep this output for a bug report.',
  'verify.listed': ' ({listed} listed)',

  'cmd.secrets': 'connector secrets',
  'cmd.secrets.rotate': 're-seal connector secrets with SECRETS_KEY (after moving the old key to SECRETS_PREVIOUS_KEYS)',
  'secrets.rotated': 'Re-sealed {values} secret value(s) of {connectors} connector(s) with the key SECRETS_KEY names. The previous key can now be dropped.',
  'secrets.current': 'Every connector secret is already sealed with the current key.',
} as const;

export type MessageKey = keyof typeof en;
