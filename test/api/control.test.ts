import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiServer } from '../../src/api/server';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { expectIntegrity } from '../support/integrity';
import { createQueuePrefix } from '../support/redis';

let db: TestDatabase;
let sim: McdtSimulator;
let api: ApiServer;
let operator: Record<string, string>;
let viewer: Record<string, string>;
let auditor: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startMcdtSimulator({ seed: 11, size: 200, apiKey: 'right-key', now: new Date('2026-11-20T12:00:00+07:00') });
  const hub = createTestQueue(db.orm, createQueuePrefix());
  api = await startTestApi(db.orm, {}, { queue: hub.queue });
  operator = await authHeaders(db.orm, 'operator', { name: 'IT on duty' });
  viewer = await authHeaders(db.orm, 'viewer');
  auditor = await authHeaders(db.orm, 'auditor');
});

afterAll(async () => {
  await api?.close();
  await sim?.close();
});

const config = () => ({ baseUrl: sim.url, apiKey: 'right-key', startDate: '2024-01-01' });
const gql = (headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => postGraphQL(api, headers, query, variables);
const audit = (action: string) => db.query<{ actor_type: string; actor_name: string; actor_role: string; target_id: string; before: unknown; after: unknown; details: unknown }>(
  'select actor_type, actor_name, actor_role, target_id, before, after, details from ops.audit_event where action = $1 order by id',
  [action],
);

const CREATE = `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { connector { name kind paused config secrets { field set } } check { ok reason } } }`;

/** Every mutation, with good variables: a viewer (and an auditor, who reads runs but operates nothing) is refused each. */
const MUTATIONS: [string, string, Record<string, unknown>][] = [
  ['createConnector', CREATE, { input: { name: 'v', kind: 'mcdt', config: {} } }],
  ['updateConnector', `mutation { updateConnector(name: "mcdt", input: { config: { pageSize: 10 } }) { check { ok } } }`, {}],
  ['removeConnector', `mutation { removeConnector(name: "mcdt") { name } }`, {}],
  ['testConnector', `mutation { testConnector(name: "mcdt") { ok } }`, {}],
  ['setSchedule', `mutation { setSchedule(connector: "mcdt", cron: "0 7 * * *") { active } }`, {}],
  ['clearSchedule', `mutation { clearSchedule(connector: "mcdt") { active } }`, {}],
  ['pauseConnector', `mutation { pauseConnector(name: "mcdt") { paused } }`, {}],
  ['resumeConnector', `mutation { resumeConnector(name: "mcdt") { paused } }`, {}],
  ['triggerSync', `mutation { triggerSync(connector: "mcdt") { runId } }`, {}],
  ['cancelRun', `mutation { cancelRun(runId: 1) { runId } }`, {}],
  ['resetStream', `mutation { resetStream(connector: "mcdt", stream: "dossiers", reason: "test") { stream } }`, {}],
  ['replayQuarantined', `mutation { replayQuarantined(ids: [1]) { considered } }`, {}],
];

describe('connector control over GraphQL', () => {
  it('refuses every mutation to a viewer and an auditor, and the queries to a viewer', async () => {
    for (const [name, query, variables] of MUTATIONS) {
      for (const who of [viewer, auditor]) {
        const answer = await gql(who, query, variables);
        expect(answer.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
        expect(answer.data ?? null, name).toBeNull();
      }
    }
    for (const query of ['{ connectors { name } }', '{ connectorRuns { totalCount } }', '{ connectorStreams(kind: "mcdt") { name } }', '{ connectorRun(runId: 1) { status } }']) {
      expect((await gql(viewer, query)).errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
    }
    expect(await db.query('select * from ops.audit_event')).toEqual([]);
  });

  it('createConnector: input errors name the field (BAD_USER_INPUT); a good one is saved with its secret hidden and audited', async () => {
    const bad = await gql(operator, CREATE, { input: { name: 'mcdt', kind: 'mcdt', config: { ...config(), baseUrl: 'nope' } } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.config.baseUrl', errorCode: 'INVALID_CONFIG' });
    const kind = await gql(operator, CREATE, { input: { name: 'mcdt', kind: 'nope', config: config() } });
    expect(kind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind', errorCode: 'UNKNOWN_KIND' });
    const cron = await gql(operator, CREATE, { input: { name: 'mcdt', kind: 'mcdt', config: config(), schedule: { cron: '99 99 * * *' } } });
    expect(cron.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.schedule.cron', errorCode: 'INVALID_CRON' });
    const check = await gql(operator, CREATE, { input: { name: 'mcdt', kind: 'mcdt', config: { ...config(), apiKey: 'wrong' } } });
    expect(check.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.config', errorCode: 'CHECK_FAILED' });

    const good = await gql(operator, CREATE, { input: { name: 'mcdt', kind: 'mcdt', config: config() } });
    expect(good.errors).toBeUndefined();
    expect(good.data.createConnector).toMatchObject({ connector: { name: 'mcdt', kind: 'mcdt', paused: false, config: { apiKey: '***' }, secrets: [{ field: 'apiKey', set: true }] }, check: { ok: true, reason: null } });
    expect(await audit('connector.create')).toMatchObject([{ actor_type: 'key', actor_name: 'IT on duty', actor_role: 'operator', target_id: 'mcdt', before: null, after: { config: { apiKey: '***' } } }]);
  });

  it('updateConnector keeps the secret when omitted; testConnector saves nothing; pause/resume; connectors shows health and schedule', async () => {
    const upd = await gql(operator, `mutation { updateConnector(name: "mcdt", input: { config: { pageSize: 40 } }) { connector { config } check { ok } } }`);
    expect(upd.errors).toBeUndefined();
    expect(upd.data.updateConnector).toMatchObject({ connector: { config: { pageSize: 40, apiKey: '***' } }, check: { ok: true } });
    const badUpd = await gql(operator, `mutation { updateConnector(name: "mcdt", input: { config: { pageSize: 9000 } }) { check { ok } } }`);
    expect(badUpd.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.config.pageSize' });
    const missing = await gql(operator, `mutation { updateConnector(name: "nope", input: {}) { check { ok } } }`);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', errorCode: 'CONNECTOR_NOT_FOUND' });
    expect((await audit('connector.update'))[0]).toMatchObject({ before: { config: { apiKey: '***' } }, after: { config: { apiKey: '***', pageSize: 40 } } });

    const test = await gql(operator, `mutation($c: JSONObject) { testConnector(name: "mcdt", config: $c) { ok reason } }`, { c: { apiKey: 'wrong' } });
    expect(test.data.testConnector.ok).toBe(false);
    expect(test.data.testConnector.reason).toBeTruthy();
    expect((await gql(operator, `mutation { testConnector(name: "mcdt") { ok } }`)).data.testConnector.ok).toBe(true);
    expect((await audit('connector.test')).length).toBe(2);

    expect((await gql(operator, `mutation { pauseConnector(name: "mcdt") { paused } }`)).data.pauseConnector.paused).toBe(true);
    const paused = await gql(operator, `mutation { triggerSync(connector: "mcdt") { runId } }`);
    expect(paused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'connector', errorCode: 'CONNECTOR_PAUSED' });
    expect((await gql(operator, `mutation { resumeConnector(name: "mcdt") { paused } }`)).data.resumeConnector.paused).toBe(false);

    const badCron = await gql(operator, `mutation { setSchedule(connector: "mcdt", cron: "99 99 * * *") { active } }`);
    expect(badCron.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cron', errorCode: 'INVALID_CRON' });
    const badZone = await gql(operator, `mutation { setSchedule(connector: "mcdt", cron: "0 7 * * *", timeZone: "Hanoi") { active } }`);
    expect(badZone.errors?.[0]?.extensions).toMatchObject({ field: 'timeZone', errorCode: 'INVALID_TIME_ZONE' });
    const sched = await gql(operator, `mutation { setSchedule(connector: "mcdt", cron: "0 7 * * *") { active schedule { cron timeZone nextFireTimes } } }`);
    expect(sched.data.setSchedule).toMatchObject({ active: true, schedule: { cron: '0 7 * * *', timeZone: 'Asia/Ho_Chi_Minh' } });
    expect(sched.data.setSchedule.schedule.nextFireTimes).toHaveLength(5);

    const list = await gql(auditor, `{ connectors { name paused schedule { cron nextFireTimes } health { stream lastRunStatus openQuarantine } } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.connectors).toMatchObject([{ name: 'mcdt', paused: false, schedule: { cron: '0 7 * * *' } }]);
    expect(list.data.connectors[0].health.map((h: { stream: string }) => h.stream)).toEqual(['agencies', 'procedures', 'dossiers', 'payments']);
    expect((await gql(operator, `mutation { clearSchedule(connector: "mcdt") { schedule { cron } } }`)).data.clearSchedule.schedule).toBeNull();

    const streams = await gql(operator, `{ connectorStreams(name: "mcdt") { name primaryKey cursorField description windowed fields { name presence } } }`);
    expect(streams.data.connectorStreams.map((s: { name: string }) => s.name)).toEqual(['agencies', 'procedures', 'dossiers', 'payments']);
    expect((await gql(operator, `{ connectorStreams(kind: "nope") { name } }`)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
  });

  it('triggerSync refuses an unknown stream at the call, naming it; a run is followed to the end with its stream runs; cancel on an ended run is refused', async () => {
    const typo = await gql(operator, `mutation { triggerSync(connector: "mcdt", streams: ["agencies", "dosiers"]) { runId } }`);
    expect(typo.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'streams', errorCode: 'UNKNOWN_STREAM' });
    expect(typo.errors?.[0]?.message).toMatch(/"dosiers"/);
    const badDay = await gql(operator, `mutation { triggerSync(connector: "mcdt", from: "2025-02-30", to: "2025-03-02") { runId } }`);
    expect(badDay.errors?.[0]?.extensions).toMatchObject({ field: 'from', errorCode: 'INVALID_DATE' });

    const started = await gql(operator, `mutation { triggerSync(connector: "mcdt", streams: ["agencies", "procedures"]) { runId status trigger startedBy { type name role } streams } }`);
    expect(started.errors).toBeUndefined();
    expect(started.data.triggerSync).toMatchObject({ trigger: 'api', startedBy: { type: 'key', name: 'IT on duty', role: 'operator' }, streams: ['agencies', 'procedures'] });
    const runId = started.data.triggerSync.runId as number;
    const poll = `query($id: Int!) { connectorRun(runId: $id) { status progress { fraction read recordsPerSecond etaSeconds } streamRuns { stream status read syncRunId } error { errorClass } } }`;
    await vi.waitFor(async () => expect((await gql(operator, poll, { id: runId })).data.connectorRun.status).toBe('succeeded'), { timeout: 30_000, interval: 200 });
    const done = (await gql(auditor, poll, { id: runId })).data.connectorRun;
    expect(done.progress.fraction).toBe(1);
    expect(done.streamRuns.map((s: { stream: string; status: string }) => [s.stream, s.status])).toEqual([['agencies', 'succeeded'], ['procedures', 'succeeded']]);
    expect(done.error).toBeNull();
    const page = await gql(operator, `{ connectorRuns(first: 5, connector: "mcdt") { totalCount edges { cursor node { runId status } } pageInfo { hasNextPage } } }`);
    expect(page.data.connectorRuns).toMatchObject({ totalCount: 1, edges: [{ node: { runId, status: 'succeeded' } }], pageInfo: { hasNextPage: false } });

    const cancel = await gql(operator, `mutation($id: Int!) { cancelRun(runId: $id) { status } }`, { id: runId });
    expect(cancel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'runId', errorCode: 'RUN_FINISHED' });
    expect((await audit('sync.trigger'))[0]).toMatchObject({ actor_name: 'IT on duty', target_id: 'mcdt' });
    await expectIntegrity(db.orm);
  });

  it('resetStream needs a reason; replayQuarantined needs ids or a filter; removeConnector keeps the history', async () => {
    const noReason = await gql(operator, `mutation { resetStream(connector: "mcdt", stream: "agencies", reason: "") { stream } }`);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const reset = await gql(operator, `mutation { resetStream(connector: "mcdt", stream: "agencies", reason: "catalogue re-keyed") { stream previousCheckpoint } }`);
    expect(reset.errors).toBeUndefined();
    expect((await audit('stream.reset'))[0]).toMatchObject({ target_id: 'mcdt/agencies', details: { reason: 'catalogue re-keyed' } });
    const noSel = await gql(operator, `mutation { replayQuarantined { considered } }`);
    expect(noSel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids', errorCode: 'INVALID_SELECTION' });
    const replay = await gql(operator, `mutation { replayQuarantined(filter: { connector: "mcdt" }) { considered resolved stillFailing { id reason } } }`);
    expect(replay.errors).toBeUndefined();
    expect((await audit('quarantine.replay')).length).toBe(1);

    const removed = await gql(operator, `mutation { removeConnector(name: "mcdt") { name } }`);
    expect(removed.errors).toBeUndefined();
    expect((await gql(operator, `{ connectors { name } }`)).data.connectors).toEqual([]);
    expect((await gql(operator, `{ connector(name: "mcdt") { name } }`)).data.connector).toBeNull();
    expect((await gql(operator, `{ connectorRuns { totalCount } }`)).data.connectorRuns.totalCount).toBe(1);
    expect((await audit('connector.remove')).length).toBe(1);
  });
});
