/**
 * The parts of ECharts the dashboard's trend is drawn with (the line series; grid, tooltip, plain
 * legend and shaded area), without a renderer: the page adds the canvas renderer
 * (renderer/charts/echarts-lines-core.ts), the host the SVG one for the chart's first frame
 * (electron/main/services/dashboard/trend-svg.ts). One list, so both builds draw the same option alike.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';

export const LINE_CHART_PARTS = [LineChart, GridComponent, TooltipComponent, LegendPlainComponent, MarkAreaComponent];
