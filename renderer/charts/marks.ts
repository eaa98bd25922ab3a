/**
 * The performance mark the line-chart ECharts (`echarts-lines.ts`) leaves once its module has been
 * evaluated: the page can draw a chart from then on. Kept apart from that module so a reader of the
 * mark (the first-view benchmark) does not load ECharts.
 */
export const LINE_CHARTS_EVALUATED_MARK = 'onetap:line-charts-evaluated';
