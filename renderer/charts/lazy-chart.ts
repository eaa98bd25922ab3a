/**
 * `<VChart>` loaded on first use: ECharts arrives with the first chart drawn, not with the page
 * that holds it, so a view shows its numbers before its charts. Same props and events as
 * vue-echarts' component.
 */
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue';
import { evaluatedLineChart } from './line-chart-ready';

function lazyChart(loader: () => Promise<Component>): Component {
  return defineAsyncComponent({
    loader,
    // Keeps the chart's box while ECharts loads, so nothing jumps when it draws.
    loadingComponent: { render: () => h('div', { class: 'lazy-chart__placeholder', 'data-testid': 'chart-loading' }) },
    delay: 0,
  });
}

const loadLines = () => import('./echarts-lines');

/** Any chart of the console (lines, bars, zoom, mark lines). */
export const VChart = lazyChart(() => import('./echarts').then((m) => m.VChart));

const loadingLineChart = lazyChart(() => loadLines().then((m) => m.VChart));

/**
 * Line charts only (the dashboard's trend): the smallest ECharts, so the home screen draws sooner.
 * Once its module has been evaluated (the page runs it from its start), a new chart is set up at
 * once, in the same task: not after its `import()` settles (line-chart-ready.ts), nor a render of
 * the placeholder later, as an async component would.
 */
export const VLineChart = defineComponent({
  name: 'LineChart',
  inheritAttrs: false,
  setup(_props, { attrs, slots }) {
    // Decided once: switching later would set the chart up a second time.
    const chart = evaluatedLineChart() ?? loadingLineChart;
    return () => h(chart, attrs, slots);
  },
});

/**
 * Starts loading the line-chart ECharts now, alongside the data a view is fetching, instead of
 * after the data arrived and the chart was first rendered.
 */
export function preloadLineCharts(): void {
  void loadLines().catch(() => undefined); // the chart itself reports a failed load
}
