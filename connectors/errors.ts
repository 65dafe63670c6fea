/**
 * Errors a connector throws, sorted by what the engine should do about them.
 * Permanent errors fail the run at once (no retry storm); transient ones are
 * retried inside the connector first, then by the job's attempts.
 */

/** The source refused our credentials (HTTP 401/403, a failed login). */
export class SourceAuthError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'SourceAuthError';
  }
}

/** The source rejected a request as malformed (HTTP 400 and the like): retrying will not help. */
export class SourceRequestError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'SourceRequestError';
  }
}

/** A fault that may pass: 5xx, 429, a timeout, a dropped connection. */
export class SourceUnavailableError extends Error {
  readonly permanent = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceUnavailableError';
  }
}

/** A connector config that does not validate; `problems` name the fields. */
export class ConnectorConfigError extends Error {
  readonly permanent = true;
  constructor(readonly problems: string[]) {
    super(`Invalid connector config: ${problems.join('; ')}`);
    this.name = 'ConnectorConfigError';
  }
}

/** One source record that cannot be mapped: it is quarantined, the run goes on. */
export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'MappingError';
  }
}

/** True for errors no retry can fix. */
export function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}
