/**
 * The one place ECharts is assembled: tree-shaken `echarts/core` with the chart types and
 * components the console uses, plus its light/dark themes. The line-chart base (`echarts-lines.ts`,
 * all the dashboard needs) and, here, bars, zoom, mark lines and the scrolling legend (the theme's
 * default) for statistics, codes and billing.
 * Views import `VChart` (lazy-chart.ts) and `ChartOption` from here, never from 'echarts' itself
 * (that would pull the whole library).
 */
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomComponent,
  LegendScrollComponent,
  MarkLineComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import './echarts-lines';

use([BarChart, DataZoomComponent, LegendScrollComponent, MarkLineComponent]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
>;

export { VChart } from './echarts-lines';
