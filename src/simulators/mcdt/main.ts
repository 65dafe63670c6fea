/**
 * Standalone MCĐT simulator: `node dist/src/simulators/mcdt/main.js`.
 * Env: SIM_CONTROL_TOKEN (unset: /__control is off), SIM_PORT (4010), SIM_HOST (127.0.0.1), SIM_SIZE (5000), SIM_SEED (9),
 * SIM_API_KEY (demo-mcdt-key).
 */
import { intEnv, runSimulator, textEnv } from '../shared/main';
import { startMcdtSimulator } from './server';

runSimulator('MCĐT simulator', () =>
  startMcdtSimulator({
    controlToken: process.env.SIM_CONTROL_TOKEN || undefined,
    port: intEnv('SIM_PORT', 4010),
    host: textEnv('SIM_HOST', '127.0.0.1'),
    size: intEnv('SIM_SIZE', 5000),
    seed: intEnv('SIM_SEED', 9),
    apiKey: textEnv('SIM_API_KEY', 'demo-mcdt-key'),
  }),
);
