import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * A PostgreSQL server and a Redis server of the test file's own (free ports, a temp
 * directory), which the test may stop and start to play an outage. The shared servers
 * are never touched. Call `destroy()` in the file's afterAll (a hook registered from
 * inside beforeAll would not run); if the test process dies first, an exit hook stops
 * the servers and removes their directories.
 */

const run = promisify(execFile);

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const temp = (label: string) => mkdtempSync(join(tmpdir(), `hub-${label}-`));

export interface PrivatePostgres {
  port: number;
  /** The URL of database `name` on this server. */
  url(name: string): string;
  /** Creates database `name`, as a copy of `template` when given. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** `pg_ctl stop -m fast`: open connections are cut, new ones refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and removes its directory. */
  destroy(): Promise<void>;
}

/** initdb + pg_ctl start as the `postgres` user (when run as root), on a free port with durability off. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bindir = (await run('pg_config', ['--bindir'])).stdout.trim();
  const dir = temp('pg');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = (await run('id', ['-u', 'postgres'])).stdout.trim();
    const gid = (await run('id', ['-g', 'postgres'])).stdout.trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const command = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bindir, cmd), ...args]] : [join(bindir, cmd), args]);
  const pgUser = (cmd: string, args: string[]) => run(...command(cmd, args));
  const data = join(dir, 'data');
  await pgUser('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
  let running = false;
  const pg: PrivatePostgres = {
    port,
    url: (name) => `postgres://postgres@127.0.0.1:${port}/${name}`,
    async createDatabase(name, template) {
      const client = new Client({ connectionString: pg.url('postgres') });
      await client.connect();
      try {
        await client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
      } finally {
        await client.end();
      }
      return pg.url(name);
    },
    async stop() {
      if (!running) return;
      await pgUser('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async start() {
      if (running) return;
      await pgUser('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
      running = true;
    },
    async destroy() {
      process.off('exit', onExit);
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // pg_ctl detaches the server: it would outlive a test process that dies.
  const onExit = () => {
    try {
      if (running) execFileSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', onExit);
  await pg.start();
  return pg;
}

export interface PrivateRedis {
  url: string;
  /** SIGTERM: the server goes away; its data stays on disk (append-only file). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, as after a restart. */
  start(): Promise<void>;
  /** Stops the server for good and removes its directory. */
  destroy(): Promise<void>;
}

/** `redis-server` on a free port, persisting every write, so a restart keeps the queue. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = temp('redis');
  const port = await freePort();
  let child: ChildProcess | null = null;
  // A killed test process must not leave the server behind.
  const onExit = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const c = child;
      if (!c) return;
      child = null;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      });
    },
    async start() {
      if (child) return;
      const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        c.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Ready to accept connections')) resolve();
        });
        c.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
      });
    },
    async destroy() {
      process.off('exit', onExit);
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}
