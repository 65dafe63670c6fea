import pino from 'pino';
import { currentLogContext } from './logging/context';
import { redactSecrets } from './secrets/redact';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// Read directly (not through config.ts) so a bad environment can still be reported through the logger's absence.
const level = LEVELS.includes(process.env.LOG_LEVEL ?? '') ? (process.env.LOG_LEVEL as string) : 'info';

/**
 * One structured logger for the process; level from LOG_LEVEL (validated with the rest
 * in config.ts). Lines written inside a sync run carry its run id, job id, connector and
 * stream (src/logging/context.ts). Every line passes the secret redactor on its way out.
 */
export const loggerOptions: pino.LoggerOptions = {
  level,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => ({ ...currentLogContext() }),
  hooks: { streamWrite: redactSecrets },
};

export const logger = pino(loggerOptions);
