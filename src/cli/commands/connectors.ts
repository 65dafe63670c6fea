import { type Command, Option } from 'commander';
import { CONNECTORS } from '../../../connectors/registry';
import { type CheckOutcome, clearSchedule, type ConnectorView, connectorStreams, createConnector, getConnector, listConnectors, pauseConnector, removeConnector, resetStream, resumeConnector, setSchedule, testConnector, updateConnector } from '../../control';
import { t } from '../../i18n';
import { registerSecret } from '../../secrets/redact';
import { controlDeps } from '../control-deps';
import { usageError } from '../errors';
import { EXIT } from '../exit-codes';
import { collect, collectList, configFromOptions } from '../input';
import { minute, printJson, say, table } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore, withStoreAndQueue } from '../runtime';
import { statusText } from '../labels';
import { describeSchedule } from './schedule';

interface ConfigOptions {
  config?: string;
  configFile?: string;
  set?: string[];
}

const addConfigOptions = (command: Command) =>
  command
    .option('--config <json>', t('opt.connectors.config'))
    .option('--config-file <file>', t('opt.connectors.configFile'))
    .option('--set <field=value>', t('opt.connectors.set'), collect);

/** Secret values from the command line are redacted wherever they would be printed. */
function registerSecrets(kind: string | undefined, config: Record<string, unknown> | null): void {
  for (const field of (kind ? CONNECTORS[kind]?.secretFields : undefined) ?? []) registerSecret(config?.[field]);
}

const checkLine = (check: CheckOutcome | null) => (check === null ? null : check.ok ? t('connectors.checkOk', { ms: check.durationMs }) : t('connectors.checkFailed', { reason: check.reason ?? '?' }));

function printConnector(c: ConnectorView): void {
  say(`${c.name}  (${c.kind}: ${c.title})  ${c.paused ? t('connectors.paused') : t('connectors.active')}`);
  say(`  ${t('connectors.config')}:`);
  for (const [field, value] of Object.entries(c.config)) say(`    ${field}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  say(`  ${t('connectors.schedule')}: ${c.schedule ? describeSchedule(c.schedule) : t('connectors.noSchedule')}`);
  if (c.schedule?.nextFireTimes.length) say(`  ${t('schedule.next')}: ${c.schedule.nextFireTimes.map((d) => minute(d)).join(', ')} UTC`);
  say(`  ${t('connectors.created')}: ${minute(c.createdAt)} UTC   ${t('connectors.updated')}: ${minute(c.updatedAt)} UTC`);
}

/** `hub connectors …`: configure, test, pause, resume and remove connectors. */
export function registerConnectorCommands(program: Command, cli: Cli): void {
  const connectors = program.command('connectors').description(t('cmd.connectors'));

  connectors
    .command('list')
    .description(t('cmd.connectors.list'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const rows = await listConnectors(controlDeps(store));
          if (opts.json) return printJson(rows);
          if (!rows.length) return say(t('connectors.none'));
          say(
            table(
              [t('col.name'), t('col.kind'), t('col.state'), t('col.schedule'), t('col.nextRun')],
              rows.map((c) => [c.name, c.kind, c.paused ? t('connectors.paused') : t('connectors.active'), c.schedule ? describeSchedule(c.schedule) : null, c.schedule?.nextFireTimes[0] && !c.paused ? `${minute(c.schedule.nextFireTimes[0])} UTC` : null]),
            ),
          );
        }),
      ),
    );

  connectors
    .command('show')
    .description(t('cmd.connectors.show'))
    .argument('<name>', t('arg.connector'))
    .addOption(jsonOption())
    .action(
      cli.action(async (name: string, opts: { json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const deps = controlDeps(store);
          const connector = await getConnector(deps, name);
          const streams = await connectorStreams(deps, { name });
          if (opts.json) return printJson({ ...connector, streams: streams.map(({ fields: _fields, ...s }) => s) });
          printConnector(connector);
          say(`  ${t('connectors.streams')}:`);
          say(
            table(
              [t('col.stream'), t('col.key'), t('col.cursor'), t('col.lastRun')],
              streams.map((s) => [s.name, s.primaryKey.join('+'), s.cursorField, s.lastRun ? `#${s.lastRun.runId} ${statusText(s.lastRun.status)} ${minute(s.lastRun.startedAt)}` : null]),
              4,
            ),
          );
        }),
      ),
    );

  connectors
    .command('streams')
    .description(t('cmd.connectors.streams'))
    .argument('<name-or-kind>', t('arg.connectorOrKind'))
    .addOption(jsonOption())
    .action(
      cli.action(async (target: string, opts: { json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const streams = await connectorStreams(controlDeps(store), target in CONNECTORS ? { kind: target } : { name: target });
          if (opts.json) return printJson(streams);
          for (const s of streams) {
            say(`${s.name}  → ${s.kind}  ${t('col.key')}: ${s.primaryKey.join('+')}  ${t('col.cursor')}: ${s.cursorField ?? '—'}${s.windowed ? `  ${t('connectors.windowed')}` : ''}`);
            say(`  ${s.description}`);
          }
        }),
      ),
    );

  addConfigOptions(
    connectors
      .command('add')
      .description(t('cmd.connectors.add'))
      .argument('<name>', t('arg.newConnector'))
      .argument('<kind>', t('arg.kind', { kinds: Object.keys(CONNECTORS).join(', ') })),
  )
    .option('--cron <pattern>', t('opt.schedule.cron'))
    .option('--tz <zone>', t('opt.schedule.tz'))
    .option('--streams <names>', t('opt.schedule.streams'), collectList)
    .option('--paused', t('opt.connectors.paused'))
    .option('--skip-check', t('opt.connectors.skipCheck'))
    .addOption(jsonOption())
    .action(
      cli.action(async (name: string, kind: string, opts: ConfigOptions & { cron?: string; tz?: string; streams?: string[]; paused?: boolean; skipCheck?: boolean; json?: boolean }) => {
        const config = configFromOptions(opts);
        if (!config) throw usageError(t('connectors.configNeeded'));
        registerSecrets(kind, config);
        if ((opts.tz || opts.streams) && !opts.cron) throw usageError(t('schedule.cronNeeded'));
        return withStoreAndQueue(cli.env(), async (store) => {
          const { connector, check } = await createConnector(controlDeps(store), {
            name,
            kind,
            config,
            schedule: opts.cron ? { cron: opts.cron, timeZone: opts.tz ?? null, streams: opts.streams ?? null } : null,
            paused: opts.paused,
            skipCheck: opts.skipCheck,
          });
          if (opts.json) printJson({ connector, check });
          else {
            say(t('connectors.added', { name, kind }));
            say(checkLine(check)!);
            if (connector.schedule) say(`${t('connectors.schedule')}: ${describeSchedule(connector.schedule)}; ${t('schedule.next')}: ${connector.schedule.nextFireTimes.map((d) => minute(d)).join(', ')} UTC`);
          }
          return check.ok ? EXIT.ok : EXIT.findings;
        });
      }),
    );

  addConfigOptions(connectors.command('edit').description(t('cmd.connectors.edit')).argument('<name>', t('arg.connector')))
    .option('--skip-check', t('opt.connectors.skipCheck'))
    .addOption(jsonOption())
    .action(
      cli.action(async (name: string, opts: ConfigOptions & { skipCheck?: boolean; json?: boolean }) => {
        const patch = configFromOptions(opts);
        if (!patch) throw usageError(t('connectors.editNeeded'));
        return withStoreAndQueue(cli.env(), async (store) => {
          const deps = controlDeps(store);
          registerSecrets((await getConnector(deps, name)).kind, patch);
          const { connector, check } = await updateConnector(deps, name, { config: patch, skipCheck: opts.skipCheck });
          if (opts.json) printJson({ connector, check });
          else {
            say(t('connectors.edited', { name, fields: Object.keys(patch).join(', ') }));
            const line = checkLine(check);
            if (line) say(line);
          }
          return check && !check.ok ? EXIT.findings : EXIT.ok;
        });
      }),
    );

  addConfigOptions(connectors.command('test').description(t('cmd.connectors.test')).argument('[name]', t('arg.connectorToTest')))
    .addOption(new Option('--kind <kind>', t('opt.connectors.kind')))
    .addOption(jsonOption())
    .action(
      cli.action(async (name: string | undefined, opts: ConfigOptions & { kind?: string; json?: boolean }) => {
        const config = configFromOptions(opts);
        if (!name && !opts.kind) throw usageError(t('connectors.testNeeds'));
        return withStore(cli.env(), async (store) => {
          const deps = controlDeps(store);
          registerSecrets(opts.kind ?? (name ? (await getConnector(deps, name)).kind : undefined), config);
          const check = await testConnector(deps, { name: name ?? null, kind: opts.kind ?? null, config });
          if (opts.json) printJson(check);
          else say(checkLine(check)!);
          return check.ok ? EXIT.ok : EXIT.findings;
        });
      }),
    );

  for (const [verb, run, done] of [
    ['pause', pauseConnector, 'connectors.pausedDone'],
    ['resume', resumeConnector, 'connectors.resumedDone'],
  ] as const) {
    connectors
      .command(verb)
      .description(t(`cmd.connectors.${verb}`))
      .argument('<name>', t('arg.connector'))
      .addOption(jsonOption())
      .action(
        cli.action(async (name: string, opts: { json?: boolean }) =>
          withStoreAndQueue(cli.env(), async (store) => {
            const connector = await run(controlDeps(store), name);
            if (opts.json) printJson(connector);
            else say(t(done, { name }));
          }),
        ),
      );
  }

  connectors
    .command('reset')
    .description(t('cmd.connectors.reset'))
    .argument('<name>', t('arg.connector'))
    .argument('<stream>', t('arg.stream'))
    .requiredOption('--reason <text>', t('opt.connectors.reason'))
    .addOption(jsonOption())
    .action(
      cli.action(async (name: string, stream: string, opts: { reason: string; json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const result = await resetStream(controlDeps(store), name, stream, opts.reason);
          if (opts.json) printJson(result);
          else say(t('connectors.resetDone', { name, stream }));
        }),
      ),
    );

  connectors
    .command('remove')
    .description(t('cmd.connectors.remove'))
    .argument('<name>', t('arg.connector'))
    .option('--yes', t('opt.connectors.yes'))
    .addOption(jsonOption())
    .action(
      cli.action(async (name: string, opts: { yes?: boolean; json?: boolean }) => {
        if (!opts.yes) throw usageError(t('connectors.removeConfirm', { name }));
        return withStoreAndQueue(cli.env(), async (store) => {
          const connector = await removeConnector(controlDeps(store), name);
          if (opts.json) printJson(connector);
          else say(t('connectors.removed', { name }));
        });
      }),
    );
}

/**
 * `hub connector:add <name> <kind> <config-json> [cron]`, the command of earlier
 * versions, kept for scripts that use it: creates or replaces the connector (saved
 * even when the connection check fails, as before; exit 1 then), `none` as the cron
 * removes the schedule. Says once, on stderr, what to use instead.
 */
export function registerLegacyConnectorAdd(program: Command, cli: Cli): void {
  program
    .command('connector:add', { hidden: true })
    .description(t('cmd.connectorAddLegacy'))
    .argument('<name>', t('arg.newConnector'))
    .argument('<kind>', t('arg.kind', { kinds: Object.keys(CONNECTORS).join(', ') }))
    .argument('<config-json>', t('opt.connectors.config'))
    .argument('[cron]', t('arg.cron'))
    .action(
      cli.action(async (name: string, kind: string, json: string, cron: string | undefined) => {
        process.stderr.write(`${t('connectors.legacyNote', { name, kind })}\n`);
        const config = configFromOptions({ config: json })!;
        registerSecrets(kind, config);
        return withStoreAndQueue(cli.env(), async (store) => {
          const deps = controlDeps(store);
          const exists = (await listConnectors(deps)).find((c) => c.name === name);
          let check: CheckOutcome | null;
          if (!exists) {
            ({ check } = await createConnector(deps, { name, kind, config, schedule: cron && cron !== 'none' ? { cron } : null, skipCheck: true }));
          } else {
            if (exists.kind !== kind) throw usageError(t('connectors.kindChange', { name, kind: exists.kind }));
            // The whole config replaces the stored one: fields left out return to their defaults.
            const patch: Record<string, unknown> = Object.fromEntries(Object.keys(exists.config).map((k) => [k, null]));
            ({ check } = await updateConnector(deps, name, { config: { ...patch, ...config }, skipCheck: true }));
            if (cron === 'none') await clearSchedule(deps, name);
            else if (cron) await setSchedule(deps, name, cron);
          }
          say(t('connectors.legacySaved', { name, kind, check: check ? checkLine(check)! : '' }));
          return check && !check.ok ? EXIT.findings : EXIT.ok;
        });
      }),
    );
}
