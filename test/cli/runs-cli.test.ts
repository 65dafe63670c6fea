import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify, stripVTControlCharacters } from 'node:util';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../connectors/registry';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { type CliEnv, ensureBuilt, hubCli, STACK_TRACE } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix, TEST_REDIS_URL } from '../support/redis';

/**
 * `hub sync`, `hub runs …`, `hub quarantine …` against a real worker (in this test
 * process, on this file's queue prefix) and an MCĐT simulator serving some bad records.
 * The CLI runs as a child process, so `follow` prints plain lines (stdout is a pipe).
 */
const SECRET = 'runs-key-51b2e8';
const prefix = createQueuePrefix();
let db: TestDatabase;
let sim: McdtSimulator;
let env: CliEnv;
const en = (...args: string[]) => hubCli(env, 'en', ...args);
const vi = (...args: string[]) => hubCli(env, 'vi', ...args);

beforeAll(async () => {
  ensureBuilt();
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 9, size: 400, apiKey: SECRET, historyFrom: new Date('2024-01-01T00:00:00Z') });
  sim.control({ action: 'faults', set: { badRecordRate: 0.03 } });
  createTestQueue(db.orm, prefix);
  env = { databaseUrl: db.url, prefix, extra: { MCDT_KEY: SECRET } };
  const added = await en('connectors', 'add', 'motcua', 'mcdt', '--set', `baseUrl=${sim.url}`, '--set', 'apiKey=${MCDT_KEY}', '--set', 'startDate=2024-01-01', '--set', 'pageSize=50', '--set', 'windowDays=31');
  expect(added.code, added.all).toBe(0);
});

afterAll(async () => {
  await sim?.close();
});

describe('hub sync and hub runs', () => {
  it('syncs with --follow: plain progress lines in Vietnamese, the end with counts, exit 0', async () => {
    const r = await vi('sync', 'motcua', '--follow');
    expect(r.code, r.all).toBe(0);
    expect(r.all).not.toMatch(STACK_TRACE);
    expect(r.stdout).toMatch(/^Đã bắt đầu lượt chạy #1 của "motcua": agencies, procedures, dossiers, payments\./);
    expect(r.stdout).toMatch(/Lượt #1 motcua: (đang chờ|đang chạy|một phần|thành công) \d+%/);
    expect(r.stdout).toMatch(/Lượt #1 kết thúc: một phần, sau \d+ (s|min)/);
    expect(r.stdout).toMatch(/đã đọc \d+, mới \d+, thay đổi \d+, không đổi \d+, cách ly [1-9]\d*/);
    expect(r.stdout).toContain('Bản ghi bị cách ly: `hub quarantine list --connector motcua`.');
  }, 180_000);

  it('lists and shows runs, with --json shapes', async () => {
    const list = JSON.parse((await en('runs', 'list', '--json')).stdout);
    expect(list).toMatchObject({ totalCount: 1, hasMore: false, runs: [{ id: 1, connector: 'motcua', status: 'partial', trigger: 'cli', startedBy: { type: 'cli' }, progress: { fraction: 1 } }] });
    expect(list.runs[0].streamRuns.map((s: { stream: string }) => s.stream)).toEqual(['agencies', 'procedures', 'dossiers', 'payments']);
    const text = await en('runs', 'list');
    expect(text.stdout).toMatch(/#1\s+motcua\s+partial\s+100/);
    const show = await vi('runs', 'show', '1');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Lượt #1 motcua: một phần 100%/);
    expect(show.stdout).toMatch(/dossiers\s+(một phần|thành công)\s+100/);
    expect(JSON.parse((await en('runs', 'show', '#1', '--json')).stdout)).toMatchObject({ id: 1, status: 'partial' });
    const status = await vi('runs', 'list', '--status', 'done');
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/^"done" không hợp lệ cho --status <status>: chọn một trong queued, running, succeeded, partial, failed, cancelled\./);
  }, 180_000);

  // A terminal (a pseudo-terminal from util-linux `script`): progress bars, then the summary.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('draws progress bars when stdout is a terminal', async () => {
    const main = join(resolve(__dirname, '../..'), 'dist/src/main.js');
    const child = await promisify(execFile)('script', ['-qec', `${process.execPath} ${main} runs follow 1`, '/dev/null'], {
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LANG: 'en_US.UTF-8', LC_ALL: '', COLUMNS: '160' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = stripVTControlCharacters(child.stdout);
    expect(out).toMatch(/run #1\s+\|█+\| 100% partial/);
    expect(out).toMatch(/dossiers\s+\|█+\| 100%/);
    expect(out).toContain('Run #1 ended partial');
  }, 180_000);

  // Runs once the MCĐT dossiers stream reads date windows (the backfill flow of the control layer).
  it.skipIf(!CONNECTORS.mcdt!.streams.some((s) => s.definition.name === 'dossiers' && typeof s.readWindow === 'function'))('backfills a date range as window jobs and follows it as NDJSON with --json', async () => {
    const r = await en('sync', 'motcua', 'dossiers', '--from', '2024-01-01', '--to', '2024-03-01', '--window-days', '15', '--follow', '--json');
    expect(r.code, r.all).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; run: { id: number; from: string; to: string; status: string; streamRuns: { windows: { total: number; done: number } | null }[] } });
    expect(events[0]!.event).toBe('started');
    const end = events.at(-1)!;
    expect(end.event).toBe('end');
    expect(end.run).toMatchObject({ from: '2024-01-01', to: '2024-03-01' });
    expect(['succeeded', 'partial']).toContain(end.run.status);
    expect(end.run.streamRuns[0]!.windows).toEqual({ total: 4, done: 4 });
  }, 180_000);

  it('cancels a run, which then ends cancelled (follow exits 1)', async () => {
    sim.control({ action: 'faults', set: { slowMs: 300 } });
    try {
      const started = JSON.parse((await en('sync', 'motcua', 'dossiers', '--full', '--json')).stdout);
      const cancel = await vi('runs', 'cancel', String(started.id));
      expect(cancel.code, cancel.all).toBe(0);
      expect(cancel.stdout).toMatch(new RegExp(`^Đã yêu cầu dừng lượt chạy #${started.id}`));
      const follow = await en('runs', 'follow', String(started.id));
      expect(follow.code, follow.all).toBe(1);
      expect(follow.stdout).toMatch(new RegExp(`Run #${started.id} ended cancelled`));
      const again = await en('runs', 'cancel', String(started.id));
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(new RegExp(`^Run #${started.id} has already ended \\(cancelled\\); nothing to cancel\\.`));
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
    }
  }, 180_000);

  it('stops following on Ctrl+C with exit 130; the run goes on', async () => {
    sim.control({ action: 'faults', set: { slowMs: 200 } });
    try {
      const started = JSON.parse((await en('sync', 'motcua', 'dossiers', '--full', '--json')).stdout);
      const child = spawn(process.execPath, [join(resolve(__dirname, '../..'), 'dist/src/main.js'), 'runs', 'follow', String(started.id)], {
        env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LANG: 'en_US.UTF-8', LC_ALL: '', FOLLOW_INTERVAL_MS: '200' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      // Once it follows (its first line printed), Ctrl+C.
      for (let i = 0; i < 600 && !out.includes(`Run #${started.id}`); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`Run #${started.id}`);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      expect(code, out).toBe(130);
      expect(out).toContain(`Stopped following run #${started.id}; the run goes on`);
      expect(out).not.toMatch(STACK_TRACE);
      // Following stopped; the run was not cancelled by it.
      const still = JSON.parse((await en('runs', 'show', String(started.id), '--json')).stdout);
      expect(still.status).not.toBe('cancelled');
      expect(still.cancelRequestedAt).toBeNull();
      if (still.status === 'queued' || still.status === 'running') await en('runs', 'cancel', String(started.id));
      await en('runs', 'follow', String(started.id));
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
    }
  }, 180_000);
});

describe('hub quarantine', () => {
  it('lists and shows quarantined records; replay closes those that now map and reports the rest', async () => {
    const listed = JSON.parse((await en('quarantine', 'list', '--connector', 'motcua', '--stream', 'dossiers', '--json')).stdout) as { entries: { id: number; reason: string; sourceKey: string | null }[]; total: number };
    expect(listed.total).toBeGreaterThan(1);
    // Entries with a key (one without can only arrive again from the source).
    const [fixable, broken] = listed.entries.filter((e) => e.sourceKey !== null);
    const text = await vi('quarantine', 'list', '--connector', 'motcua');
    expect(text.stdout).toMatch(/mục\s+connector\s+luồng\s+khoá/);
    expect(text.stdout).toMatch(new RegExp(`#${broken!.id}\\s+motcua\\s+dossiers`));

    const show = await en('quarantine', 'show', String(broken!.id));
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`reason: ${broken!.reason}`);
    expect(show.stdout).toMatch(/payload as received:\n\s+\{/);

    // The mapping "is fixed" for one entry: its payload becomes a record today's mapping accepts.
    await db.query(
      `update ops.quarantine set payload = (select v.payload from raw.source_record_version v join raw.source_record r on r.id = v.record_id where r.stream = 'dossiers' order by v.id limit 1) where id = $1`,
      [fixable!.id],
    );
    const replay = await en('quarantine', 'replay', String(fixable!.id), String(broken!.id));
    expect(replay.code, replay.all).toBe(1);
    expect(replay.stdout).toMatch(/^Replayed 2 entr\(y\/ies\): 1 now map and are closed, 1 still fail, 0 skipped\./);
    expect(replay.stdout).toContain(`#${broken!.id} still fails`);
    const after = JSON.parse((await en('quarantine', 'show', String(fixable!.id), '--json')).stdout);
    expect(after.resolvedAt).not.toBeNull();
    const none = await vi('quarantine', 'replay');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Hãy nêu các mục cần xử lý lại/);
    const missing = await vi('quarantine', 'show', '999999');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Không có mục cách ly #999999/);
  }, 180_000);
});

describe('hub indicators rebuild', () => {
  it('puts back roll-ups that drifted from the dossiers: verify names the drift, rebuild mends it (en, vi, --json)', async () => {
    await db.query(`delete from hub.indicator_month_agency`);
    const drifted = await en('verify', '--json');
    expect(drifted.code).toBe(1);
    expect(JSON.parse(drifted.stdout).violations).toContainEqual(expect.objectContaining({ check: 'INDICATOR_FACTS', detail: 'month sums per agency differ from the formulas' }));

    const rebuilt = await en('indicators', 'rebuild', '--json');
    expect(rebuilt.code, rebuilt.all).toBe(0);
    const result = JSON.parse(rebuilt.stdout) as { dossiers: number; monthRows: number };
    expect(result.dossiers).toBeGreaterThan(0);
    const n = result.dossiers;
    expect(result.monthRows).toBeGreaterThan(0);
    // Earlier tests in this file edit the store by hand; only the roll-ups' findings count here.
    const mended = await en('verify', '--json');
    expect(JSON.parse(mended.stdout).violations.filter((v: { check: string }) => v.check === 'INDICATOR_FACTS')).toEqual([]);

    const text = await vi('indicators', 'rebuild');
    expect(text.code, text.all).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^Đã tính lại bảng tổng hợp chỉ tiêu trong [\\d.]+ giây: ${n} hồ sơ`));
    const [audited] = await db.query<{ n: number }>(`select count(*)::int as n from ops.audit_event where action = 'indicators.rebuild'`);
    expect(audited!.n).toBe(2);
  }, 180_000);
});
