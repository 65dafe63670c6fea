/**
 * Problems found in a configuration file, each at a path like
 * `connectors[1].schedule.cron`, all reported at once so one edit fixes them.
 */
export interface FileProblem {
  path: string;
  message: string;
}

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: FileProblem[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

/** `['connectors', 1, 'schedule', 'cron']` → `connectors[1].schedule.cron`. */
export function pathOf(parts: readonly (string | number)[]): string {
  return parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}
