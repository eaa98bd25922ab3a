/**
 * The worker thread that draws the dashboard trend's first frame (trend-svg.ts): ECharts' own
 * server-side rendering to an SVG string, with the parts the page's live chart is built from
 * (shared/charts/line-chart-parts.ts) and the SVG renderer. A thread of its own: ECharts (~1 MB of
 * code) is loaded by this thread alone, never by the command line's or the host's, and its drawing
 * leaves the host's thread free for the page's other requests.
 */
import { parentPort } from 'node:worker_threads';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { LINE_CHART_PARTS } from '../../../../shared/charts/line-chart-parts';
import { chartTheme } from '../../../../shared/charts/chart-theme';
import { callsTrendOption, outcomeColors, type TrendOption } from '../../../../shared/charts/trend-option';
import type { TrendSvgReply, TrendSvgRequest } from './trend-svg-protocol';

const port = parentPort;
if (!port) throw new Error('trend-svg-worker runs only as a worker thread');

use([SVGRenderer, ...LINE_CHART_PARTS]);

function drawSvg(option: TrendOption, theme: Record<string, unknown>, width: number, height: number): string {
  const chart = init(null, theme, { renderer: 'svg', ssr: true, width, height });
  try {
    // The option draws without animation already (animationDuration 0); a string has no frames to animate.
    chart.setOption({ ...option, animation: false });
    // zrender escapes the text it writes (the labels come from the page).
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A page's first request would find ECharts' drawing not yet compiled: the first draws of a fresh
 * thread took 5–10× a warm one. A month of made-up days is drawn a few times as the thread starts,
 * before any request (the host starts this thread as it starts, warm-first-view.ts).
 */
const WARM_UP_DRAWS = 3;
const sample = Array.from({ length: 30 }, (_, i) => ({
  date: `2026-01-${String(i + 1).padStart(2, '0')}`,
  calls: 900 + 37 * i,
  successes: 850 + 30 * i,
  failures: 50 + 7 * i,
}));
for (let i = 0; i < WARM_UP_DRAWS; i++)
  drawSvg(
    callsTrendOption(sample, { total: 'total', successes: 'successes', failures: 'failures' }, outcomeColors('light'), { date: '2026-01-30', label: 'today' }),
    chartTheme('light'),
    800,
    300,
  );

port.on('message', ({ id, option, theme, width, height }: TrendSvgRequest) => {
  let reply: TrendSvgReply;
  try {
    reply = { id, svg: drawSvg(option, theme, width, height) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
