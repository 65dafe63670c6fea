import { readFileSync } from 'node:fs';
import { resolveReferences } from '../config-as-code/env-refs';
import { t } from '../i18n';
import { usageError } from './errors';

/** `--set a=1 --set b=2` collects into a list. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--streams a,b` or `--streams a --streams b`. */
export const collectList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** A whole positive number for an option, or a usage error naming it. */
export const positiveInt = (option: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(t('input.positiveInt', { option, value }));
  return n;
};

/** `42` → 42, `true` → true, anything else stays text. */
function typed(value: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/**
 * A config from the command line: `--config '<json>'`, `--config-file f.json`, then
 * `--set field=value` on top. Values may be `${VARIABLE}` references, resolved from
 * the environment, so a secret need not be typed where the shell history keeps it.
 * The JSON text is never echoed in an error: it may hold a secret.
 */
export function configFromOptions(opts: { config?: string; configFile?: string; set?: string[] }, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> | null {
  let config: Record<string, unknown> | null = null;
  const parse = (text: string, where: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // V8 quotes a piece of the text around the fault: give only the position.
      const message = (error as Error).message;
      const position = /at position \d+(?: \(line \d+ column \d+\))?/.exec(message)?.[0] ?? (/end of JSON/i.test(message) ? 'unexpected end' : 'syntax');
      throw usageError(t('input.configNotJson', { where, problem: position }));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError(t('input.configNotObject', { where }));
    return value as Record<string, unknown>;
  };
  if (opts.configFile) {
    let text: string;
    try {
      text = readFileSync(opts.configFile, 'utf8');
    } catch (error) {
      throw usageError(t('input.cannotRead', { file: opts.configFile, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
    }
    config = { ...parse(text, opts.configFile) };
  }
  if (opts.config !== undefined) config = { ...(config ?? {}), ...parse(opts.config, '--config') };
  for (const pair of opts.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw usageError(t('input.setShape', { value: pair.split('=')[0] ?? '' }));
    config = { ...(config ?? {}), [pair.slice(0, eq).trim()]: typed(pair.slice(eq + 1)) };
  }
  if (!config) return null;
  const missing: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(config)) {
    if (typeof value !== 'string') {
      out[field] = value;
      continue;
    }
    const resolved = resolveReferences(value, env);
    missing.push(...resolved.missing.map((v) => `${field}: ${v}`));
    out[field] = resolved.value;
  }
  if (missing.length) throw usageError(t('input.variablesMissing', { list: missing.join(', ') }));
  return out;
}
