import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where `tsc` puts a simulator's entry point, seen from dist/bench/support/. */
const simulatorMain = (system: 'mcdt' | 'dvc') => path.resolve(__dirname, `../../src/simulators/${system}/main.js`);

/** A fresh token per bench process for the simulators' control endpoint. */
const CONTROL_TOKEN = randomBytes(16).toString('hex');

export interface SimulatorOptions {
  /** Which source system (default the one-stop-shop). */
  system?: 'mcdt' | 'dvc';
  size: number;
  seed: number;
  /** MCĐT's API key; the portal's password (its user is `bench`). */
  apiKey: string;
  /** The simulator's clock: give two simulators the same one so their data overlaps. */
  now?: Date;
  /** Where its history starts (MCĐT): two simulators with disjoint histories serve disjoint dossier codes. */
  historyFrom?: Date;
}

/**
 * The MCĐT simulator in its own process (`node dist/src/simulators/mcdt/main.js`), so
 * generating and serialising dossiers does not share the hub's event loop.
 */
export class ChildSimulator {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly startupMs: number,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    // Last resort when the bench dies without cleaning up: never leave the simulator behind.
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

  /** Spawns the simulator on a free port and resolves once it prints its URL. */
  static start(opts: SimulatorOptions, timeoutMs = 900_000): Promise<ChildSimulator> {
    const main = simulatorMain(opts.system ?? 'mcdt');
    if (!existsSync(main)) {
      return Promise.reject(new Error(`${main} does not exist: run "npm run build" first (npm run bench:ingest does)`));
    }
    const started = Date.now();
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env, SIM_PORT: '0', SIM_HOST: '127.0.0.1', SIM_SIZE: String(opts.size), SIM_SEED: String(opts.seed), SIM_API_KEY: opts.apiKey,
        SIM_USERNAME: 'bench', SIM_PASSWORD: opts.apiKey, ...(opts.now ? { SIM_NOW: opts.now.toISOString() } : {}),
        ...(opts.historyFrom ? { SIM_HISTORY_FROM: opts.historyFrom.toISOString() } : {}),
        // The control endpoint (mutate, stats) is off without a token.
        SIM_CONTROL_TOKEN: CONTROL_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise<ChildSimulator>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => fail(new Error(`the simulator printed no URL within ${timeoutMs / 1000} s`)), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.off('exit', onExit);
        child.off('error', fail);
      };
      function fail(error: Error): void {
        done();
        child.kill('SIGKILL');
        reject(error);
      }
      const onExit = (code: number | null, signal: string | null) =>
        fail(new Error(`the simulator exited (${signal ?? `code ${code}`}) before it was ready${err ? `:\n${err.trim()}` : ''}`));
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        err = (err + chunk).slice(-4000);
      });
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (!match) return;
        done();
        // Keep draining its output so a chatty simulator never blocks on a full pipe.
        child.stdout.resume();
        resolve(new ChildSimulator(child, match[1]!, Date.now() - started));
      });
      child.once('exit', onExit);
      child.once('error', fail);
    });
  }

  /** POST /__control; returns its JSON answer. */
  async control<T = unknown>(body: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${this.url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-control-token': CONTROL_TOKEN }, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST /__control ${JSON.stringify(body)} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** SIGTERM, then SIGKILL if it has not gone after `graceMs`. Safe to call twice. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
