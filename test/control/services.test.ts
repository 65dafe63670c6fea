import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncSchedules } from '../../jobs/schedule';
import type { AuditActor } from '../../src/audit/record';
import {
  cancelRun,
  clearSchedule,
  connectorStreams,
  type ControlDeps,
  createConnector,
  getConnector,
  getRun,
  listConnectors,
  listRuns,
  pauseConnector,
  removeConnector,
  replayQuarantined,
  resetStream,
  resumeConnector,
  setSchedule,
  testConnector,
  triggerSync,
  updateConnector,
} from '../../src/control';
import { openConfig } from '../../src/secrets/connector-secrets';
import { getConnector as plugin } from '../../connectors/registry';
import { ConnectorInstance } from '../../src/entities';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { refusal } from '../support/control';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { expectIntegrity } from '../support/integrity';
import { createQueuePrefix } from '../support/redis';

let db: TestDatabase;
let sim: McdtSimulator;
let hub: ReturnType<typeof createTestQueue>;
const actor: AuditActor = { type: 'cli', id: 'tester', name: 'tester (hub CLI)', role: null };
let deps: ControlDeps;
const config = () => ({ baseUrl: sim.url, apiKey: 'right-key', startDate: '2024-01-01' });

const audits = (action: string) => db.query<{ action: string; actor_type: string; actor_id: string; target_id: string; before: unknown; after: unknown; details: Record<string, unknown> }>(
  'select action, actor_type, actor_id, target_id, before, after, details from ops.audit_event where action = $1 order by id',
  [action],
);

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 9, size: 300, apiKey: 'right-key', now: new Date('2026-11-20T12:00:00+07:00') });
  hub = createTestQueue(db.orm, createQueuePrefix());
  deps = { em: db.orm.em.fork(), actor, queue: hub.queue, checkTimeoutMs: 5000 };
});

afterAll(async () => {
  await sim?.close();
});

describe('connectors', () => {
  it('refuses an unknown kind and a bad config, naming the field; saves nothing', async () => {
    const kind = await refusal(createConnector(deps, { name: 'x', kind: 'mcdtt', config: config() }));
    expect([kind.code, kind.field]).toEqual(['UNKNOWN_KIND', 'kind']);
    expect(kind.message).toMatch(/known kinds: mcdt, dvc, qlvb/);
    const bad = await refusal(createConnector(deps, { name: 'x', kind: 'mcdt', config: { ...config(), baseUrl: 'not a url' } }));
    expect([bad.code, bad.field]).toEqual(['INVALID_CONFIG', 'config.baseUrl']);
    const name = await refusal(createConnector(deps, { name: 'a:b', kind: 'mcdt', config: config() }));
    expect([name.code, name.field]).toEqual(['INVALID_NAME', 'name']);
    expect(await db.orm.em.fork().count(ConnectorInstance, {})).toBe(0);
  });

  it('refuses to save a connector whose connection check fails, unless skipCheck', async () => {
    const failed = await refusal(createConnector(deps, { name: 'wrong', kind: 'mcdt', config: { ...config(), apiKey: 'not-the-key' } }));
    expect([failed.code, failed.field]).toEqual(['CHECK_FAILED', 'config']);
    expect(failed.message).not.toContain('not-the-key');
    expect(await db.orm.em.fork().count(ConnectorInstance, { name: 'wrong' })).toBe(0);
    const saved = await createConnector(deps, { name: 'wrong', kind: 'mcdt', config: { ...config(), apiKey: 'not-the-key' }, skipCheck: true });
    expect(saved.check.ok).toBe(false);
    expect(saved.connector.config.apiKey).toBe('***');
  });

  it('creates, lists, updates in part keeping secrets, tests, pauses, resumes and removes, each in the audit log with secrets redacted', async () => {
    const { connector, check } = await createConnector(deps, { name: 'mcdt', kind: 'mcdt', config: config() });
    expect(check.ok).toBe(true);
    expect(connector).toMatchObject({ name: 'mcdt', kind: 'mcdt', paused: false, secrets: [{ field: 'apiKey', set: true }], config: { apiKey: '***' } });
    expect((await listConnectors(deps)).map((c) => c.name)).toEqual(['mcdt', 'wrong']);
    expect(await refusal(createConnector(deps, { name: 'mcdt', kind: 'mcdt', config: config() }))).toMatchObject({ code: 'CONNECTOR_EXISTS', field: 'name' });

    // Partial: only pageSize changes; the secret, omitted, is kept.
    const updated = await updateConnector(deps, 'mcdt', { config: { pageSize: 50 } });
    expect(updated.connector.config).toMatchObject({ pageSize: 50, apiKey: '***' });
    const stored = await db.orm.em.fork().findOneOrFail(ConnectorInstance, { name: 'mcdt', deletedAt: null });
    expect(openConfig(plugin('mcdt'), stored.config)).toMatchObject({ apiKey: 'right-key', pageSize: 50, baseUrl: sim.url });
    expect(await refusal(updateConnector(deps, 'mcdt', { config: { pageSize: 9000 } }))).toMatchObject({ code: 'INVALID_CONFIG', field: 'config.pageSize' });
    expect(await refusal(updateConnector(deps, 'nope', { config: {} }))).toMatchObject({ code: 'CONNECTOR_NOT_FOUND', field: 'name' });

    expect(await testConnector(deps, { name: 'mcdt' })).toMatchObject({ ok: true, reason: null });
    const wrong = await testConnector(deps, { kind: 'mcdt', config: { ...config(), apiKey: 'not-the-key' } });
    expect(wrong.ok).toBe(false);
    expect(wrong.reason).toMatch(/401|key|refused/i);

    expect((await pauseConnector(deps, 'mcdt')).paused).toBe(true);
    expect(await refusal(triggerSync(deps, 'mcdt'))).toMatchObject({ code: 'CONNECTOR_PAUSED', field: 'connector' });
    expect((await resumeConnector(deps, 'mcdt')).paused).toBe(false);

    const created = await audits('connector.create');
    expect(created.map((a) => a.target_id)).toEqual(['wrong', 'mcdt']);
    expect(created[1]).toMatchObject({ actor_type: 'cli', actor_id: 'tester', before: null, after: { config: { apiKey: '***' } } });
    const update = (await audits('connector.update'))[0]!;
    expect(update.before).toMatchObject({ config: { apiKey: '***' } });
    expect(update.after).toMatchObject({ config: { apiKey: '***', pageSize: 50 } });
    expect(update.details).toMatchObject({ fields: ['pageSize'], secretsChanged: [] });
    const everything = JSON.stringify(await db.query('select * from ops.audit_event'));
    expect(everything).not.toContain('right-key');
    expect(everything).not.toContain('not-the-key');
    expect((await audits('connector.test')).length).toBe(2);
    expect((await audits('connector.pause')).length).toBe(1);
    expect((await audits('connector.resume')).length).toBe(1);

    // Remove: gone from lists, the name free again, its rows kept.
    await removeConnector(deps, 'wrong');
    expect((await listConnectors(deps)).map((c) => c.name)).toEqual(['mcdt']);
    expect(await db.orm.em.fork().count(ConnectorInstance, { name: 'wrong' })).toBe(1);
    expect(await refusal(getConnector(deps, 'wrong'))).toMatchObject({ code: 'CONNECTOR_NOT_FOUND' });
    expect((await audits('connector.remove'))[0]).toMatchObject({ target_id: 'wrong', after: null });
  });

  it('discovers streams: keys, cursors, descriptions, fields', async () => {
    const streams = await connectorStreams(deps, { name: 'mcdt' });
    expect(streams.map((s) => s.name)).toEqual(['agencies', 'procedures', 'dossiers', 'payments']);
    const dossiers = streams.find((s) => s.name === 'dossiers')!;
    expect(dossiers.primaryKey.length).toBeGreaterThan(0);
    expect(dossiers.description).toBeTruthy();
    expect(dossiers.fields.length).toBeGreaterThan(5);
    expect(await refusal(connectorStreams(deps, { kind: 'nope' }))).toMatchObject({ code: 'UNKNOWN_KIND', field: 'kind' });
  });
});

describe('schedules', () => {
  it('refuses a cron BullMQ cannot run and a time zone that is not one; a good one gets five fire times in Vietnam time', async () => {
    const bad = await refusal(setSchedule(deps, 'mcdt', '99 99 * * *'));
    expect([bad.code, bad.field]).toEqual(['INVALID_CRON', 'cron']);
    expect(await refusal(setSchedule(deps, 'mcdt', '0 7 * * *', 'Mars/Olympus'))).toMatchObject({ code: 'INVALID_TIME_ZONE', field: 'timeZone' });
    expect(await refusal(setSchedule(deps, 'mcdt', '0 7 * * *', undefined, ['dosiers']))).toMatchObject({ code: 'UNKNOWN_STREAM', field: 'streams' });
    const set = await setSchedule(deps, 'mcdt', '0 7 * * *', undefined, ['dossiers']);
    expect(set.schedule.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(set.schedule.nextFireTimes).toHaveLength(5);
    // 07:00 in Vietnam is 00:00 UTC.
    for (const t of set.schedule.nextFireTimes) expect(t.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect((await hub.queue.getJobSchedulers()).map((s) => [s.key, s.tz, s.pattern])).toEqual([['hub-schedule.mcdt', 'Asia/Ho_Chi_Minh', '0 7 * * *']]);
    expect((await audits('schedule.set'))[0]).toMatchObject({ target_id: 'mcdt', before: null, after: { cron: '0 7 * * *', timeZone: 'Asia/Ho_Chi_Minh', streams: ['dossiers'] } });
  });

  it('a bad stored schedule is skipped and reported; others stay scheduled and schedulers it does not own are left alone', async () => {
    await hub.queue.upsertJobScheduler('someone-else', { every: 3_600_000 }, { name: 'other', data: { connector: 'x', stream: 'y' } });
    await db.query(`update ops.connector set schedule = '99 99 * * *' where name = 'wrong'`);
    await db.query(`update ops.connector set deleted_at = null, enabled = true where name = 'wrong'`);
    const { scheduled, skipped } = await syncSchedules(hub.queue, db.orm.em.fork());
    expect(scheduled).toEqual(['hub-schedule.mcdt']);
    expect(skipped).toMatchObject([{ connector: 'wrong', cron: '99 99 * * *' }]);
    expect((await hub.queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['hub-schedule.mcdt', 'someone-else']);
    await db.query(`update ops.connector set deleted_at = now(), enabled = false, schedule = null where name = 'wrong'`);
    await hub.queue.removeJobScheduler('someone-else');
    expect((await clearSchedule(deps, 'mcdt')).hadSchedule).toBe(true);
    expect(await hub.queue.getJobSchedulers()).toEqual([]);
  });
});

describe('runs', () => {
  it('refuses an unknown stream at the call, naming it; nothing is queued or recorded', async () => {
    const e = await refusal(triggerSync(deps, 'mcdt', { streams: ['agencies', 'dosiers'] }));
    expect([e.code, e.field]).toEqual(['UNKNOWN_STREAM', 'streams']);
    expect(e.message).toMatch(/"dosiers" is not a stream.*agencies, procedures, dossiers, payments/);
    expect(await db.query('select * from ops.connector_run')).toEqual([]);
    expect(await refusal(triggerSync(deps, 'mcdt', { from: '2025-02-30', to: '2025-03-01' }))).toMatchObject({ code: 'INVALID_DATE', field: 'from' });
    expect(await refusal(triggerSync(deps, 'mcdt', { from: '2025-03-01', to: '2025-02-01' }))).toMatchObject({ code: 'INVALID_RANGE', field: 'to' });
  });

  it('a triggered run groups its stream runs, says who started it, and ends with progress 1', async () => {
    const run = await triggerSync(deps, 'mcdt', { streams: ['agencies', 'procedures', 'dossiers'] });
    expect(run).toMatchObject({ connector: 'mcdt', trigger: 'cli', startedBy: { type: 'cli', id: 'tester' }, streams: ['agencies', 'procedures', 'dossiers'] });
    await vi.waitFor(async () => expect((await getRun(deps, run.id)).status).toBe('succeeded'), { timeout: 60_000, interval: 200 });
    const done = await getRun(deps, run.id);
    expect(done.streamRuns.map((s) => [s.stream, s.status])).toEqual([
      ['agencies', 'succeeded'],
      ['procedures', 'succeeded'],
      ['dossiers', 'succeeded'],
    ]);
    expect(done.progress.fraction).toBe(1);
    expect(done.progress.read).toBeGreaterThan(300);
    expect(done.progress.recordsPerSecond).toBeGreaterThan(0);
    const syncRuns = await db.query<{ connector_run_id: number }>('select connector_run_id from ops.sync_run where connector_name = $1', ['mcdt']);
    expect(syncRuns.every((r) => r.connector_run_id === run.id)).toBe(true);
    expect((await audits('sync.trigger'))[0]).toMatchObject({ target_id: 'mcdt', after: { connectorRunId: run.id } });
    const listed = await listRuns(deps, { connector: 'mcdt' });
    expect(listed.runs.map((r) => r.id)).toEqual([run.id]);
    await expectIntegrity(db.orm);
  });

  it('cancel: the running stream stops at its next checkpoint and the run ends cancelled', async () => {
    await resetStream(deps, 'mcdt', 'dossiers', 'test: read it again');
    sim.control({ action: 'faults', set: { slowMs: 300 } });
    try {
      await updateConnector(deps, 'mcdt', { config: { pageSize: 10 } });
      const run = await triggerSync(deps, 'mcdt', { streams: ['dossiers', 'payments'] });
      await vi.waitFor(async () => expect((await getRun(deps, run.id)).streamRuns.find((s) => s.stream === 'dossiers')?.read ?? 0).toBeGreaterThan(0), { timeout: 30_000, interval: 100 });
      await cancelRun(deps, run.id);
      await vi.waitFor(async () => expect((await getRun(deps, run.id)).status).toBe('cancelled'), { timeout: 30_000, interval: 200 });
      const view = await getRun(deps, run.id);
      expect(view.cancelledBy).toMatchObject({ type: 'cli', id: 'tester' });
      const dossiers = await db.query<{ status: string }>(`select status from ops.sync_run where connector_run_id = $1 and stream = 'dossiers'`, [run.id]);
      expect(dossiers.map((d) => d.status)).toEqual(['cancelled']);
      expect(await refusal(cancelRun(deps, run.id))).toMatchObject({ code: 'RUN_FINISHED', field: 'runId' });
      expect((await audits('run.cancel')).length).toBe(1);
      await expectIntegrity(db.orm);
    } finally {
      sim.control({ action: 'faults', set: { slowMs: 0 } });
      await updateConnector(deps, 'mcdt', { config: { pageSize: null } });
    }
  });

  it('reset needs a reason and a known stream; it keeps the old checkpoint in the audit log', async () => {
    expect(await refusal(resetStream(deps, 'mcdt', 'dossiers', ''))).toMatchObject({ code: 'INVALID_REASON', field: 'reason' });
    expect(await refusal(resetStream(deps, 'mcdt', 'dosiers', 'typo'))).toMatchObject({ code: 'UNKNOWN_STREAM', field: 'stream' });
    const reset = await resetStream(deps, 'mcdt', 'agencies', 'source re-keyed its catalogue');
    expect(reset.previousCheckpoint).not.toBeNull();
    const entries = await audits('stream.reset');
    expect(entries.at(-1)).toMatchObject({ target_id: 'mcdt/agencies', details: { reason: 'source re-keyed its catalogue' }, after: { checkpoint: null } });
  });
});

describe('scheduled runs', () => {
  it('a run a schedule starts says so (the scheduler, its cron and time zone) and is in the audit log like any other start', async () => {
    await setSchedule(deps, 'mcdt', '*/2 * * * * *', 'Asia/Ho_Chi_Minh', ['agencies']);
    try {
      await vi.waitFor(async () => expect((await listRuns(deps, { connector: 'mcdt' })).runs.some((r) => r.trigger === 'schedule')).toBe(true), { timeout: 30_000, interval: 200 });
    } finally {
      await clearSchedule(deps, 'mcdt');
    }
    const run = (await listRuns(deps, { connector: 'mcdt' })).runs.find((r) => r.trigger === 'schedule')!;
    expect(run.startedBy).toEqual({ type: 'schedule', id: 'hub-schedule.mcdt', name: 'schedule of mcdt (*/2 * * * * *, Asia/Ho_Chi_Minh)', role: null });
    expect(run.streams).toEqual(['agencies']);
    const entry = (await audits('sync.trigger')).find((a) => (a.after as { connectorRunId: number }).connectorRunId === run.id);
    expect(entry).toMatchObject({ actor_type: 'schedule', actor_id: 'hub-schedule.mcdt', target_id: 'mcdt', details: { trigger: 'schedule', schedule: { id: 'hub-schedule.mcdt', cron: '*/2 * * * * *', timeZone: 'Asia/Ho_Chi_Minh' } } });
    await vi.waitFor(async () => expect(['succeeded', 'partial']).toContain((await getRun(deps, run.id)).status), { timeout: 30_000, interval: 200 });
  });
});

describe('quarantine replay', () => {
  it('entries that map with today\'s mapping are stored through the write path and closed; the rest stay open', async () => {
    const [{ id: connectorId }] = await db.query<{ id: number }>(`select id from ops.connector where name = 'mcdt' and deleted_at is null`) as [{ id: number }];
    const [agency] = await db.query<{ payload: Record<string, unknown> }>(
      `select v.payload from raw.source_record s join raw.source_record_version v on v.record_id = s.id and v.version = s.version where s.connector_id = $1 and s.stream = 'agencies' limit 1`,
      [connectorId],
    );
    // As if an older mapping had refused it: a valid agency under a key the store does not have.
    const fixed = { ...agency!.payload, MaDinhDanh: '000.99.99.H06' };
    const [{ id: good }] = await db.query<{ id: number }>(
      `insert into ops.quarantine (run_id, first_run_id, connector_id, stream, source_key, record_key, reason, payload) values (1, 1, $1, 'agencies', '000.99.99.H06', '000.99.99.H06', 'old mapping', $2) returning id`,
      [connectorId, JSON.stringify(fixed)],
    ) as [{ id: number }];
    const [{ id: bad }] = await db.query<{ id: number }>(
      `insert into ops.quarantine (run_id, first_run_id, connector_id, stream, source_key, record_key, reason, payload) values (1, 1, $1, 'agencies', 'BAD.01', 'BAD.01', 'old', '{"MaDinhDanh":"BAD.01"}') returning id`,
      [connectorId],
    ) as [{ id: number }];
    expect(await refusal(replayQuarantined(deps, {}))).toMatchObject({ code: 'INVALID_SELECTION', field: 'ids' });
    const outcome = await replayQuarantined(deps, { ids: [good, bad, 999_999] });
    expect(outcome.resolved).toEqual([good]);
    expect(outcome.stillFailing.map((s) => s.id)).toEqual([bad]);
    expect(outcome.skipped).toEqual([{ id: 999_999, reason: 'no such quarantine entry' }]);
    const rows = await db.query<{ id: number; resolved_at: Date | null; resolved_run_id: number | null }>('select id, resolved_at, resolved_run_id from ops.quarantine where id = any($1) order by id', [[good, bad]]);
    expect(rows[0]!.resolved_at).not.toBeNull();
    expect(rows[0]!.resolved_run_id).toBe(outcome.runIds[0]);
    expect(rows[1]!.resolved_at).toBeNull();
    expect(await db.query(`select 1 from raw.source_record where source_key = '000.99.99.H06'`)).toHaveLength(1);
    expect(await db.query(`select 1 from hub.agency where code = '000.99.99.H06'`)).toHaveLength(1);
    expect((await audits('quarantine.replay'))[0]!.details).toMatchObject({ resolved: [good] });
    await expectIntegrity(db.orm);
  });
});
