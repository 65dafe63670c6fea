import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import type { ApiServer } from '../../src/api/server';
import { upsertConnector } from '../../src/cli/connectors';
import type { IndicatorCode } from '../../src/indicators/definitions';
import { computeIndicator } from '../../src/indicators/query';
import { rebuildIndicatorFacts } from '../../src/indicators/rebuild';
import { indicatorAnswerInvalidations, indicatorAnswerListening, indicatorAnswerLookups } from '../../src/metrics/metrics';
import { startMcdtSimulator, type McdtSimulator } from '../../src/simulators/mcdt/server';
import { withPgClient } from '../../src/store/pg';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runStreamChecked } from '../support/integrity';

/**
 * Indicator answers kept between roll-up changes (src/api/indicator-answers.ts): served
 * again without SQL, dropped when a committed statement moves the roll-ups (never on a
 * rollback, never for an uncommitted change), kept apart per suppression, and bypassed
 * while the LISTEN connection is down. Every answer is checked against the on-demand
 * formulas (computeIndicator).
 */
const shared = { seed: 31, size: 500, historyFrom: new Date('2025-01-01T00:00:00+07:00'), now: new Date('2026-11-20T12:00:00+07:00') };
const CODES: IndicatorCode[] = ['ON_TIME_RATE', 'ONLINE_RATE'];
const QUERY = `query($groupBy: IndicatorGroupBy!, $period: PeriodUnit!) {
  indicators(codes: [ON_TIME_RATE, ONLINE_RATE], from: "2025-01-01", to: "2027-01-01", period: $period, groupBy: $groupBy) {
    indicator { code } period groupKey numerator denominator value suppressed
  }
}`;
type Value = { indicator: { code: IndicatorCode }; period: string; groupKey: string; numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean };

let mcdt: McdtSimulator;
let db: TestDatabase;
let api: ApiServer;
let viewer: Record<string, string>;

const counter = async (metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> }, label: string) =>
  (await metric.get()).values.filter((v) => Object.values(v.labels).includes(label)).reduce((sum, v) => sum + v.value, 0);
const lookups = async () => ({ hit: await counter(indicatorAnswerLookups, 'hit'), miss: await counter(indicatorAnswerLookups, 'miss'), bypass: await counter(indicatorAnswerLookups, 'bypass') });
const notified = () => counter(indicatorAnswerInvalidations, 'notify');
const listening = async () => (await indicatorAnswerListening.get()).values[0]?.value === 1;

async function waitUntil(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ask(headers: Record<string, string>, groupBy = 'AGENCY', period = 'YEAR'): Promise<Value[]> {
  const answer = await postGraphQL<{ indicators: Value[] }>(api, headers, QUERY, { groupBy, period });
  expect(answer.errors).toBeUndefined();
  return answer.data!.indicators;
}

/** The on-demand reference for the same question, in the API's shape (unsuppressed). */
async function reference(groupBy: 'AGENCY' | 'PROCEDURE' = 'AGENCY', unit: 'YEAR' | 'QUARTER' = 'YEAR'): Promise<Value[]> {
  return withPgClient(db.orm, async (client) => {
    const values: Value[] = [];
    for (const code of CODES) {
      for (const r of await computeIndicator(client, { code, unit, from: '2025-01-01', to: '2027-01-01', groupBy, agencyCode: null })) {
        if (r.denominator > 0) values.push({ indicator: { code }, period: r.period, groupKey: r.groupKey, numerator: r.numerator, denominator: r.denominator, value: r.value, suppressed: false });
      }
    }
    return values;
  });
}

/** Commits `sql` and waits for its notification to reach the API. */
async function commitAndWait(sql: string): Promise<void> {
  const before = await notified();
  await db.query(sql);
  await waitUntil('the change is notified', async () => (await notified()) > before);
}

beforeAll(async () => {
  mcdt = await startMcdtSimulator({ ...shared, apiKey: 'k' });
  db = await createTestDatabase();
  const connector = await upsertConnector(db.orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2025-01-01', windowDays: 120 } });
  for (const stream of ['agencies', 'procedures', 'dossiers']) {
    const run = await runStreamChecked({ orm: db.orm, connector, stream, now: () => shared.now });
    expect(run.status).toBe('succeeded');
  }
  api = await startTestApi(db.orm);
  viewer = await authHeaders(db.orm, 'viewer');
  await waitUntil('the API listens for roll-up changes', listening);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await mcdt?.close();
});

describe('indicator answers kept between roll-up changes', () => {
  it('answers a repeated question from the cache, equal to the formulas', async () => {
    const first = await ask(viewer);
    expect(first.length).toBeGreaterThan(2);
    expect(first).toEqual(await reference());
    const before = await lookups();
    for (let i = 0; i < 5; i++) expect(await ask(viewer)).toEqual(first);
    const after = await lookups();
    expect(after.hit - before.hit).toBe(5);
    expect(after.miss - before.miss).toBe(0);
  });

  it('re-synced dossiers, an agency moved and a rebuild each drop the answers', async () => {
    await ask(viewer);
    mcdt.control({ action: 'mutate', count: 120 });
    const connector = await upsertConnector(db.orm.em.fork(), { name: 'mcdt', kind: 'mcdt', config: { baseUrl: mcdt.url, apiKey: 'k', startDate: '2025-01-01', windowDays: 120 } });
    const notifiedBefore = await notified();
    const run = await runStreamChecked({ orm: db.orm, connector, stream: 'dossiers', now: () => shared.now });
    expect(run.updated).toBeGreaterThan(0);
    await waitUntil('the sync is notified', async () => (await notified()) > notifiedBefore);
    expect(await ask(viewer)).toEqual(await reference());

    // An agency taken out of its parent's tree: the parent's rolled-up sums lose it, though no roll-up row moved.
    const [leaf] = await db.query<{ code: string }>(`select code from hub.agency a where parent_code is not null and exists (select 1 from hub.dossier d where d.agency_code = a.code and d.received_at >= '2025-01-01') order by code limit 1`);
    const beforeMove = await ask(viewer);
    await commitAndWait(`update hub.agency set parent_code = null where code = '${leaf!.code}'`);
    const moved = await ask(viewer);
    expect(moved).not.toEqual(beforeMove);
    expect(moved).toEqual(await reference());

    await ask(viewer);
    const beforeRebuild = await notified();
    await withPgClient(db.orm, (client) => rebuildIndicatorFacts(client));
    await waitUntil('the rebuild is notified', async () => (await notified()) > beforeRebuild);
    expect(await ask(viewer)).toEqual(await reference());
  });

  it('drops the answer when a commit moves the roll-ups; the next answer equals the formulas', async () => {
    const before = await ask(viewer);
    await commitAndWait(`update hub.dossier set gone_at = now() where id in (select id from hub.dossier where received_at >= '2025-01-01' and gone_at is null order by id limit 40)`);
    const misses = (await lookups()).miss;
    const after = await ask(viewer);
    expect((await lookups()).miss - misses).toBe(1);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await reference());
  });

  it('keeps the answer through a rolled-back change, and never shows an uncommitted one', async () => {
    const before = await ask(viewer);
    const notifiedBefore = await notified();
    const writer = new Client({ connectionString: db.url });
    await writer.connect();
    try {
      await writer.query('begin');
      await writer.query(`update hub.dossier set gone_at = now() where id in (select id from hub.dossier where received_at >= '2025-01-01' and gone_at is null order by id limit 30)`);
      // Uncommitted: the roll-ups moved in the writer's transaction only.
      const hits = (await lookups()).hit;
      expect(await ask(viewer)).toEqual(before);
      expect((await lookups()).hit - hits).toBe(1);
      await writer.query('rollback');
    } finally {
      await writer.end();
    }
    // A notification would arrive within milliseconds; give it ample time not to.
    await new Promise((r) => setTimeout(r, 500));
    expect(await notified()).toBe(notifiedBefore);
    const hits = (await lookups()).hit;
    expect(await ask(viewer)).toEqual(before);
    expect((await lookups()).hit - hits).toBe(1);
    expect(before).toEqual(await reference());
  });

  it('does not share answers between callers with and without suppression', async () => {
    const detail = await ask(viewer, 'PROCEDURE', 'QUARTER');
    const open = await ask({}, 'PROCEDURE', 'QUARTER');
    const again = await ask(viewer, 'PROCEDURE', 'QUARTER');
    expect(detail.some((v) => v.denominator !== null && v.denominator < 5)).toBe(true);
    expect(detail.every((v) => !v.suppressed)).toBe(true);
    expect(open.some((v) => v.suppressed && v.denominator === null && v.value === null)).toBe(true);
    expect(open.every((v) => v.suppressed || (v.denominator ?? 0) >= 5)).toBe(true);
    expect(again).toEqual(detail);
    expect(detail).toEqual(await reference('PROCEDURE', 'QUARTER'));
  });

  it('computes every answer while the LISTEN connection is down, and caches again once it is back', async () => {
    await ask(viewer);
    const [{ n }] = (await db.query<{ n: number }>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = 'hub-indicator-answers'`)) as [{ n: number }];
    expect(n).toBe(1);
    await waitUntil('the API notices the lost connection', async () => !(await listening()));
    // A change made while nobody listens: no notification reaches the API, yet the next answer has it.
    await db.query(`update hub.dossier set gone_at = now() where id in (select id from hub.dossier where received_at >= '2025-01-01' and gone_at is null order by id limit 20)`);
    const bypassed = (await lookups()).bypass;
    const down = await ask(viewer);
    if (!(await listening())) expect((await lookups()).bypass - bypassed).toBe(1);
    expect(down).toEqual(await reference());
    await waitUntil('the API listens again', listening, 15_000);
    const misses = (await lookups()).miss;
    expect(await ask(viewer)).toEqual(down);
    const hits = (await lookups()).hit;
    expect(await ask(viewer)).toEqual(down);
    expect((await lookups()).hit - hits).toBe(1);
    expect((await lookups()).miss - misses).toBe(1);
  });
});
