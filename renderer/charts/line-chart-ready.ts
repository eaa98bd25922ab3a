/**
 * The line-chart component as soon as its module (echarts-lines.ts) has been evaluated. The page
 * runs that module from its start (the boot script imports it); a dynamic `import()` of it, even
 * then, settles only after the browser's module loader has walked its graph again in tasks of its
 * own, which on a busy page wait behind the shell's long tasks: the dashboard's chart, due right
 * after the cards, waited for them (up to a few hundred ms on this machine) with its code long
 * there. Here the chart finds it without that wait (lazy-chart.ts). Kept apart from echarts-lines.ts,
 * which imports it, so the shell reads it without loading ECharts.
 */
import type { Component } from 'vue';

let evaluated: Component | undefined;

/** Called by echarts-lines.ts once, when it has been evaluated. */
export function lineChartEvaluated(chart: Component): void {
  evaluated = chart;
}

/** The line-chart component, if its module has been evaluated; undefined until then. */
export function evaluatedLineChart(): Component | undefined {
  return evaluated;
}
