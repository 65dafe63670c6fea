/**
 * `npm run bench:console [-- --size N] [--runs R] [--keep]`
 *
 * The console's first load on demo data: the demo's three simulators (N dossiers) synced
 * into a scratch database, the API serving /console, and headless Chromium (Debian's,
 * through playwright-core) opening it with an empty cache R times:
 * - the sign-in page (the console's own files only);
 * - the dashboard of a signed-in admin, until both charts and the monthly table are drawn
 *   (the files and every GraphQL request the page makes).
 * Prints bytes transferred (what went over the wire, gzip where the browser asked for it),
 * requests and the median time, then `RESULT {json}` as the last line.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startApiServer } from '../src/api/server';
import { createApiKey } from '../src/auth/api-keys';
import { upsertConnector } from '../src/cli/connectors';
import { startDemoSources } from '../src/cli/demo-sources';
import { initOrm } from '../src/db/orm';
import { runStream } from '../src/engine/run-stream';
import { wholeNumberFlag } from './support/args';
import { Cleanup } from './support/cleanup';
import { int, table } from './support/report';
import { createScratchDatabase, dropDatabase, redactUrl, scratchDatabaseUrl } from './support/scratch-db';

const USAGE = `Usage: npm run bench:console -- [--size N] [--runs R] [--keep]

  --size N   one-stop-shop dossiers of the demo data (default 5 000, as npm run demo)
  --runs R   cold loads measured per page (default 5)
  --keep     keep the scratch database hub_bench_<pid>

Env: BENCH_DATABASE_URL (or DATABASE_URL); CHROMIUM_PATH (default /usr/bin/chromium).`;

const STREAMS: Record<string, readonly string[]> = {
  mcdt: ['agencies', 'procedures', 'dossiers', 'payments'],
  qlvb: ['documents-incoming', 'documents-outgoing', 'edxml'],
  dvc: ['agencies', 'procedures', 'dossiers', 'payments', 'ratings'],
};

const out = (line = '') => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Load {
  ms: number;
  staticBytes: number;
  apiBytes: number;
  requests: number;
}

/** One cold load in a fresh browser context: bytes of every response as transferred, and the time to `ready`. */
async function coldLoad(browser: Browser, url: string, key: string | null, ready: string[]): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (key) await context.addInitScript(`sessionStorage.setItem('hub.console.key', ${JSON.stringify(key)})`);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const sizes: Promise<{ api: boolean; bytes: number }>[] = [];
  page.on('requestfinished', (request) => {
    sizes.push(request.sizes().then((s) => ({ api: request.url().includes('/graphql'), bytes: s.responseBodySize + s.responseHeadersSize })));
  });
  const started = performance.now();
  await page.goto(url);
  try {
    for (const selector of ready) await page.locator(selector).first().waitFor({ state: 'attached', timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: 'bench-console-failure.png' });
    throw new Error(`${url}: ${(error as Error).message.split('\n')[0]} (screenshot: bench-console-failure.png)${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`, { cause: error });
  }
  const ms = performance.now() - started;
  await page.waitForLoadState('networkidle');
  const all = await Promise.all(sizes);
  await context.close();
  return { ms, requests: all.length, staticBytes: all.filter((s) => !s.api).reduce((a, s) => a + s.bytes, 0), apiBytes: all.filter((s) => s.api).reduce((a, s) => a + s.bytes, 0) };
}

async function bench(args: { size: number; runs: number; keep: boolean }, cleanup: Cleanup): Promise<void> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  out(`Demo data: ${int(args.size)} dossiers; syncing into a scratch database…`);
  const sources = await startDemoSources(args.size, 0);
  cleanup.add('stop the simulators', async () => void (await Promise.all(sources.map((s) => s.close()))));
  const dbUrl = scratchDatabaseUrl();
  await createScratchDatabase(dbUrl);
  cleanup.add('drop the scratch database', async () => {
    if (args.keep) process.stderr.write(`kept the scratch database: ${redactUrl(dbUrl)}\n`);
    else await dropDatabase(dbUrl);
  });
  const orm = await initOrm(dbUrl);
  cleanup.add('close the ORM', () => orm.close(true));
  for (const source of sources) {
    const connector = await upsertConnector(orm.em.fork(), { name: source.connector, kind: source.kind, config: source.config });
    for (const stream of STREAMS[source.kind]!) await runStream({ orm, connector, stream });
  }
  const api = await startApiServer({ orm, host: '127.0.0.1', port: 0, security: { rateLimits: { public: 100_000, key: 100_000, address: 100_000 } } });
  cleanup.add('stop the API', () => api.close());
  const { key } = await createApiKey(orm.em.fork(), { role: 'admin', name: 'bench console' });
  const consoleUrl = api.url.replace(/\/graphql$/, '/console/');

  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  cleanup.add('close the browser', () => browser.close());
  // One load to warm the server (compiled schema, pools), not measured.
  await coldLoad(browser, `${consoleUrl}#/dashboard`, key, ['[data-testid="chart-monthly"][data-points]']);
  const pages: { name: string; url: string; key: string | null; ready: string[] }[] = [
    { name: 'sign-in page', url: consoleUrl, key: null, ready: ['form.sign-in'] },
    { name: 'dashboard (signed in)', url: `${consoleUrl}#/dashboard`, key, ready: ['[data-testid="chart-monthly"][data-points]', '[data-testid="chart-agencies"][data-points]', '[data-testid="monthly-table"] a'] },
  ];
  const results: Record<string, { medianMs: number; staticBytes: number; apiBytes: number; requests: number }> = {};
  for (const p of pages) {
    const loads: Load[] = [];
    for (let i = 0; i < args.runs; i++) loads.push(await coldLoad(browser, p.url, p.key, p.ready));
    const last = loads.at(-1)!;
    results[p.name] = { medianMs: Math.round(median(loads.map((l) => l.ms))), staticBytes: last.staticBytes, apiBytes: last.apiBytes, requests: last.requests };
  }
  out();
  out(
    table(
      ['page', 'median time (ms)', 'console files (bytes)', 'GraphQL (bytes)', 'requests'],
      Object.entries(results).map(([name, r]) => [name, int(r.medianMs), int(r.staticBytes), int(r.apiBytes), String(r.requests)]),
    ),
  );
  out(`(cold cache, ${args.runs} loads each, headless Chromium on this machine, shared with other work; times include the API's answers)`);
  out(`RESULT ${JSON.stringify({ size: args.size, runs: args.runs, pages: results })}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
  if (values.help) {
    out(USAGE);
    return;
  }
  const args = {
    size: values.size === undefined ? 5000 : wholeNumberFlag('--size', values.size, 200, 1_000_000, USAGE),
    runs: values.runs === undefined ? 5 : wholeNumberFlag('--runs', values.runs, 1, 100, USAGE),
    keep: values.keep,
  };
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.run().finally(() => process.exit(130)));
  try {
    await bench(args, cleanup);
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
