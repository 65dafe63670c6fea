/**
 * Standalone QLVB simulator: `node dist/src/simulators/qlvb/main.js`.
 * Env: SIM_CONTROL_TOKEN (unset: /__control is off), SIM_PORT (4020), SIM_HOST (127.0.0.1), SIM_SIZE (2000 documents), SIM_SEED (9),
 * SIM_API_KEY (demo-qlvb-key), SIM_MCDT_SIZE (5000: the MCĐT simulator's size, for the
 * dossier-result links).
 * SIM_CLOCK_SKEW_SECONDS (0): how far the simulator's clock runs ahead of the wall
 * clock (negative: behind), to try a hub against a source whose clock is off.
 */
import { intEnv, runSimulator, textEnv } from '../shared/main';
import { startQlvbSimulator } from './server';

runSimulator('QLVB simulator', () =>
  startQlvbSimulator({
    controlToken: process.env.SIM_CONTROL_TOKEN || undefined,
    port: intEnv('SIM_PORT', 4020),
    host: textEnv('SIM_HOST', '127.0.0.1'),
    size: intEnv('SIM_SIZE', 2000),
    seed: intEnv('SIM_SEED', 9),
    clockSkewSeconds: intEnv('SIM_CLOCK_SKEW_SECONDS', 0),
    apiKey: textEnv('SIM_API_KEY', 'demo-qlvb-key'),
    mcdtSize: intEnv('SIM_MCDT_SIZE', 5000),
  }),
);
