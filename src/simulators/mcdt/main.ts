/**
 * Standalone MCĐT simulator: `node dist/src/simulators/mcdt/main.js`.
 * Env: SIM_CONTROL_TOKEN (unset: /__control is off), SIM_NOW (ISO time of the simulator's clock; default the start), SIM_PORT (4010), SIM_HOST (127.0.0.1), SIM_SIZE (5000), SIM_SEED (9),
 * SIM_API_KEY (demo-mcdt-key), SIM_HISTORY_FROM (ISO time the history starts; default 2024-01-01 local).
 * SIM_CLOCK_SKEW_SECONDS (0): how far the simulator's clock runs ahead of the wall
 * clock (negative: behind), to try a hub against a source whose clock is off.
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
    now: process.env.SIM_NOW ? new Date(process.env.SIM_NOW) : undefined,
    historyFrom: process.env.SIM_HISTORY_FROM ? new Date(process.env.SIM_HISTORY_FROM) : undefined,
    clockSkewSeconds: intEnv('SIM_CLOCK_SKEW_SECONDS', 0),
    apiKey: textEnv('SIM_API_KEY', 'demo-mcdt-key'),
  }),
);
