import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SERVER_KINDS = ['hub', 'postgraphile', 'plain'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const SERVER_LABELS: Record<ServerKind, string> = {
  hub: 'hub (Apollo + type-graphql + MikroORM)',
  postgraphile: 'PostGraphile 4 + connection-filter',
  plain: 'plain pg (node:http + SQL)',
};

/** Where `tsc` puts the child's entry point, seen from dist/bench/graphql/. */
const SERVER_MAIN = path.resolve(__dirname, 'server-main.js');

/** One benchmarked server in its own Node process, so it never shares an event loop with the load generator. */
export class ChildServer {
  private readonly exited: Promise<void>;

  private constructor(
    readonly kind: ServerKind,
    private readonly child: ChildProcess,
    readonly url: string,
    readonly startupMs: number,
    /** Sent with every request (the hub's API key). */
    readonly headers: Record<string, string> = {},
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    // Last resort when the bench dies without cleaning up: never leave a server behind.
    process.once('exit', () => {
      if (this.alive) child.kill('SIGKILL');
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  static start(kind: ServerKind, dbUrl: string, timeoutMs = 120_000): Promise<ChildServer> {
    if (!existsSync(SERVER_MAIN)) return Promise.reject(new Error(`${SERVER_MAIN} does not exist: run "npm run build" first (npm run bench:graphql does)`));
    const started = Date.now();
    // The same environment for all three: production mode, the scratch database.
    const child = fork(SERVER_MAIN, [kind], {
      env: { ...process.env, NODE_ENV: 'production', BENCH_GQL_DB_URL: dbUrl },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new Promise<ChildServer>((resolve, reject) => {
      let err = '';
      child.stdout?.resume();
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        err = (err + chunk).slice(-4000);
      });
      const timer = setTimeout(() => fail(new Error(`the ${kind} server was not ready within ${timeoutMs / 1000} s`)), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', fail);
      };
      function fail(error: Error): void {
        done();
        child.kill('SIGKILL');
        reject(error);
      }
      const onExit = (code: number | null, signal: string | null) =>
        fail(new Error(`the ${kind} server exited (${signal ?? `code ${code}`}) before it was ready${err ? `:\n${err.trim()}` : ''}`));
      const onMessage = (message: unknown) => {
        const m = message as { type?: unknown; url?: unknown; headers?: Record<string, string> };
        if (m.type !== 'ready' || typeof m.url !== 'string') return;
        done();
        resolve(new ChildServer(kind, child, m.url, Date.now() - started, m.headers ?? {}));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.once('error', fail);
    });
  }

  /** SIGTERM, then SIGKILL if it has not gone after `graceMs`. Safe to call twice. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
