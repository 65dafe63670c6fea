import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../connectors/registry';
import { validateConnectorConfig } from '../src/engine/connector-config';

const root = resolve(__dirname, '..');
const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
// `docker compose` (plugin) or Debian's `docker-compose`; both validate without an engine.
const compose: string[] | null = has('docker', ['compose', 'version']) ? ['docker', 'compose'] : has('docker-compose', ['version']) ? ['docker-compose'] : null;

describe('docker-compose.yml', () => {
  it.runIf(compose !== null)('is a valid compose file with the hub, its services and the demo simulator', () => {
    const [cmd, ...pre] = compose!;
    const env = { ...process.env, SECRETS_KEY: 'a'.repeat(43) + '=' };
    const services = execFileSync(cmd!, [...pre, '--profile', 'demo', 'config', '--services'], { cwd: root, encoding: 'utf8', env }).split('\n').filter(Boolean).sort();
    // (docker-compose 1.29 lists every service whatever the profile; the profiles are checked below.)
    expect(services).toEqual(expect.arrayContaining(['api', 'demo-init', 'migrate', 'postgres', 'redis', 'sim-dvc', 'sim-mcdt', 'sim-qlvb', 'worker']));
    execFileSync(cmd!, [...pre, 'config', '-q'], { cwd: root, env });
  });

  it.runIf(compose !== null)('gives every long-running hub process a /readyz health check and a restart policy', () => {
    const [cmd, ...pre] = compose!;
    const env = { ...process.env, SECRETS_KEY: 'a'.repeat(43) + '=' };
    const config = execFileSync(cmd!, [...pre, '--profile', 'hub', '--profile', 'demo', 'config'], { cwd: root, encoding: 'utf8', env });
    // Each service's block: from its name at two spaces to the next one.
    const blocks = new Map([...config.matchAll(/^ {2}([\w-]+):\n((?: {4}.*\n| *\n)*)/gm)].map((m) => [m[1]!, m[2]!]));
    for (const name of ['api', 'api-2', 'worker', 'worker-2']) {
      const block = blocks.get(name)!;
      expect(block, name).toMatch(/restart: unless-stopped/);
      expect(block, name).toMatch(/dist\/src\/health\/probe\.js/);
    }
    expect(blocks.get('api-2')).toMatch(/127\.0\.0\.1/);
    // demo: one API, one worker, demo-init; hub: two of each.
    const profiles = (name: string) => [...(blocks.get(name)?.match(/ {4}profiles:\n((?: {4}- .*\n)+)/)?.[1] ?? '').matchAll(/- (\S+)/g)].map((m) => m[1]).sort();
    expect(Object.fromEntries(['api', 'api-2', 'worker', 'worker-2', 'demo-init'].map((n) => [n, profiles(n)]))).toEqual({
      api: ['demo', 'hub'],
      'api-2': ['hub'],
      worker: ['demo', 'hub'],
      'worker-2': ['hub'],
      'demo-init': ['demo'],
    });
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24/m);
    expect(dockerfile).toMatch(/TZ=Asia\/Ho_Chi_Minh/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*dist\/src\/health\/probe\.js/m);
  });

  it('registers the demo connectors with configs their connectors accept, then queues their sync, with today\'s CLI', () => {
    const file = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
    const added = [...file.matchAll(/hub connector:add (\S+) (\S+) '(\{.*\})'/g)].map((m) => ({ name: m[1]!, kind: m[2]!, config: JSON.parse(m[3]!) as unknown }));
    expect(added.map((a) => a.kind).sort()).toEqual(['dvc', 'mcdt', 'qlvb']);
    for (const a of added) expect(() => validateConnectorConfig(getConnector(a.kind), a.config), a.name).not.toThrow();
    for (const a of added) expect(file).toContain(`hub sync ${a.name}\n`);
    // The commands exist in the CLI, with these arguments.
    const connectors = readFileSync(resolve(root, 'src/cli/commands/connectors.ts'), 'utf8');
    expect(connectors).toMatch(/\.command\('connector:add'[\s\S]*?'<name>'[\s\S]*?'<kind>'[\s\S]*?'<config-json>'[\s\S]*?'\[cron\]'/);
    const sync = readFileSync(resolve(root, 'src/cli/commands/sync.ts'), 'utf8');
    expect(sync).toMatch(/\.command\('sync'\)/);
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
