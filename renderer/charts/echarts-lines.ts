/**
 * The smallest ECharts the console draws with: line charts on a grid with tooltip, legend and a
 * shaded area (the dashboard's last month, the partial day marked). The dashboard loads only
 * this; `echarts.ts` adds bars, zoom, mark lines and the scrolling legend for the other areas on top
 * of it. The plain legend only: the dashboard's three series always fit, and the scrolling one
 * measures and lays out its pager on every draw. ECharts itself is `echarts-lines-core.ts`, which the
 * page has usually run before this module is imported; here is only what needs Vue.
 */
import './echarts-lines-core';
import VChartBase from 'vue-echarts';
import { registerChartThemes } from '../theme/echarts-themes';
import { withExactAutoresize } from './exact-autoresize';
import { LINE_CHARTS_EVALUATED_MARK } from './marks';

registerChartThemes();
// The page's dashboard imports this module well before its chart starts; the mark shows whether the
// code was in by then, or the chart's start had to wait for it (the first-view benchmark reads it).
performance.mark(LINE_CHARTS_EVALUATED_MARK);

/** vue-echarts' component, its `autoresize` redrawing only on a real change of size (exact-autoresize.ts). */
export const VChart = withExactAutoresize(VChartBase);
