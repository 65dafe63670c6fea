/**
 * Standalone DVC portal simulator: `node dist/src/simulators/dvc/main.js`.
 * Env: SIM_PORT (4030), SIM_HOST (127.0.0.1), SIM_SIZE (5000), SIM_SEED (9),
 * SIM_USERNAME (demo), SIM_PASSWORD (demo-dvc-pass). Give it the MCĐT simulator's
 * SIM_SIZE and SIM_SEED so the portal's dossiers overlap the one-stop-shop's.
 */
import { startDvcSimulator } from './server';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const started = Date.now();
  const sim = await startDvcSimulator({
    port: intEnv('SIM_PORT', 4030),
    host: process.env.SIM_HOST || '127.0.0.1',
    size: intEnv('SIM_SIZE', 5000),
    seed: intEnv('SIM_SEED', 9),
    username: process.env.SIM_USERNAME || 'demo',
    password: process.env.SIM_PASSWORD || 'demo-dvc-pass',
  });
  process.stdout.write(`DVC portal simulator listening on ${sim.url} (ready in ${Date.now() - started} ms)\n`);
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
