/**
 * The smallest ECharts the console draws with: line charts on a grid with tooltip, legend and a
 * shaded area (the dashboard's last month, the partial day marked). The dashboard loads only
 * this; `echarts.ts` adds bars, zoom and mark lines for the other areas on top of it.
 */
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import { registerChartThemes } from '../theme/echarts-themes';

use([CanvasRenderer, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkAreaComponent]);
registerChartThemes();

export { default as VChart } from 'vue-echarts';
