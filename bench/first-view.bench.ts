/**
 * The console's first view as a browser gets it: the JavaScript bytes sent over the wire
 * (compressed, as the host serves them) until the dashboard is drawn, and the time from opening
 * the URL to the dashboard's first card, next to a static page from the same host (the floor:
 * one request, no script) measured in the same run.
 *
 * Targets (issue 19): first-view JS ≤ 400 KB compressed; URL → dashboard ≤ 0.8 s on this machine.
 * Needs the built renderer (`npm run build`) and Chromium (Debian's /usr/bin/chromium when present).
 * BENCH_RUNS (default 7, 2 with --quick) cold loads each, in a fresh browser context.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { startServe } from '../e2e/serve';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const quick = process.argv.includes('--quick');
const RUNS = Number(process.env.BENCH_RUNS ?? (quick ? 2 : 7));
const TARGET_JS_BYTES = 400 * 1024;
const TARGET_MS = 800;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Load {
  ms: number;
  jsBytes: number;
  jsFiles: number;
}

async function load(browser: Browser, url: string, ready: string | null): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  page.on('requestfinished', (req) => {
    if (req.resourceType() === 'script') scripts.push(req.sizes().then((s) => s.responseBodySize));
  });
  const t0 = performance.now();
  await page.goto(url, { waitUntil: ready ? 'commit' : 'load' });
  if (ready) await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  const ms = performance.now() - t0;
  const sizes = await Promise.all(scripts);
  await context.close();
  return { ms, jsBytes: sizes.reduce((a, b) => a + b, 0), jsFiles: sizes.length };
}

async function syncSettled(origin: string, token: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${origin}/api/sync.status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const s = (await res.json()) as { running: boolean; dataAsOf: number | null };
    if (!s.running && s.dataAsOf !== null) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function run(): Promise<void> {
  const built = fileURLToPath(new URL('../out/renderer/index.html', import.meta.url));
  if (!existsSync(built)) {
    console.log('skipped: the renderer is not built (npm run build)');
    return;
  }
  const serve = await startServe();
  const browser = await chromium.launch(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] } : {});
  try {
    // Steady state: the demo's first sync (started with the host) over, and one warm-up load of
    // each page (the host compresses its files in the background at start).
    await syncSettled(serve.origin, serve.token);
    await load(browser, `${serve.origin}/favicon.svg`, null);
    await load(browser, serve.url, '[data-testid="kpi-apps"]');
    const base: number[] = [];
    const dash: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      base.push((await load(browser, `${serve.origin}/favicon.svg`, null)).ms);
      dash.push(await load(browser, serve.url, '[data-testid="kpi-apps"]'));
    }
    const js = dash[0]!;
    const dashMs = median(dash.map((d) => d.ms));
    const baseMs = median(base);
    console.log(
      `first view JS: ${(js.jsBytes / 1024).toFixed(1)} KB compressed in ${js.jsFiles} files (target ≤ ${TARGET_JS_BYTES / 1024} KB) ${js.jsBytes <= TARGET_JS_BYTES ? 'ok' : 'OVER'}`,
    );
    console.log(`URL → dashboard drawn: ${dashMs.toFixed(0)} ms median of ${RUNS} (target ≤ ${TARGET_MS} ms) ${dashMs <= TARGET_MS ? 'ok' : 'OVER'}`);
    console.log(`static page from the same host (baseline): ${baseMs.toFixed(0)} ms median; dashboard / baseline = ${(dashMs / baseMs).toFixed(1)}×`);
  } finally {
    await browser.close();
    await serve.stop();
  }
}
