import { Cleanup } from './cleanup';

/**
 * The entry point a bench shares: parse the arguments (null → print the usage), run with a
 * cleanup that also runs on Ctrl+C, exit 0 / 1 (failed) / 2 (bad arguments).
 */
export function runBench<A>(usage: string, parse: (argv: string[]) => A | null, bench: (args: A, cleanup: Cleanup) => Promise<void>): void {
  void (async (): Promise<number> => {
    let args: A | null;
    try {
      args = parse(process.argv.slice(2));
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    if (!args) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    const cleanup = new Cleanup();
    process.once('SIGINT', () => void cleanup.run().finally(() => process.exit(130)));
    try {
      await bench(args, cleanup);
      return 0;
    } catch (error) {
      process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 1;
    } finally {
      await cleanup.run();
    }
  })().then((code) => process.exit(code));
}
