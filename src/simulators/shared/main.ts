/** What every standalone simulator entry point shares: env parsing, a ready line, clean shutdown. */

export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

export const textEnv = (name: string, fallback: string): string => process.env[name] || fallback;

/** Starts a simulator, prints its URL, and closes it on SIGTERM/SIGINT. */
export function runSimulator(title: string, start: () => Promise<{ url: string; close(): Promise<void> }>): void {
  const started = Date.now();
  start().then(
    (sim) => {
      process.stdout.write(`${title} listening on ${sim.url} (ready in ${Date.now() - started} ms)\n`);
      const stop = (): void => {
        sim.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
