/**
 * Standalone DVC portal simulator: `node dist/src/simulators/dvc/main.js`.
 * Env: SIM_CONTROL_TOKEN (unset: /__control is off), SIM_NOW (ISO time of the simulator's clock; default the start), SIM_PORT (4030), SIM_HOST (127.0.0.1), SIM_SIZE (5000), SIM_SEED (9),
 * SIM_USERNAME (demo), SIM_PASSWORD (demo-dvc-pass). Give it the MCĐT simulator's
 * SIM_SIZE and SIM_SEED so the portal's dossiers overlap the one-stop-shop's.
 * SIM_CLOCK_SKEW_SECONDS (0): how far the simulator's clock runs ahead of the wall
 * clock (negative: behind), to try a hub against a source whose clock is off.
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
    now: process.env.SIM_NOW ? new Date(process.env.SIM_NOW) : undefined,
    clockSkewSeconds: intEnv('SIM_CLOCK_SKEW_SECONDS', 0),
    username: textEnv('SIM_USERNAME', 'demo'),
    password: textEnv('SIM_PASSWORD', 'demo-dvc-pass'),
  }),
);
