import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { type CliEnv, ensureBuilt, hubCli, STACK_TRACE } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createQueuePrefix } from '../support/redis';

/** `hub apply` and `hub export`: connectors and schedules as a file, applied idempotently, round trip. */
const SECRET = 'apply-key-93c1d7';
const prefix = createQueuePrefix();
const dir = mkdtempSync(join(tmpdir(), 'hub-apply-'));
let db: TestDatabase;
let sim: McdtSimulator;
let env: CliEnv;
const en = (...args: string[]) => hubCli(env, 'en', ...args);
const vi = (...args: string[]) => hubCli(env, 'vi', ...args);

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const config = (opts: { cron?: string; pageSize?: number; apiKey?: string } = {}) => `
version: 1
connectors:
  - name: motcua
    kind: mcdt
    config:
      baseUrl: ${sim.url}
      apiKey: ${opts.apiKey ?? '${MOTCUA_API_KEY}'}
      startDate: "2024-01-01"
      pageSize: ${opts.pageSize ?? 50}
    schedule:
      cron: "${opts.cron ?? '*/15 * * * *'}"
`;

beforeAll(async () => {
  ensureBuilt();
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 3, size: 100, apiKey: SECRET });
  env = { databaseUrl: db.url, prefix, extra: { MOTCUA_API_KEY: SECRET } };
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hub apply', () => {
  it('prints the plan with secrets as *** and changes nothing with --dry-run', async () => {
    const r = await en('apply', file('a.yaml', config()), '--dry-run');
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/Plan for .*a\.yaml:\n {2}\+ create "motcua" \(mcdt\)\n/);
    expect(r.stdout).toContain('      apiKey: ***\n');
    expect(r.stdout).toContain('      pageSize: 50\n');
    expect(r.stdout).toContain('      schedule: "*/15 * * * *" Asia/Ho_Chi_Minh');
    expect(r.stdout).toMatch(/\d+ change\(s\)\.\nDry run: nothing was changed\.\n$/);
    expect(r.all).not.toContain(SECRET);
    expect(await db.query('select 1 from ops.connector')).toHaveLength(0);
  }, 180_000);

  it('applies it, then applying again changes nothing', async () => {
    const path = file('a.yaml', config());
    const r = await vi('apply', path);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/Kế hoạch cho .*a\.yaml:\n {2}\+ tạo "motcua" \(mcdt\)/);
    expect(r.stdout).toMatch(/Đã áp dụng \d+ thay đổi\.\n$/);
    const view = JSON.parse((await en('connectors', 'show', 'motcua', '--json')).stdout);
    expect(view).toMatchObject({ config: { apiKey: '***', pageSize: 50 }, schedule: { cron: '*/15 * * * *', timeZone: 'Asia/Ho_Chi_Minh' } });
    const again = await en('apply', path);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('  = "motcua" unchanged');
    expect(again.stdout).toContain('No changes: the hub already matches the file.');
  }, 180_000);

  it('plans and applies a changed field, schedule and secret (shown as ***); --json has the plan without secret values', async () => {
    const path = file('b.yaml', config({ cron: '0 7 * * 1-5', pageSize: 100 }));
    const plan = await hubCli({ ...env, extra: { MOTCUA_API_KEY: `${SECRET}-2` } }, 'en', 'apply', path, '--dry-run', '--json', '--skip-check');
    expect(plan.code, plan.all).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json).toMatchObject({ dryRun: true, applied: false, changes: 3, untouched: [] });
    expect(json.entries[0]).toMatchObject({ connector: 'motcua', action: 'update', paused: null });
    expect(json.entries[0].config).toEqual([
      { field: 'apiKey', secret: true, before: '***', after: '***' },
      { field: 'pageSize', secret: false, before: 50, after: 100 },
    ]);
    expect(json.entries[0].schedule.after).toMatchObject({ cron: '0 7 * * 1-5' });
    expect(plan.all).not.toContain(SECRET);

    const text = await en('apply', path);
    expect(text.code, text.all).toBe(0);
    expect(text.stdout).toContain('      pageSize: 50 → 100');
    expect(text.stdout).toContain('      schedule: "*/15 * * * *" Asia/Ho_Chi_Minh → "0 7 * * 1-5" Asia/Ho_Chi_Minh');
    expect(text.stdout).toContain('Applied 2 change(s).');
    const audit = await db.query<{ action: string }>(`select action from ops.audit_event where actor_type = 'cli' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['connector.create', 'connector.update', 'schedule.set']);
  }, 180_000);

  it('exports the configuration with secrets as references; applying the export changes nothing', async () => {
    const out = join(dir, 'export.yaml');
    const r = await vi('export', out);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(`Đã ghi 1 connector vào ${out}.`);
    expect(r.stdout).toContain('MOTCUA_API_KEY');
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(parse(text)).toMatchObject({ version: 1, connectors: [{ name: 'motcua', kind: 'mcdt', paused: false, config: { apiKey: '${MOTCUA_API_KEY}', pageSize: 100 }, schedule: { cron: '0 7 * * 1-5', timeZone: 'Asia/Ho_Chi_Minh' } }] });
    const back = await en('apply', out);
    expect(back.code, back.all).toBe(0);
    expect(back.stdout).toContain('No changes: the hub already matches the file.');
    const stdout = await vi('export');
    expect(stdout.stdout).toBe(text);
  }, 180_000);

  it('refuses a literal secret, a bad cron, an unset variable and bad YAML, naming the path, changing nothing', async () => {
    const cases: [string, string, Record<string, string>, RegExp][] = [
      ['literal.yaml', config({ apiKey: 'sk-live-abc123' }), {}, /connectors\[0\]\.config\.apiKey: is a secret: write an environment reference such as \$\{MOTCUA_API_KEY\}/],
      ['cron.yaml', config({ cron: '99 99 * * *' }), {}, /connectors\[0\]\.schedule\.cron: "99 99 \* \* \*" is not a cron pattern/],
      ['unset.yaml', config(), { MOTCUA_API_KEY: '' }, /connectors\[0\]\.config\.apiKey: the environment variable MOTCUA_API_KEY is not set/],
      ['syntax.yaml', 'connectors:\n  - name: [x\n', {}, /line \d+, column \d+: /],
    ];
    for (const [name, text, extra, pattern] of cases) {
      for (const lang of ['en', 'vi'] as const) {
        const r = await hubCli({ ...env, extra: { ...env.extra, ...extra } }, lang, 'apply', file(name, text));
        expect(r.code, `${name} ${r.all}`).toBe(2);
        expect(r.stderr).toMatch(lang === 'en' ? /is not a valid configuration:\n/ : /không phải cấu hình hợp lệ:\n/);
        expect(r.stderr).toMatch(pattern);
        expect(r.stderr).toMatch(lang === 'en' ? /Nothing was changed\.$/m : /Không có gì bị thay đổi\.$/m);
        expect(r.all).not.toMatch(STACK_TRACE);
        expect(r.all).not.toContain('sk-live-abc123');
      }
    }
    const missing = await en('apply', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Cannot read .*nope\.yaml \(ENOENT\)\./);
  }, 180_000);
});
