import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { nextFireTimes } from '../../control';
import { exportConfig } from '../../config-as-code/export';
import { type DesiredSchedule, readConfigFile } from '../../config-as-code/file';
import { type FieldChange, type Plan, planConfig } from '../../config-as-code/plan';
import { ConfigFileError } from '../../config-as-code/problems';
import { applyPlan, loadCurrent } from '../../config-as-code/store';
import { t } from '../../i18n';
import { controlDeps } from '../control-deps';
import { CliError, usageError } from '../errors';
import { EXIT } from '../exit-codes';
import { printJson, say } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore, withStoreAndQueue } from '../runtime';
import { describeSchedule } from './schedule';

const shown = (c: FieldChange, value: unknown) => (value === undefined ? t('apply.unset') : c.secret ? '***' : typeof value === 'string' ? value : JSON.stringify(value));
const scheduleText = (s: DesiredSchedule | null) => (s ? describeSchedule(s) : t('connectors.noSchedule'));

/** The plan as people read it: + create, ~ update, = unchanged; secrets as ***. */
function printPlan(file: string, plan: Plan): void {
  say(t('apply.planFor', { file }));
  for (const e of plan.entries) {
    if (e.action === 'unchanged') {
      say(`  = ${t('apply.unchanged', { name: e.connector })}`);
      continue;
    }
    say(`  ${e.action === 'create' ? '+' : '~'} ${t(e.action === 'create' ? 'apply.create' : 'apply.update', { name: e.connector, kind: e.kind })}`);
    for (const c of e.config) {
      if (e.action === 'create') say(`      ${c.field}: ${shown(c, c.after)}`);
      else say(`      ${c.field}: ${shown(c, c.before)} → ${shown(c, c.after)}${c.secret ? ` ${t('apply.secretChanged')}` : ''}`);
    }
    if (e.schedule) say(`      ${t('connectors.schedule')}: ${e.action === 'create' ? '' : `${scheduleText(e.schedule.before)} → `}${scheduleText(e.schedule.after)}`);
    if (e.paused) say(`      ${e.paused.after ? t('apply.willPause') : t('apply.willResume')}`);
  }
  for (const name of plan.untouched) say(`  ! ${t('apply.untouched', { name })}`);
  say(plan.changes ? t('apply.changes', { count: plan.changes }) : t('apply.noChanges'));
}

/** The plan for --json: everything but the values of secrets. */
const planJson = (plan: Plan) => ({
  changes: plan.changes,
  untouched: plan.untouched,
  entries: plan.entries.map((e) => ({
    connector: e.connector,
    kind: e.kind,
    action: e.action,
    config: e.config.map((c) => ({ field: c.field, secret: c.secret, before: c.secret && c.before !== undefined ? '***' : (c.before ?? null), after: c.secret && c.after !== undefined ? '***' : (c.after ?? null) })),
    schedule: e.schedule,
    paused: e.paused,
  })),
});

/** The scheduler's parser decides what a valid cron is (the control layer's nextFireTimes). */
function checkSchedule(s: DesiredSchedule): { field: 'cron' | 'timeZone'; message: string } | null {
  try {
    nextFireTimes(s.cron, s.timeZone, 1);
    return null;
  } catch (error) {
    const field = (error as { code?: string }).code === 'INVALID_TIME_ZONE' ? 'timeZone' : 'cron';
    return { field, message: (error as Error).message };
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(t('input.cannotRead', { file, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
}

const fileProblems = (error: unknown) => (error instanceof ConfigFileError ? new CliError(t('apply.invalid', { file: error.file, problems: error.problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n') }), EXIT.usage) : error);

/** `hub apply` and `hub export`: connectors and schedules as a YAML file kept in version control. */
export function registerConfigCommands(program: Command, cli: Cli): void {
  program
    .command('apply')
    .description(t('cmd.apply'))
    .argument('<file>', t('arg.configFile'))
    .option('--dry-run', t('opt.apply.dryRun'))
    .option('--skip-check', t('opt.connectors.skipCheck'))
    .addOption(jsonOption())
    .action(
      cli.action(async (file: string, opts: { dryRun?: boolean; skipCheck?: boolean; json?: boolean }) => {
        const text = readText(file);
        let desired;
        try {
          desired = readConfigFile(file, text, process.env);
        } catch (error) {
          throw fileProblems(error);
        }
        const run = opts.dryRun ? withStore : withStoreAndQueue;
        return run(cli.env(), async (store) => {
          let plan: Plan;
          try {
            plan = planConfig(desired, await loadCurrent(store.em, { openSecrets: true }), file, checkSchedule);
          } catch (error) {
            throw fileProblems(error);
          }
          if (!opts.json) printPlan(file, plan);
          if (opts.dryRun || plan.changes === 0) {
            if (opts.json) printJson({ file, dryRun: Boolean(opts.dryRun), applied: false, ...planJson(plan) });
            else if (opts.dryRun && plan.changes) say(t('apply.dryRun'));
            return;
          }
          await applyPlan(controlDeps(store), plan, { skipCheck: opts.skipCheck, onStep: opts.json ? undefined : (e) => say(t('apply.applying', { name: e.connector })) });
          if (opts.json) printJson({ file, dryRun: false, applied: true, ...planJson(plan) });
          else say(t('apply.applied', { count: plan.changes }));
        });
      }),
    );

  program
    .command('export')
    .description(t('cmd.export'))
    .argument('[file]', t('arg.exportFile'))
    .addOption(jsonOption())
    .action(
      cli.action(async (file: string | undefined, opts: { json?: boolean }) =>
        withStore(cli.env(), async (store) => {
          const current = await loadCurrent(store.em, { openSecrets: false });
          const { text, variables } = exportConfig(current, { header: [t('export.header1')], variablesHeading: t('export.header2') });
          if (opts.json) return printJson({ file: file ?? null, variables, yaml: text });
          if (!file) {
            process.stdout.write(text);
            return;
          }
          writeFileSync(file, text);
          say(t('export.wrote', { file, count: current.length }));
          if (variables.length) say(t('export.variables', { list: variables.join(', ') }));
        }),
      ),
    );
}
