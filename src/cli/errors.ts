import { ConfigError } from '../config';
import { type MessageKey, t } from '../i18n';
import { en } from '../i18n/en';
import { ApiKeyError } from '../auth/api-keys';
import { SecretKeyError } from '../secrets/cipher';
import { redactSecrets } from '../secrets/redact';
import { EXIT, type ExitCode } from './exit-codes';
import { PreflightError } from './preflight';

/** A message for the person at the terminal, already translated, and the exit code that goes with it. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong input: exit 2, nothing changed. */
export const usageError = (message: string) => new CliError(message, EXIT.usage);

/** PostgreSQL or Redis away, migrations pending: exit 3. */
export const unavailableError = (message: string) => new CliError(message, EXIT.unavailable);

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', '57P01', '57P03', '08006', '08001', '08003']);

/** True for an error that says a service went away (mid-command, after the preflight passed). */
function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    const name = (e as { name?: unknown }).name;
    if (name === 'ConnectionException' || name === 'DatabaseUnavailableError') return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /Connection terminated|connect ECONNREFUSED|Connection is closed/i.test(message)) return true;
  }
  return false;
}

/** The control services' error (src/control/errors.ts): a stable code, the field, params for a translation. */
interface ControlLike {
  name: 'ControlError';
  code: string;
  field: string | null;
  message: string;
  params: Readonly<Record<string, string | number | readonly string[]>>;
}
const isControlLike = (e: unknown): e is ControlLike => e instanceof Error && e.name === 'ControlError' && typeof (e as { code?: unknown }).code === 'string';

/**
 * A control-service error in the CLI's language: the code picks the message, the
 * params fill it (lists joined), `{detail}` is the service's own English text for
 * codes whose details vary. A failed connection check is a finding (1), a queue
 * away is a service problem (3), the rest are input errors (2).
 */
function controlFailure(error: unknown): { text: string; code: ExitCode } | null {
  if (!isControlLike(error)) return null;
  const params: Record<string, string | number> = { detail: error.message.replace(/\.$/, ''), reason: '', field: error.field ?? '' };
  for (const [k, v] of Object.entries(error.params)) params[k] = Array.isArray(v) ? v.join(', ') : (v as string | number);
  if (error.code === 'INVALID_CONFIG') {
    const problems = (error.params.problems as readonly string[] | undefined) ?? [];
    params.problems = (problems.length ? problems : [error.message]).map((p) => `  - ${p}`).join('\n');
  }
  const key = `control.${error.code}`;
  const message = key in en ? t(key as MessageKey, params) : error.message;
  const code = error.code === 'CHECK_FAILED' ? EXIT.findings : error.code === 'QUEUE_UNAVAILABLE' ? EXIT.unavailable : EXIT.usage;
  return { text: message, code };
}

/**
 * What to print for an error that ended a command, and the exit code. Every known
 * kind of error is one readable line (or a few); only a bug shows more, and its stack
 * only with HUB_DEBUG=1. Everything passes the secret redactor.
 */
export function describeFailure(error: unknown, debug = process.env.HUB_DEBUG === '1'): { text: string; code: ExitCode } {
  const message = (error as { message?: unknown } | null)?.message;
  const text = (s: string) => redactSecrets(s);
  if (error instanceof CliError) return { text: text(error.message), code: error.exitCode };
  const control = controlFailure(error);
  if (control) return { text: text(control.text), code: control.code };
  if (error instanceof PreflightError) {
    const u = error.unreachable;
    return { text: text(u ? t('error.unreachable', { service: u.service, url: u.url, reason: u.reason }) : error.message), code: EXIT.unavailable };
  }
  if (error instanceof ConfigError) return { text: text(t('error.environment', { problems: error.problems.map((p) => `  - ${p}`).join('\n') })), code: EXIT.usage };
  if (error instanceof ApiKeyError || error instanceof SecretKeyError) return { text: text(String(message)), code: EXIT.usage };
  if (error instanceof Error && error.name === 'ConnectorConfigError') {
    const problems = (error as Error & { problems?: string[] }).problems ?? [error.message];
    return { text: text(t('error.connectorConfig', { problems: problems.map((p) => `  - ${p}`).join('\n') })), code: EXIT.usage };
  }
  if (isConnectionError(error)) return { text: text(t('error.connectionLost', { problem: String(message ?? error) })), code: EXIT.unavailable };
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return { text: text(`${t('error.internal', { problem: String(message ?? error).replace(/\.+$/, '') })}${stack}`), code: EXIT.internal };
}
