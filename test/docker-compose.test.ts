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
    const services = execFileSync(cmd!, [...pre, '--profile', 'demo', 'config', '--services'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    expect(services).toEqual(['api', 'migrate', 'postgres', 'redis', 'sim-dvc', 'sim-mcdt', 'sim-qlvb', 'worker']);
    execFileSync(cmd!, [...pre, 'config', '-q'], { cwd: root });
  });
});
