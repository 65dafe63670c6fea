import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
// `docker compose` (plugin) or Debian's `docker-compose`; both validate without an engine.
const compose: string[] | null = has('docker', ['compose', 'version']) ? ['docker', 'compose'] : has('docker-compose', ['version']) ? ['docker-compose'] : null;

describe('docker-compose.yml', () => {
  it.runIf(compose !== null)('is a valid compose file with the hub, its services and the demo simulator', () => {
    const [cmd, ...pre] = compose!;
    const env = { ...process.env, SECRETS_KEY: 'a'.repeat(43) + '=' };
    const services = execFileSync(cmd!, [...pre, '--profile', 'demo', 'config', '--services'], { cwd: root, encoding: 'utf8', env }).split('\n').filter(Boolean).sort();
    expect(services).toEqual(['api', 'migrate', 'postgres', 'redis', 'sim-dvc', 'sim-mcdt', 'sim-qlvb', 'worker']);
    execFileSync(cmd!, [...pre, 'config', '-q'], { cwd: root, env });
  });

  it.runIf(compose !== null)('publishes every port on this machine only, and will not start the hub without SECRETS_KEY', () => {
    const [cmd, ...pre] = compose!;
    const config = execFileSync(cmd!, [...pre, '--profile', 'demo', 'config'], { cwd: root, encoding: 'utf8', env: { ...process.env, SECRETS_KEY: 'k' } });
    const published = [...config.matchAll(/host_ip: (\S+)|- (?:")?(\S*:)?\d+:\d+/g)].map((m) => m[1] ?? m[0]);
    expect(published.length).toBeGreaterThanOrEqual(6);
    for (const p of published) expect(p).toMatch(/127\.0\.0\.1/);
    const { SECRETS_KEY: _unset, ...without } = process.env;
    expect(() => execFileSync(cmd!, [...pre, '--profile', 'demo', 'config', '-q'], { cwd: root, env: without, stdio: 'pipe' })).toThrow(/SECRETS_KEY/);
  });
});
