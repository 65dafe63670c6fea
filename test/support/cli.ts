import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TEST_REDIS_URL } from './redis';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const MAIN = join(root, 'dist/src/main.js');

/** Newest modification time under the compiled folders. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/**
 * The CLI is tested as it ships: `node dist/src/main.js`. When the build is missing
 * or older than a source file, it is rebuilt once (`npm run build`); a lock directory
 * keeps test files running in parallel from building at the same time.
 */
export function ensureBuilt(): void {
  const lock = join(root, 'dist/.cli-test-build-lock');
  const stale = () => {
    try {
      return statSync(MAIN).mtimeMs < Math.max(...['src', 'connectors', 'jobs'].map((d) => newest(join(root, d))));
    } catch {
      return true;
    }
  };
  for (let waited = 0; stale(); waited++) {
    try {
      mkdirSync(join(root, 'dist'), { recursive: true });
      mkdirSync(lock);
    } catch {
      // Another file is building: wait for it (at most ~3 minutes), then look again.
      if (waited > 1800) throw new Error('waited too long for another test file to build dist/');
      execFileSync('sleep', ['0.1']);
      continue;
    }
    try {
      if (stale()) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    } finally {
      rmdirSync(lock);
    }
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  all: string;
}

export interface CliEnv {
  databaseUrl: string;
  prefix: string;
  redisUrl?: string;
  extra?: Record<string, string | undefined>;
}

/**
 * Runs `hub <args…>` as a child process with this file's database and queue prefix,
 * in the language asked for (LANG; LC_ALL and LC_MESSAGES cleared so they do not win).
 */
export async function hubCli(env: CliEnv, lang: 'en' | 'vi', ...args: string[]): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl ?? TEST_REDIS_URL,
    QUEUE_PREFIX: env.prefix,
    LANG: lang === 'vi' ? 'vi_VN.UTF-8' : 'en_US.UTF-8',
    LC_ALL: '',
    LC_MESSAGES: '',
    LOG_LEVEL: '',
    FOLLOW_INTERVAL_MS: '200',
    ...env.extra,
  };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  try {
    const r = await run(process.execPath, [MAIN, ...args], { cwd: root, env: childEnv, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', all: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

/** What a stack trace looks like in Node's output. */
export const STACK_TRACE = /\n\s+at .+[(:]\d+|node:internal|\.ts:\d+:\d+|\.js:\d+:\d+/;
