import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Skipped on a machine without Chromium; never in CI (CI=true), which installs it and must run them. */
export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
if (skipBrowser) {
  process.stderr.write(`\n[console browser tests] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH). CI installs it.\n\n`);
}

/**
 * Screenshots go to docs/screenshots (the README's) with UPDATE_SCREENSHOTS=1, else to
 * test-results/console, so a test run does not rewrite committed images.
 */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../..', process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/console');

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** Clicks the n-th point of series d of the chart in `testId`, where the console says it drew it. */
export async function clickChartPoint(page: Page, testId: string, pick: (points: { d: number; i: number; x: number; y: number; v: number | null }[]) => { x: number; y: number } | undefined): Promise<void> {
  const chart = page.getByTestId(testId);
  await page.waitForFunction(`document.querySelector('[data-testid="${testId}"]')?.getAttribute('data-points')`);
  const points = JSON.parse((await chart.getAttribute('data-points'))!) as { d: number; i: number; x: number; y: number; v: number | null }[];
  const target = pick(points);
  if (!target) throw new Error(`no point to click in ${testId}: ${JSON.stringify(points)}`);
  await chart.locator('canvas').click({ position: { x: target.x, y: target.y } });
}
