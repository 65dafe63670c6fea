/**
 * Standalone DVC portal simulator: `node dist/src/simulators/dvc/main.js`.
 * Env: SIM_CONTROL_TOKEN (unset: /__control is off), SIM_PORT (4030), SIM_HOST (127.0.0.1), SIM_SIZE (5000), SIM_SEED (9),
 * SIM_USERNAME (demo), SIM_PASSWORD (demo-dvc-pass). Give it the MCĐT simulator's
 * SIM_SIZE and SIM_SEED so the portal's dossiers overlap the one-stop-shop's.
 */
import { intEnv, runSimulator, textEnv } from '../shared/main';
import { startDvcSimulator } from './server';

runSimulator('DVC portal simulator', () =>
  startDvcSimulator({
    controlToken: process.env.SIM_CONTROL_TOKEN || undefined,
    port: intEnv('SIM_PORT', 4030),
    host: textEnv('SIM_HOST', '127.0.0.1'),
    size: intEnv('SIM_SIZE', 5000),
    seed: intEnv('SIM_SEED', 9),
    username: textEnv('SIM_USERNAME', 'demo'),
    password: textEnv('SIM_PASSWORD', 'demo-dvc-pass'),
  }),
);
