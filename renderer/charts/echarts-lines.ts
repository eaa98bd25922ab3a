/**
 * The smallest ECharts the console draws with: line charts on a grid with tooltip, legend and a
 * shaded area (the dashboard's last month, the partial day marked). The dashboard loads only
 * this; `echarts.ts` adds bars, zoom, mark lines and the scrolling legend for the other areas on top
 * of it. The plain legend only: the dashboard's three series always fit, and the scrolling one
 * measures and lays out its pager on every draw.
 */
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import { registerChartThemes } from '../theme/echarts-themes';

use([CanvasRenderer, LineChart, GridComponent, TooltipComponent, LegendPlainComponent, MarkAreaComponent]);
registerChartThemes();

export { default as VChart } from 'vue-echarts';
