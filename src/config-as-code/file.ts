import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CONNECTORS } from '../../connectors/registry';
import { referenceIn, resolveReferences, secretVariable } from './env-refs';
import { ConfigFileError, type FileProblem, pathOf } from './problems';

/** A schedule as the file declares it; the time zone defaults to the province's. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ScheduleSchema = z
  .object({
    cron: z.string({ required_error: 'is required: 5 fields (minute hour day month weekday), e.g. "0 7 * * *"' }).min(1, 'must not be empty'),
    timeZone: z.string().min(1).default(DEFAULT_TIME_ZONE),
    /** Streams the schedule syncs; all when omitted. */
    streams: z.array(z.string().min(1)).min(1, 'list at least one stream, or leave streams out for all').optional(),
  })
  .strict();

const ConnectorSchema = z
  .object({
    name: z.string({ required_error: 'is required' }).min(1, 'must not be empty'),
    kind: z.string({ required_error: `is required (${Object.keys(CONNECTORS).join(', ')})` }).refine((k) => k in CONNECTORS, (k) => ({ message: `"${k}" is not a connector kind; known kinds: ${Object.keys(CONNECTORS).join(', ')}` })),
    paused: z.boolean().default(false),
    config: z.record(z.unknown(), { required_error: 'is required (the connector settings)' }),
    schedule: ScheduleSchema.nullable().default(null),
  })
  .strict();

/** The file: `connectors:` and a version, so the format can change without guessing. */
const FileSchema = z
  .object({
    version: z.literal(1).default(1),
    connectors: z.array(ConnectorSchema).default([]),
  })
  .strict();

export interface DesiredSchedule {
  cron: string;
  timeZone: string;
  /** Null: every stream. */
  streams: string[] | null;
}

/** One connector as the file wants it, references resolved (config not yet validated: omitted secrets are kept from the store). */
export interface DesiredConnector {
  /** Where it is in the file, `connectors[2]`, for messages. */
  path: string;
  index: number;
  name: string;
  kind: string;
  paused: boolean;
  config: Record<string, unknown>;
  /** Secret field → the variable it came from. */
  secretReferences: Record<string, string>;
  schedule: DesiredSchedule | null;
}

/**
 * Reads a configuration file: YAML syntax, the shape (zod), one entry per name, known
 * kinds and streams, secrets only as `${VARIABLE}` references, every reference set.
 * Throws a ConfigFileError listing every problem with its path.
 */
export function readConfigFile(file: string, text: string, env: NodeJS.ProcessEnv): DesiredConnector[] {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new ConfigFileError(
      file,
      doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '', message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') })),
    );
  }
  const parsed = FileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ConfigFileError(
      file,
      parsed.error.issues.map((issue) => ({
        path: pathOf(issue.path),
        message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message,
      })),
    );
  }
  const problems: FileProblem[] = [];
  const seen = new Map<string, number>();
  const desired = parsed.data.connectors.map((entry, i): DesiredConnector => {
    const at = (...parts: (string | number)[]) => pathOf(['connectors', i, ...parts]);
    const previous = seen.get(entry.name);
    if (previous !== undefined) problems.push({ path: at('name'), message: `"${entry.name}" is already declared at connectors[${previous}]` });
    seen.set(entry.name, i);
    const plugin = CONNECTORS[entry.kind]!;

    const secretReferences: Record<string, string> = {};
    for (const field of plugin.secretFields) {
      const value = entry.config[field];
      if (value === undefined) continue;
      const variable = referenceIn(value);
      if (variable) secretReferences[field] = variable;
      // The value is never echoed: it is a secret written where it must not be.
      else problems.push({ path: at('config', field), message: `is a secret: write an environment reference such as \${${secretVariable(entry.name, field)}}, never the value itself` });
    }

    const config: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(entry.config)) {
      if (typeof value !== 'string') {
        config[field] = value;
        continue;
      }
      const { value: resolved, missing } = resolveReferences(value, env);
      for (const name of missing) problems.push({ path: at('config', field), message: `the environment variable ${name} is not set` });
      config[field] = resolved;
    }

    const streamNames = plugin.streams.map((s) => s.definition.name);
    entry.schedule?.streams?.forEach((stream, j) => {
      if (!streamNames.includes(stream)) problems.push({ path: at('schedule', 'streams', j), message: `"${stream}" is not a stream of a ${entry.kind} connector; its streams: ${streamNames.join(', ')}` });
    });
    return {
      path: at(),
      index: i,
      name: entry.name,
      kind: entry.kind,
      paused: entry.paused,
      config,
      secretReferences,
      schedule: entry.schedule ? { cron: entry.schedule.cron.trim(), timeZone: entry.schedule.timeZone, streams: entry.schedule.streams ?? null } : null,
    };
  });
  if (problems.length) throw new ConfigFileError(file, problems);
  return desired;
}
