/**
 * `<VChart>` loaded on first use: ECharts arrives with the first chart drawn, not with the page
 * that holds it, so a view shows its numbers before its charts. Same props and events as
 * vue-echarts' component.
 */
import { defineAsyncComponent, h, type Component } from 'vue';

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

/** Line charts only (the dashboard's trend): the smallest ECharts, so the home screen draws sooner. */
export const VLineChart = lazyChart(() => loadLines().then((m) => m.VChart));

/**
 * Starts loading the line-chart ECharts now, alongside the data a view is fetching, instead of
 * after the data arrived and the chart was first rendered.
 */
export function preloadLineCharts(): void {
  void loadLines().catch(() => undefined); // the chart itself reports a failed load
}
