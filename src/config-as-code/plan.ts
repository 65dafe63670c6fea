import { CONNECTORS } from '../../connectors/registry';
import type { DesiredConnector, DesiredSchedule } from './file';
import { ConfigFileError, type FileProblem, pathOf } from './problems';

/** A connector as the store has it, secrets opened (in memory only, to compare). */
export interface CurrentConnector {
  name: string;
  kind: string;
  paused: boolean;
  config: Record<string, unknown>;
  schedule: DesiredSchedule | null;
}

export interface FieldChange {
  field: string;
  /** Undefined: the field is new. */
  before: unknown;
  after: unknown;
  /** Shown as *** in the plan, never as the value. */
  secret: boolean;
}

export interface PlanEntry {
  connector: string;
  kind: string;
  action: 'create' | 'update' | 'unchanged';
  /** Config fields that change (every field for a create). */
  config: FieldChange[];
  /** Null when the schedule stays as it is. */
  schedule: { before: DesiredSchedule | null; after: DesiredSchedule | null } | null;
  /** Null when it stays paused or running as it is. */
  paused: { before: boolean; after: boolean } | null;
  /** The whole validated config to store (secrets included, so never printed). */
  desiredConfig: Record<string, unknown>;
  desiredSchedule: DesiredSchedule | null;
  desiredPaused: boolean;
}

export interface Plan {
  entries: PlanEntry[];
  /** Connectors in the store the file does not mention: left as they are. */
  untouched: string[];
  /** How many things would change (a create counts once; each changed field, schedule and pause once). */
  changes: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameSchedule = (a: DesiredSchedule | null, b: DesiredSchedule | null) =>
  a === null || b === null ? a === b : a.cron === b.cron && a.timeZone === b.timeZone && same(a.streams ? [...a.streams].sort() : null, b.streams ? [...b.streams].sort() : null);

/**
 * What applying the file would change, connector by connector. Configs are validated
 * with the connector's own schema (defaults filled in, so a file that leaves a default
 * out and one that writes it plan the same); a secret the file leaves out is kept.
 * `checkSchedule` validates a cron pattern and time zone (the scheduler's own parser)
 * and returns the problem, or null.
 */
export function planConfig(desired: DesiredConnector[], current: CurrentConnector[], file: string, checkSchedule: (s: DesiredSchedule) => { field: 'cron' | 'timeZone'; message: string } | null): Plan {
  const problems: FileProblem[] = [];
  const byName = new Map(current.map((c) => [c.name, c]));
  const entries: PlanEntry[] = [];
  for (const want of desired) {
    const plugin = CONNECTORS[want.kind]!;
    const have = byName.get(want.name);
    if (have && have.kind !== want.kind) {
      problems.push({ path: `${want.path}.kind`, message: `"${want.name}" is a ${have.kind} connector, and a connector's kind cannot change: remove it first (hub connectors remove ${want.name}) or choose another name` });
      continue;
    }
    const merged = { ...want.config };
    for (const field of plugin.secretFields) if (merged[field] === undefined && have?.config[field] !== undefined) merged[field] = have.config[field];
    const parsed = plugin.configSchema.safeParse(merged);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ path: pathOf(['connectors', want.index, 'config', ...issue.path]), message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')} for a ${want.kind} connector` : issue.message });
      }
      continue;
    }
    if (want.schedule) {
      const bad = checkSchedule(want.schedule);
      if (bad) {
        problems.push({ path: `${want.path}.schedule.${bad.field}`, message: bad.message });
        continue;
      }
    }
    const config = parsed.data as Record<string, unknown>;
    const secret = (field: string) => plugin.secretFields.includes(field);
    const fields = [...new Set([...Object.keys(have?.config ?? {}), ...Object.keys(config)])];
    const changes: FieldChange[] = fields
      .filter((f) => !have || !same(have.config[f], config[f]))
      .map((f) => ({ field: f, before: have?.config[f], after: config[f], secret: secret(f) }));
    const schedule = sameSchedule(have?.schedule ?? null, want.schedule) ? null : { before: have?.schedule ?? null, after: want.schedule };
    const paused = (have?.paused ?? false) === want.paused ? null : { before: have?.paused ?? false, after: want.paused };
    entries.push({
      connector: want.name,
      kind: want.kind,
      action: !have ? 'create' : changes.length || schedule || paused ? 'update' : 'unchanged',
      config: changes,
      schedule,
      paused,
      desiredConfig: config,
      desiredSchedule: want.schedule,
      desiredPaused: want.paused,
    });
  }
  if (problems.length) throw new ConfigFileError(file, problems);
  const named = new Set(desired.map((d) => d.name));
  const changes = entries.reduce((n, e) => n + (e.action === 'create' ? 1 + (e.schedule ? 1 : 0) + (e.paused ? 1 : 0) : e.config.length + (e.schedule ? 1 : 0) + (e.paused ? 1 : 0)), 0);
  return { entries, untouched: current.map((c) => c.name).filter((n) => !named.has(n)), changes };
}
