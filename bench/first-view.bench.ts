/**
 * The console's first view as a browser gets it, cold, in a fresh browser context each time:
 * - "first card": URL → the dashboard's first KPI card visible, and the JavaScript bytes (as sent:
 *   compressed) received by then;
 * - "charts drawn": URL → the dashboard's chart painted with its data (ECharts' 'finished' event,
 *   which the view marks with `data-chart-drawn`; an empty canvas is not drawn), and every
 *   JavaScript byte received by then. This is the dashboard as a user sees it, and what the
 *   goal's verdict uses; the first-card figures show how early the numbers come.
 * Next to a static page from the same host (the floor: one request, no script) in the same run,
 * and the page's calls and scripts on a timeline for the first load (where the time goes).
 *
 * Targets (issue 19): first-view JS ≤ 400 KB compressed; URL → dashboard drawn ≤ 0.8 s on this machine.
 * Needs the built renderer (`npm run build`) and Chromium (Debian's /usr/bin/chromium when present).
 * BENCH_RUNS (default 7; `--quick` sets 5) cold loads each.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Request } from '@playwright/test';
import { startServe } from '../e2e/serve';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_JS_BYTES = 400 * 1024;
const TARGET_MS = 800;
const FIRST_CARD = '[data-testid="kpi-apps"]';
const CHART_DRAWN = '[data-testid="dashboard-chart"] [data-chart-drawn="true"]';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Moment {
  ms: number;
  jsBytes: number;
  jsFiles: number;
}
/**
 * The page's main-thread CPU up to "charts drawn" (Chromium's Performance metrics in thread time,
 * ms): what the page itself costs, whatever else the machine runs meanwhile.
 */
interface Cpu {
  /** The main thread's CPU time. */
  thread: number;
  /** Every task the page's main thread ran (script, style, layout, paint …), in CPU time. */
  task: number;
  /** Of which script (compile and run). */
  script: number;
  /** Of which style recalculation and layout. */
  layout: number;
}
interface Load {
  card: Moment;
  charts: Moment;
  cpu: Cpu;
  /** What the page fetched, relative to the navigation start (first load's timeline). */
  timeline: { what: string; start: number; end: number; server: number; bytes: number }[];
}

interface Fetched {
  req: Request;
  /** When the response had fully arrived, on the bench's clock. */
  at: number;
  bytes: Promise<number>;
}

async function load(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  // CPU time is context for the wall figures: wall time swings with the shared machine's load, the
  // main thread's own work much less.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const fetched: Fetched[] = [];
  page.on('requestfinished', (req) => {
    // A response still arriving when the context closes has no sizes any more: count it as 0.
    fetched.push({
      req,
      at: performance.now(),
      bytes: req.sizes().then(
        (s) => s.responseBodySize,
        () => 0,
      ),
    });
  });
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  const moment = async (selector: string): Promise<Moment> => {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
    const ms = performance.now() - t0;
    const scripts = fetched.filter((f) => f.req.resourceType() === 'script');
    const sizes = await Promise.all(scripts.map((f) => f.bytes));
    return { ms, jsBytes: sizes.reduce((a, b) => a + b, 0), jsFiles: sizes.length };
  };
  const card = await moment(FIRST_CARD);
  const charts = await moment(CHART_DRAWN);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  const cpu: Cpu = {
    thread: metric('ThreadTime'),
    task: metric('TaskDuration'),
    script: metric('ScriptDuration'),
    layout: metric('RecalcStyleDuration') + metric('LayoutDuration'),
  };
  const timeline = await Promise.all(
    fetched.map(async (f) => {
      const t = f.req.timing();
      const u = new URL(f.req.url());
      const start = t.startTime - fetched[0]!.req.timing().startTime;
      // The host's own time: request sent → first byte of the answer (loopback, so no network in it).
      const server = t.requestStart >= 0 && t.responseStart >= t.requestStart ? t.responseStart - t.requestStart : NaN;
      return { what: `${f.req.method()} ${u.pathname.replace(/^\/assets\//, '')}`, start, end: start + t.responseEnd, server, bytes: await f.bytes };
    }),
  );
  await context.close();
  return { card, charts, cpu, timeline };
}

async function staticLoad(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  const ms = performance.now() - t0;
  await context.close();
  return ms;
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

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

export async function run(): Promise<void> {
  const built = fileURLToPath(new URL('../out/renderer/index.html', import.meta.url));
  if (!existsSync(built)) {
    console.log('skipped: the renderer is not built (npm run build)');
    return;
  }
  const serve = await startServe();
  const browser = await chromium.launch(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] } : {});
  try {
    // What `npm start` shows: the page opened the moment the host is up (its first sync running, its
    // files never asked for yet). Information only: the sync shares the CPU.
    const cold = await load(browser, serve.url);
    // Steady state: the demo's first sync (started with the host) over, and one warm-up load of
    // each page.
    await syncSettled(serve.origin, serve.token);
    await staticLoad(browser, `${serve.origin}/favicon.svg`);
    await load(browser, serve.url);
    const base: number[] = [];
    const dash: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(await staticLoad(browser, `${serve.origin}/favicon.svg`));
      dash.push(await load(browser, serve.url));
    }
    const first = dash[0]!;
    console.log('first load, what the page fetched (ms from the page request; host = request sent → first byte; bytes as sent):');
    for (const f of first.timeline)
      console.log(
        `  ${f.start.toFixed(0).padStart(6)} → ${f.end.toFixed(0).padStart(6)}  host ${f.server.toFixed(0).padStart(4)}  ${kb(f.bytes).padStart(9)}  ${f.what}`,
      );
    const baseMs = median(base);
    const cardMs = median(dash.map((d) => d.card.ms));
    const chartsMs = median(dash.map((d) => d.charts.ms));
    const verdict = (ok: boolean): string => (ok ? 'ok' : 'OVER');
    const slowest = cold.timeline.reduce((a, b) => (b.server > a.server ? b : a), cold.timeline[0]!);
    console.log(
      `just-started host (first sync running): first card ${cold.card.ms.toFixed(0)} ms, charts drawn ${cold.charts.ms.toFixed(0)} ms; ` +
        `slowest host answer ${slowest.server.toFixed(0)} ms (${slowest.what})`,
    );
    console.log(`static page from the same host (baseline): ${baseMs.toFixed(0)} ms median of ${RUNS}`);
    console.log(
      `dashboard first card: ${cardMs.toFixed(0)} ms median (${(cardMs / baseMs).toFixed(1)}× baseline); JS by then ${kb(first.card.jsBytes)} compressed in ${first.card.jsFiles} files`,
    );
    console.log(
      `dashboard charts drawn: ${chartsMs.toFixed(0)} ms median (${(chartsMs / baseMs).toFixed(1)}× baseline); JS by then ${kb(first.charts.jsBytes)} compressed in ${first.charts.jsFiles} files`,
    );
    const cpu = (k: keyof Cpu): string => median(dash.map((d) => d.cpu[k])).toFixed(0);
    console.log(
      `page main-thread CPU to charts drawn (context: wall figures swing with the machine's load): ${cpu('thread')} ms median ` +
        `(tasks ${cpu('task')}: script ${cpu('script')}, style+layout ${cpu('layout')}); load average ${loadavg()[0]!.toFixed(2)}`,
    );
    console.log(
      `goal (the dashboard drawn, charts included): first view JS ${kb(first.charts.jsBytes)} (target ≤ ${kb(TARGET_JS_BYTES)}) ${verdict(first.charts.jsBytes <= TARGET_JS_BYTES)}; ` +
        `URL → dashboard drawn ${chartsMs.toFixed(0)} ms (target ≤ ${TARGET_MS} ms) ${verdict(chartsMs <= TARGET_MS)}`,
    );
  } finally {
    await browser.close();
    await serve.stop();
  }
}
