import { MappingError } from './errors';

/**
 * Runs field parsers and gathers every failure, so a quarantined record lists all
 * of its problems at once instead of the first one.
 */
export class FieldCollector {
  private readonly problems: string[] = [];

  /** The parser's value, or `fallback` after recording its error. */
  take<T>(parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      this.problems.push(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws a MappingError if anything failed. */
  done(): void {
    if (this.problems.length) throw new MappingError(this.problems);
  }
}

/** The payload as an object, or a MappingError. */
export function asObject(payload: unknown, what: string): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new MappingError([`${what} is not a JSON object`]);
  }
  return payload as Record<string, unknown>;
}

/** An array field; null/missing is an empty list. */
export function asArray(field: string, value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${field}: ${JSON.stringify(value)} is not a list`);
  return value;
}
