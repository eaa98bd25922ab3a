/**
 * `dashboard.trendSvg`: the dashboard trend's first frame, drawn by ECharts itself (its server-side
 * rendering to an SVG string) with the option and theme the page's live chart uses (shared/charts),
 * at the chart's size, in the page's words and font. The page shows it at once without loading or
 * running ECharts on the way to its first view, and its live chart takes over afterwards
 * (renderer/views/Dashboard/DashboardTrendChart.vue). The drawing runs on a worker thread
 * (trend-svg-worker.ts), started as the host starts (electron/web/warm-first-view.ts) or on the
 * first call, and kept while the process runs, without keeping it alive.
 */
import { Worker } from 'node:worker_threads';
import type { CallInput, CallOutput } from '../../../../shared/contract';
import type { DashboardSummary } from '../../../../shared/contract/dashboard';
import { ApiError } from '../../../../shared/contract';
import { chartTheme } from '../../../../shared/charts/chart-theme';
import { callsTrendOption, outcomeColors } from '../../../../shared/charts/trend-option';
import { quickRange } from '../../../../shared/contract/records';
import { shanghaiDate } from '../../../../shared/time/shanghai';
import { workerEntry } from '../core/worker-entry';
import type { Db } from '../db/open';
import { loadApps } from '../records/app-directory';
import { chartOf } from './summary';
import type { TrendSvgReply, TrendSvgRequest } from './trend-svg-protocol';

interface Drawer {
  worker: Worker;
  pending: Map<number, { done: (svg: string) => void; fail: (e: Error) => void }>;
}

let drawer: Drawer | null = null;
let nextId = 0;

function startDrawer(): Drawer {
  const entry = workerEntry('trend-svg-worker', import.meta.url, "the dashboard trend's drawing worker");
  const worker = entry.kind === 'built' ? new Worker(entry.url) : new Worker(entry.code, { eval: true });
  const d: Drawer = { worker, pending: new Map() };
  // Idle, the worker does not keep the process alive; a drawing on its way does (ref in `draw`).
  worker.unref();
  const failAll = (e: Error): void => {
    if (drawer === d) drawer = null;
    for (const p of d.pending.values()) p.fail(e);
    d.pending.clear();
  };
  worker.on('message', (reply: TrendSvgReply) => {
    const p = d.pending.get(reply.id);
    d.pending.delete(reply.id);
    if (d.pending.size === 0) worker.unref();
    if ('svg' in reply) p?.done(reply.svg);
    else p?.fail(new ApiError('INTERNAL', `the dashboard trend could not be drawn: ${reply.error}`));
  });
  worker.on('error', (e) => failAll(new ApiError('INTERNAL', `the dashboard trend's drawing worker failed: ${e.message}`)));
  worker.on('exit', (code) => failAll(new ApiError('INTERNAL', `the dashboard trend's drawing worker stopped (exit ${code})`)));
  return d;
}

/**
 * Starts the drawing thread now (it loads ECharts and draws a few times to get its code compiled),
 * so a page's first request does not wait for that: the host calls it as it starts.
 */
export function startTrendDrawing(): void {
  drawer ??= startDrawer();
}

function draw(request: Omit<TrendSvgRequest, 'id'>): Promise<string> {
  const d = (drawer ??= startDrawer());
  const id = nextId++;
  return new Promise<string>((done, fail) => {
    d.pending.set(id, { done, fail });
    d.worker.ref();
    d.worker.postMessage({ id, ...request } satisfies TrendSvgRequest);
  });
}

/** How the page asked its frame to look: size, theme, words, font. */
type FrameLook = Omit<CallInput<'dashboard.trendSvg'>, 'app'>;

/** The look of the page's last request, and the last frame drawn (asked for, or drawn ahead). */
let lastLook: FrameLook | null = null;
let lastFrame: { key: string; svg: Promise<string> } | null = null;

/** The frame of `appId`'s `days` in `look`: the last one drawn when it is the same, else drawn now. */
function frameOf(appId: string, days: DashboardSummary['chart']['days'], today: string, look: FrameLook): Promise<string> {
  const key = JSON.stringify([appId, today, days, look]);
  if (lastFrame?.key === key) return lastFrame.svg;
  const { labels, theme } = look;
  const option = callsTrendOption(days, { total: labels.total, successes: labels.successes, failures: labels.failures }, outcomeColors(theme), {
    date: today,
    label: labels.partialDay,
  });
  const svg = draw({ option, theme: chartTheme(theme, look.font), width: look.width, height: look.height });
  lastFrame = { key, svg };
  svg.catch(() => {
    if (lastFrame?.key === key) lastFrame = null;
  });
  return svg;
}

/**
 * Called with each summary: draws its chart ahead, on the drawing thread, in the look the page asked
 * for last, so the page's request for the frame, which follows the summary (DashboardTrendChart.vue),
 * finds it drawn or on its way instead of waiting for the drawing. Only where a page has asked for a
 * frame before (the host, after a first dashboard).
 */
export function drawAhead(summary: Pick<DashboardSummary, 'chart' | 'today'>): void {
  const app = summary.chart.app;
  if (!lastLook || !app) return;
  frameOf(app.id, summary.chart.days, summary.today, lastLook).catch(() => undefined); // the page's own request reports a failure
}

export async function trendSvg(db: Db, input: CallInput<'dashboard.trendSvg'>, nowMs: number): Promise<CallOutput<'dashboard.trendSvg'>> {
  const { app, days } = chartOf(db, loadApps(db), input.app, quickRange('lastMonth', nowMs), nowMs);
  if (!app) return null;
  const { app: _asked, ...look } = input;
  lastLook = look;
  return { appId: app.id, days, svg: await frameOf(app.id, days, shanghaiDate(nowMs), look) };
}
