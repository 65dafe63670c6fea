import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_REDIS_URL } from './redis';

const root = resolve(__dirname, '../..');

/** The real entry point, `hub worker`, as a child process compiled from source by SWC. */
export function startWorkerProcess(env: { databaseUrl: string; prefix: string; extra?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, ['-r', './test/support/swc-register.cjs', 'src/main.ts', 'worker'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: env.databaseUrl, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: env.prefix, LOG_LEVEL: 'warn', ...env.extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export const exitOf = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
