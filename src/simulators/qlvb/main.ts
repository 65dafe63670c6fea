/**
 * Standalone QLVB simulator: `node dist/src/simulators/qlvb/main.js`.
 * Env: SIM_PORT (4020), SIM_HOST (127.0.0.1), SIM_SIZE (2000 documents), SIM_SEED (9),
 * SIM_API_KEY (demo-qlvb-key), SIM_MCDT_SIZE (5000: the MCĐT simulator's size, for the
 * dossier-result links).
 */
import { startQlvbSimulator } from './server';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const started = Date.now();
  const sim = await startQlvbSimulator({
    port: intEnv('SIM_PORT', 4020),
    host: process.env.SIM_HOST || '127.0.0.1',
    size: intEnv('SIM_SIZE', 2000),
    seed: intEnv('SIM_SEED', 9),
    apiKey: process.env.SIM_API_KEY || 'demo-qlvb-key',
    mcdtSize: intEnv('SIM_MCDT_SIZE', 5000),
  });
  process.stdout.write(`QLVB simulator listening on ${sim.url} (ready in ${Date.now() - started} ms)\n`);
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
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
