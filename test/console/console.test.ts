import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector } from '../../connectors/registry';
import type { ApiServer } from '../../src/api/server';
import { upsertConnector } from '../../src/cli/connectors';
import { type DemoSource, startDemoSources } from '../../src/cli/demo-sources';
import { authHeaders, postGraphQL, startTestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestQueue } from '../support/hub';
import { createQueuePrefix } from '../support/redis';
import { clickChartPoint, launchBrowser, screenshot, skipBrowser } from './browser';

/**
 * The console end to end: a real hub (API, BullMQ worker, PostgreSQL) fed by the three
 * simulators, driven in headless Chromium as a person would.
 */
const SIZE = 300;
let db: TestDatabase;
let api: ApiServer;
let sources: DemoSource[];
let hub: ReturnType<typeof createTestQueue>;
let browser: Browser;
let page: Page;
let adminKey: string;
let viewerKey: string;
let consoleUrl: string;

const control = (source: DemoSource, body: unknown) =>
  fetch(`${source.url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-control-token': source.controlToken }, body: JSON.stringify(body) });

/** A link of the top menu. */
const nav = (p: Page, name: string) => p.locator('header.top nav').getByRole('link', { name, exact: true });

async function signIn(p: Page, key: string) {
  await p.goto(consoleUrl);
  await p.getByRole('textbox').fill(key);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe.skipIf(skipBrowser)('the console in a browser', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    hub = createTestQueue(db.orm, createQueuePrefix());
    api = await startTestApi(db.orm, {}, { queue: hub.queue });
    consoleUrl = api.url.replace(/\/graphql$/, '/console/');
    sources = await startDemoSources(SIZE, 0);
    for (const s of sources) await upsertConnector(db.orm.em.fork(), { name: s.connector, kind: s.kind, config: s.config });
    // The one-stop-shop serves some broken records, so the quarantine has entries.
    const mcdt = sources.find((s) => s.kind === 'mcdt')!;
    expect((await control(mcdt, { action: 'faults', set: { badRecordRate: 0.03 } })).status).toBe(200);
    for (const s of sources) for (const stream of getConnector(s.kind).streams) await hub.sync(s.connector, stream.definition.name);
    adminKey = (await authHeaders(db.orm, 'admin', { name: 'console admin' })).authorization!.replace('Bearer ', '');
    viewerKey = (await authHeaders(db.orm, 'viewer', { name: 'console viewer' })).authorization!.replace('Bearer ', '');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await Promise.all((sources ?? []).map((s) => s.close()));
  });

  it('serves the console with its own CSP, and refuses a wrong key', async () => {
    const res = await fetch(consoleUrl);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect((await fetch(api.url.replace(/\/graphql$/, '/console'), { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    // The API keeps its own policy.
    expect((await fetch(api.url.replace(/\/graphql$/, '/health'))).headers.get('content-security-policy')).toContain("default-src 'none'");

    await page.goto(consoleUrl);
    await screenshot(page, 'sign-in');
    await signIn(page, 'bkh_nosuchkey_secret');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Khoá không hợp lệ');
  });

  it('signs in with a key, in Vietnamese, and shows the connectors with their health and freshness', async () => {
    await signIn(page, adminKey);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('admin');
    expect(await page.evaluate("sessionStorage.getItem('hub.console.key')")).toBe(adminKey);
    // A reload keeps the tab signed in with the stored key.
    await page.reload();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('admin');
    await nav(page, 'Kết nối').click();
    for (const s of sources) await page.locator(`[data-connector="${s.connector}"]`).waitFor();
    const mcdt = page.locator('[data-connector="mcdt-demo"]');
    expect(await mcdt.locator('[data-stream]').count()).toBe(4);
    // Quarantined records make the one-stop-shop's dossiers partial: it needs attention.
    expect(await mcdt.locator('.badge').first().textContent()).toBe('Cần chú ý');
    expect(await mcdt.getByTestId('schedule').textContent()).toContain('Chạy tay');
    await screenshot(page, 'connectors');
  });

  it('tests a connection, pauses and resumes a connector', async () => {
    const qlvb = page.locator('[data-connector="qlvb-demo"]');
    await qlvb.locator('[data-action="test"]').click();
    await expect.poll(() => qlvb.locator('.notice').textContent()).toContain('hoạt động');
    await qlvb.locator('[data-action="pause"]').click();
    await expect.poll(() => qlvb.locator('.badge').first().textContent()).toBe('Tạm dừng');
    expect(await qlvb.locator('[data-action="sync"]').isDisabled()).toBe(true);
    await qlvb.locator('[data-action="resume"]').click();
    await expect.poll(() => qlvb.locator('.badge').first().textContent()).toBe('Tốt');
    expect(await qlvb.locator('[data-action="sync"]').isDisabled()).toBe(false);
  });

  it('starts a sync from the console and watches it finish', async () => {
    const mcdtSource = sources.find((s) => s.kind === 'mcdt')!;
    // Some changed records at the source, so the sync has something to bring.
    expect((await control(mcdtSource, { action: 'mutate', count: 40 })).status).toBe(200);
    const mcdt = page.locator('[data-connector="mcdt-demo"]');
    await mcdt.locator('[data-action="sync"]').click();
    await expect.poll(() => mcdt.locator('.notice').textContent()).toMatch(/Đã xếp lần đồng bộ #\d+ \(4 luồng\)/);
    const runId = /#(\d+)/.exec((await mcdt.locator('.notice').textContent())!)![1]!;
    const row = page.locator(`[data-testid="connector-runs"] tr[data-connector-run="${runId}"]`);
    await row.waitFor();
    await screenshot(page, 'sync-progress');
    // Polled until it ends: every stream read to the end.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 90_000, interval: 500 }).toMatch(/^(SUCCEEDED|PARTIAL)$/);
    expect(await row.locator('progress').getAttribute('value')).toBe('100');
    expect(await row.locator('td').nth(5).textContent()).not.toBe('0');
  });

  it('lists runs on the timeline and opens a run with its counts and quarantined records', async () => {
    await nav(page, 'Lượt đồng bộ').click();
    const partial = page.locator('[data-testid="runs-table"] tr[data-status="PARTIAL"]').first();
    await partial.waitFor();
    await screenshot(page, 'runs');
    await partial.locator('a').first().click();
    await page.getByTestId('run-status').waitFor();
    expect(await page.getByTestId('run-status').textContent()).toContain('Một phần');
    await page.getByTestId('quarantine-table').waitFor();
    expect(await page.locator('[data-testid="quarantine-table"] tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'run');
  });

  it('shows the quarantine and replays a record', async () => {
    await nav(page, 'Cách ly').click();
    await page.locator('[data-testid="quarantine-table"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="quarantine-table"] tbody tr').count()).toBeGreaterThan(0);
    const first = page.locator('[data-testid="quarantine-table"] tbody tr[data-open="true"]').first();
    const key = (await first.getAttribute('data-key'))!;
    await first.locator('[data-action="replay"]').click();
    // The stored payload is still malformed: the replay runs and says so, with today's reason.
    await expect.poll(() => page.locator('.notice').first().textContent()).toContain(`Đã xử lý lại bản ghi ${key}: vẫn lỗi`);
    await screenshot(page, 'quarantine');
  });

  it('shows the audit log and verifies it', async () => {
    await nav(page, 'Nhật ký').click();
    // Every finished run is in the log with its manifest.
    await page.locator('[data-testid="audit-table"] tr[data-action="run.finish"]').first().waitFor();
    await page.getByTestId('audit-verify').click();
    // Twelve runs, so twelve entries: the chain is read in numeric order (10 after 9, not after 1).
    const verdict = (await postGraphQL(api, { authorization: `Bearer ${adminKey}` }, '{ auditVerify { ok entries findings { kind seq detail } } }')).data.auditVerify;
    expect(verdict).toMatchObject({ ok: true, findings: [] });
    expect(verdict.entries).toBeGreaterThanOrEqual(12);
    await expect.poll(() => page.getByTestId('audit-report').textContent(), { timeout: 30_000 }).toContain(`Nhật ký toàn vẹn: ${verdict.entries} sự kiện`);
    await screenshot(page, 'audit');
  });

  it('charts the indicators per month and agency; a click leads to the dossiers behind a value and on to their sources', async () => {
    await nav(page, 'Chỉ số').click();
    await page.getByTestId('agency-tree').waitFor();
    await page.getByTestId('monthly-table').waitFor();
    await screenshot(page, 'dashboard');
    // The month with the most dossiers behind its on-time rate (series 0).
    await clickChartPoint(page, 'chart-monthly', (points) => points.filter((p) => p.d === 0 && p.v !== null).at(-1));
    await page.getByTestId('drill-summary').waitFor();
    expect(page.url()).toContain('#/drill?code=ON_TIME_RATE');
    const rows = page.locator('[data-testid="dossier-table"] tbody tr');
    await rows.first().waitFor();
    const summary = (await page.getByTestId('drill-summary').textContent())!;
    expect(summary).toMatch(/Giá trị .* = .* \/ .*/);
    await screenshot(page, 'drill');
    // The per-unit bars lead down too.
    const code = (await rows.first().locator('td').first().textContent())!.trim();
    await rows.first().locator('a').first().click();
    await page.locator('[data-source]').first().waitFor();
    expect(await page.locator('h1').textContent()).toContain(code);
    expect(await page.locator('[data-source^="mcdt/dossiers"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'dossier');
    // From a source version to the run that brought it.
    await page.locator('[data-source^="mcdt/dossiers"] a').first().click();
    await page.getByTestId('run-status').waitFor();
  });

  it('drills down from a unit bar, and exports an indicator table as CSV', async () => {
    await nav(page, 'Chỉ số').click();
    await page.getByTestId('units-table').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('units-table').locator('xpath=preceding-sibling::div[contains(@class,"table-tools")][1]').getByRole('button').click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
    expect(text.startsWith('\uFEFFagency,name,year,indicator,value,numerator,denominator')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(3);
    await clickChartPoint(page, 'chart-agencies', (points) => points.find((p) => p.d === 1 && p.v !== null));
    await page.getByTestId('drill-summary').waitFor();
    expect(page.url()).toContain('code=ONLINE_RATE');
    expect(page.url()).toContain('period=YEAR');
  });

  it('searches dossiers and documents ignoring accents', async () => {
    await nav(page, 'Hồ sơ').click();
    await page.getByRole('searchbox').fill('ho tich');
    await page.getByRole('searchbox').press('Enter');
    // The same dossiers as the accented words find through the API.
    const accented = await postGraphQL(api, { authorization: `Bearer ${adminKey}` }, `{ dossiers(filter: { search: "Hộ Tịch" }) { totalCount } }`);
    const expected = accented.data.dossiers.totalCount as number;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('dossier-total').textContent()).toBe(`Tổng: ${expected.toLocaleString('vi-VN')}`);
    await expect.poll(async () => page.locator('[data-testid="dossier-table"] tbody tr').count()).toBe(Math.min(50, expected));
    await screenshot(page, 'dossiers');
    await nav(page, 'Văn bản').click();
    await page.locator('[data-testid="document-table"] tbody tr').first().waitFor();
    // A word of the first subject, typed without its accents, finds it again.
    const subject = (await page.locator('[data-testid="document-table"] tbody tr td').nth(2).textContent())!;
    const word = subject.split(/\s+/).find((w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '') !== w && w.length > 3) ?? subject.split(/\s+/)[0]!;
    const plain = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd');
    await page.getByRole('searchbox').fill(plain);
    await page.getByRole('searchbox').press('Enter');
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(plain)}`);
    const withAccents = await postGraphQL(api, { authorization: `Bearer ${adminKey}` }, `query($q: String!) { documents(filter: { search: $q }) { totalCount } }`, { q: word });
    const count = withAccents.data.documents.totalCount as number;
    expect(count).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('document-total').textContent()).toBe(`Tổng: ${count.toLocaleString('vi-VN')}`);
    await screenshot(page, 'documents');
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => nav(page, 'Documents').count()).toBe(1);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await nav(page, 'Indicators').click();
    await page.getByTestId('monthly-table').waitFor();
    await screenshot(page, 'dashboard-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => nav(page, 'Văn bản').count()).toBe(1);
  });

  it('shows a viewer only what the role may read, and no lineage', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(viewer, viewerKey);
    await expect.poll(() => viewer.getByTestId('signed-in-as').textContent()).toContain('viewer');
    expect(await nav(viewer, 'Kết nối').count()).toBe(0);
    await nav(viewer, 'Hồ sơ').click();
    await viewer.locator('[data-testid="dossier-table"] tbody tr a').first().click();
    await expect.poll(() => viewer.getByTestId('dossier-sources').textContent()).toContain('auditor');
    await viewer.close();
  });
});
