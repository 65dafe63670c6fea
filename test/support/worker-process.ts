import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_REDIS_URL } from './redis';

const root = resolve(__dirname, '../..');

export interface HubProcessEnv {
  databaseUrl: string;
  prefix: string;
  /** Default: the shared test Redis. */
  redisUrl?: string;
  extra?: Record<string, string>;
}

/** The real entry point, `hub <command>`, as a child process compiled from source by SWC. */
export function startHubProcess(command: 'worker' | 'api' | 'all', env: HubProcessEnv): ChildProcess {
  return spawn(process.execPath, ['-r', './test/support/swc-register.cjs', 'src/main.ts', command], {
    cwd: root,
    // NODE_ENV as deployed: vitest's `test` would turn off behaviour the real process has (Apollo's signal handlers).
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: env.databaseUrl, REDIS_URL: env.redisUrl ?? TEST_REDIS_URL, QUEUE_PREFIX: env.prefix, LOG_LEVEL: 'warn', WORKER_HEALTH_PORT: '0', ...env.extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `hub worker` as a child process. */
export const startWorkerProcess = (env: HubProcessEnv): ChildProcess => startHubProcess('worker', env);

export const exitOf = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

/** Everything the child writes to stdout and stderr, as it comes. */
export function outputOf(child: ChildProcess): { text(): string } {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}
