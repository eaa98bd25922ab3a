/**
 * ECharts itself for the dashboard's line chart: the core with the canvas renderer, the line series
 * and the grid, tooltip, plain legend and shaded-area components, registered. It imports nothing of
 * the app (no Vue, no theme), so the build gives it a chunk of its own that the page loads and runs
 * from its start, while the shell's chunk still downloads (electron.vite.config.ts): its evaluation,
 * the largest part of the chart's code, then falls in time the page's thread would have spent idle,
 * not between the cards and the chart. `echarts-lines.ts` adds vue-echarts and the themes on top.
 */
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { LINE_CHART_PARTS } from '../../shared/charts/line-chart-parts';

use([CanvasRenderer, ...LINE_CHART_PARTS]);
