/**
 * The one error the control services throw for anything the caller can fix: a stable
 * `code` (the CLI translates it; GraphQL sends it as BAD_USER_INPUT or NOT_FOUND), the
 * `field` at fault (an argument or a config field, dotted), an English `message`, and
 * the `params` a translated message needs.
 */
export const CONTROL_ERROR_CODES = [
  'CONNECTOR_NOT_FOUND',
  'CONNECTOR_EXISTS',
  'UNKNOWN_KIND',
  'INVALID_NAME',
  'INVALID_CONFIG',
  'CHECK_FAILED',
  'INVALID_CRON',
  'INVALID_TIME_ZONE',
  'UNKNOWN_STREAM',
  'CONNECTOR_PAUSED',
  'INVALID_DATE',
  'INVALID_RANGE',
  'WINDOW_NOT_SUPPORTED',
  'RUN_NOT_FOUND',
  'RUN_FINISHED',
  'STREAM_BUSY',
  'INVALID_REASON',
  'INVALID_SELECTION',
  'QUEUE_UNAVAILABLE',
] as const;
export type ControlErrorCode = (typeof CONTROL_ERROR_CODES)[number];

/** Codes that mean "no such thing" rather than "bad input". */
export const NOT_FOUND_CODES: ReadonlySet<ControlErrorCode> = new Set(['CONNECTOR_NOT_FOUND', 'RUN_NOT_FOUND']);

export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    /** The argument or config field at fault (`config.baseUrl`, `cron`, `streams`), or null. */
    readonly field: string | null,
    message: string,
    /** Values a translated message needs (names, the known streams, …). */
    readonly params: Readonly<Record<string, string | number | readonly string[]>> = {},
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export const isControlError = (error: unknown): error is ControlError => error instanceof ControlError;
