import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { type CliEnv, ensureBuilt, hubCli, STACK_TRACE } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { freePort } from '../support/private-services';
import { createQueuePrefix } from '../support/redis';

/**
 * `hub connectors …`, `hub schedule …`, `hub keys …`, `hub verify` as the operator
 * types them: the built CLI in a child process, against this file's database, queue
 * prefix and an MCĐT simulator; output asserted in English and Vietnamese.
 */
const SECRET = 'sim-key-7f3a9c2e';
const prefix = createQueuePrefix();
let db: TestDatabase;
let sim: McdtSimulator;
let env: CliEnv;
const en = (...args: string[]) => hubCli(env, 'en', ...args);
const vi = (...args: string[]) => hubCli(env, 'vi', ...args);

beforeAll(async () => {
  ensureBuilt();
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 5, size: 200, apiKey: SECRET });
  env = { databaseUrl: db.url, prefix, extra: { MCDT_KEY: SECRET } };
});

afterAll(async () => {
  await sim?.close();
});

/** Every result: no stack trace, and never the secret. */
const clean = (r: { all: string }) => {
  expect(r.all).not.toMatch(STACK_TRACE);
  expect(r.all).not.toContain(SECRET);
};

describe('hub connectors', () => {
  it('adds a connector (secret from the environment), checks it, lists and shows it with the secret as ***', async () => {
    const added = await en('connectors', 'add', 'motcua', 'mcdt', '--set', `baseUrl=${sim.url}`, '--set', 'apiKey=${MCDT_KEY}', '--set', 'startDate=2024-01-01', '--set', 'pageSize=50');
    clean(added);
    expect(added.code, added.all).toBe(0);
    expect(added.stdout).toContain('Added connector "motcua" (mcdt).');
    expect(added.stdout).toMatch(/Connection check: ok \(\d+ ms\)\./);

    const list = await vi('connectors', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/tên\s+loại\s+trạng thái/);
    expect(list.stdout).toMatch(/motcua\s+mcdt\s+đang hoạt động/);

    const show = await en('connectors', 'show', 'motcua', '--json');
    clean(show);
    const view = JSON.parse(show.stdout);
    expect(view).toMatchObject({ name: 'motcua', kind: 'mcdt', paused: false, schedule: null, config: { apiKey: '***', baseUrl: sim.url, pageSize: 50 } });
    expect(view.streams.map((s: { name: string }) => s.name)).toEqual(['agencies', 'procedures', 'dossiers', 'payments']);
    const shown = await vi('connectors', 'show', 'motcua');
    expect(shown.stdout).toContain('apiKey: ***');
    expect(shown.stdout).toContain('lịch: không có (chỉ đồng bộ khi yêu cầu)');
  }, 180_000);

  it('refuses a config whose connection check fails, saving nothing, unless --skip-check', async () => {
    const refused = await vi('connectors', 'add', 'hong', 'mcdt', '--set', `baseUrl=${sim.url}`, '--set', 'apiKey=wrong-key-123', '--set', 'startDate=2024-01-01');
    clean(refused);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Kiểm tra kết nối thất bại: .+\nKhông có gì được lưu\. Hãy sửa cấu hình, hoặc vẫn lưu bằng --skip-check\./);
    expect(refused.all).not.toContain('wrong-key-123');
    expect((await en('connectors', 'show', 'hong')).code).toBe(2);
    const saved = await en('connectors', 'add', 'hong', 'mcdt', '--set', `baseUrl=${sim.url}`, '--set', 'apiKey=wrong-key-123', '--set', 'startDate=2024-01-01', '--skip-check', '--json');
    expect(saved.code).toBe(1);
    expect(JSON.parse(saved.stdout).check).toMatchObject({ ok: false });
    const removed = await en('connectors', 'remove', 'hong');
    expect(removed.code).toBe(2);
    expect(removed.stderr).toMatch(/Add --yes to remove it/);
    expect((await en('connectors', 'remove', 'hong', '--yes')).stdout).toContain('Removed "hong"');
  }, 180_000);

  it('edits one field and keeps the secret; tests the stored config', async () => {
    const edited = await en('connectors', 'edit', 'motcua', '--set', 'pageSize=100');
    expect(edited.code, edited.all).toBe(0);
    expect(edited.stdout).toContain('Changed pageSize of "motcua".');
    const view = JSON.parse((await en('connectors', 'show', 'motcua', '--json')).stdout);
    expect(view.config).toMatchObject({ pageSize: 100, apiKey: '***' });
    const test = await vi('connectors', 'test', 'motcua');
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/Kiểm tra kết nối: tốt/);
    const reset = await vi('connectors', 'reset', 'motcua', 'dossiers', '--reason', 'đọc lại sau khi nguồn sửa dữ liệu');
    expect(reset.code, reset.all).toBe(0);
    expect(reset.stdout).toContain('Đã xoá điểm lưu của motcua/dossiers');
    const noReason = await en('connectors', 'reset', 'motcua', 'dossiers');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/^Option "--reason <text>" is required\./);
    const bad = await en('connectors', 'test', '--kind', 'mcdt', '--set', `baseUrl=${sim.url}`, '--set', 'apiKey=nope-nope', '--set', 'startDate=2024-01-01', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, reason: expect.any(String) });
  }, 180_000);

  it('sets a schedule in Vietnam time with its next five runs, refuses a bad cron at the call, pauses, resumes and clears', async () => {
    const set = await en('schedule', 'set', 'motcua', '0 7 * * *', '--json');
    expect(set.code, set.all).toBe(0);
    const result = JSON.parse(set.stdout);
    expect(result.schedule).toMatchObject({ cron: '0 7 * * *', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(result.schedule.nextFireTimes).toHaveLength(5);
    // 07:00 in Vietnam is 00:00 UTC.
    for (const at of result.schedule.nextFireTimes) expect(new Date(at).getUTCHours()).toBe(0);
    const text = await vi('schedule', 'set', 'motcua', '0 7 * * *', '--streams', 'dossiers,payments');
    expect(text.stdout).toMatch(/Lịch của "motcua": "0 7 \* \* \*" Asia\/Ho_Chi_Minh \(dossiers, payments\)\./);
    expect(text.stdout).toMatch(/07:00 Asia\/Ho_Chi_Minh\s+\(\d{4}-\d{2}-\d{2} 00:00 UTC\)/);

    for (const [lang, pattern] of [
      ['en', /^"99 99 \* \* \*" is not a cron pattern the scheduler can run \(.+\); write 5 fields/],
      ['vi', /^"99 99 \* \* \*" không phải lịch cron mà bộ lập lịch chạy được/],
    ] as const) {
      const bad = await hubCli(env, lang, 'schedule', 'set', 'motcua', '99 99 * * *');
      clean(bad);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(pattern);
    }
    const zone = await en('schedule', 'set', 'motcua', '0 7 * * *', '--tz', 'Mars/Olympus');
    expect(zone.code).toBe(2);
    expect(zone.stderr).toMatch(/"Mars\/Olympus" is not a time zone/);
    const stream = await en('schedule', 'set', 'motcua', '0 7 * * *', '--streams', 'dosiers');
    expect(stream.code).toBe(2);
    expect(stream.stderr).toMatch(/"dosiers" is not a stream of a mcdt connector; its streams: agencies, procedures, dossiers, payments/);

    const paused = await vi('connectors', 'pause', 'motcua');
    expect(paused.stdout).toMatch(/Đã tạm dừng "motcua"/);
    expect(JSON.parse((await en('connectors', 'list', '--json')).stdout)).toEqual([expect.objectContaining({ name: 'motcua', paused: true })]);
    const refused = await en('sync', 'motcua');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Connector "motcua" is paused; resume it first with `hub connectors resume motcua`\./);
    expect((await en('connectors', 'resume', 'motcua')).code).toBe(0);
    const cleared = await en('schedule', 'clear', 'motcua');
    expect(cleared.stdout).toContain('Cleared the schedule of "motcua"');
    expect(JSON.parse((await en('connectors', 'show', 'motcua', '--json')).stdout).schedule).toBeNull();
  }, 180_000);

  it('answers every user error with one line and exit 2, in both languages, never a stack trace', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [['connectors', 'show', 'nosuch'], /^No connector named "nosuch"\. `hub connectors list` shows them/, /^Không có connector tên "nosuch"/],
      [['connectors', 'add', 'x', 'sap', '--set', 'a=1'], /^"sap" is not a connector kind; known kinds: mcdt, dvc, qlvb\./, /^"sap" không phải loại connector; các loại có: mcdt, dvc, qlvb\./],
      [['connectors', 'add', 'x', 'mcdt', '--set', 'baseUrl=not a url'], /^The connector config is not valid:\n {2}- config\.baseUrl: /, /^Cấu hình connector không hợp lệ:\n {2}- config\.baseUrl: /],
      [['connectors', 'add', 'x', 'mcdt'], /^Give the config: --set field=value/, /^Hãy đưa cấu hình: --set trường=giá_trị/],
      [['connectors', 'add', 'x', 'mcdt', '--config', '{"apiKey":"sk-secret-999",'], /^The config in --config is not valid JSON \(.+\); it is not shown here/, /^Cấu hình trong --config không phải JSON hợp lệ/],
      [['connectors', 'lst'], /^Unknown command "lst"\. \(Did you mean list\?\)\nRun `hub connectors --help` for the usage\./, /^Không có lệnh "lst"\. \(Có phải ý bạn là list\?\)\nChạy `hub connectors --help` để xem cách dùng\./],
      [['connectors', 'show'], /^Missing argument <name>\./, /^Thiếu tham số <name>\./],
      [['runs', 'list', '--limit', 'many'], /^--limit must be a whole number of 1 or more; got "many"\./, /^--limit phải là số nguyên từ 1 trở lên/],
      [['sync', 'motcua', 'dosiers'], /^"dosiers" is not a stream of a mcdt connector/, /^"dosiers" không phải luồng của connector loại mcdt/],
      [['sync', 'motcua', '--from', '2024-13-01', '--to', '2024-02-01'], /^"2024-13-01" is not a day; write yyyy-MM-dd/, /^"2024-13-01" không phải một ngày/],
      [['runs', 'show', '99999'], /^No run #99999; `hub runs list` shows them\./, /^Không có lượt chạy #99999/],
      [['keys', 'create', '--role', 'root', '--name', 'x'], /^"root" is not valid for --role <role>: choose one of viewer, operator, auditor, admin\./, /^"root" không hợp lệ cho --role <role>: chọn một trong viewer, operator, auditor, admin\./],
      [['frobnicate'], /^Unknown command "frobnicate"\./, /^Không có lệnh "frobnicate"\./],
    ];
    for (const [args, english, vietnamese] of cases) {
      for (const [lang, pattern] of [['en', english], ['vi', vietnamese]] as const) {
        const r = await hubCli(env, lang, ...args);
        expect(r.code, `${lang} ${args.join(' ')}: ${r.all}`).toBe(2);
        expect(r.stderr, `${lang} ${args.join(' ')}`).toMatch(pattern);
        expect(r.all).not.toMatch(STACK_TRACE);
        expect(r.all).not.toContain('sk-secret-999');
      }
    }
  }, 180_000);

  it('says PostgreSQL is unreachable, and what to do, with exit 3', async () => {
    const port = await freePort();
    const down = { ...env, databaseUrl: `postgres://postgres@127.0.0.1:${port}/hub` };
    for (const [lang, pattern] of [
      ['en', /^Cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/hub: .*\nStart them with `docker compose up -d postgres redis`/],
      ['vi', /^Không kết nối được PostgreSQL tại postgres:\/\/postgres@127\.0\.0\.1:\d+\/hub: .*\nHãy khởi động/],
    ] as const) {
      const r = await hubCli(down, lang, 'connectors', 'list');
      expect(r.code, r.all).toBe(3);
      expect(r.stderr).toMatch(pattern);
      expect(r.all).not.toMatch(STACK_TRACE);
    }
  }, 180_000);

  it('prints help in the language asked for, with the exit codes', async () => {
    const english = await en('--help');
    expect(english.code).toBe(0);
    expect(english.stdout).toMatch(/^Usage: hub \[options\] \[command\]/);
    expect(english.stdout).toMatch(/Exit codes: 0 ok · 1 findings/);
    const vietnamese = await en('--lang', 'vi', 'connectors', '--help');
    expect(vietnamese.stdout).toMatch(/^Cách dùng: hub connectors \[tuỳ-chọn\] \[lệnh\]/);
    expect(vietnamese.stdout).toMatch(/add \[tuỳ-chọn\] <name> <kind>\s+thêm connector: kiểm tra cấu hình/);
    const none = await vi('connectors');
    expect(none.code).toBe(2);
    expect(none.all).toMatch(/Cách dùng: hub connectors/);
  }, 180_000);
});

describe('hub keys and hub verify', () => {
  it('create, list and revoke keys with --json shapes; verify exits 0 on a consistent store', async () => {
    const created = JSON.parse((await en('keys', 'create', '--role', 'viewer', '--name', 'dashboard', '--json')).stdout);
    expect(created).toMatchObject({ key: expect.stringMatching(/^bkh_/), id: expect.any(String), role: 'viewer', name: 'dashboard', revokedAt: null });
    const listed = JSON.parse((await en('keys', 'list', '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'dashboard' })]);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(15));
    const revoked = await vi('keys', 'revoke', created.id);
    expect(revoked.stdout).toMatch(new RegExp(`^Đã thu hồi ${created.id}`));
    const verify = await vi('verify');
    expect(verify.code, verify.all).toBe(0);
    expect(verify.stdout).toMatch(/^Kho dữ liệu nhất quán/);
    expect(JSON.parse((await en('verify', '--json')).stdout)).toMatchObject({ ok: true, violationCount: 0, violations: [] });
  }, 180_000);

  it('verify exits 1 and names the violation when the store breaks its invariant', async () => {
    await db.query(`insert into ops.sync_run (connector_id, connector_name, stream, status, started_at, finished_at, read_count, inserted_count) values (9999, 'ghost', 'dossiers', 'succeeded', now(), now(), 1, 5)`);
    const r = await en('verify', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, violationCount: expect.any(Number) });
    const text = await vi('verify');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\d+ vi phạm/);
    await db.query(`delete from ops.sync_run where connector_name = 'ghost'`);
  }, 180_000);
});
