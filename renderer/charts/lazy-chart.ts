/**
 * `<VChart>` loaded on first use: ECharts (about 200 KB compressed) arrives with the first chart
 * drawn, not with the page that holds it, so a view shows its numbers before its charts. Same
 * props and events as vue-echarts' component.
 */
import { defineAsyncComponent, h } from 'vue';

export const VChart = defineAsyncComponent({
  loader: () => import('./echarts').then((m) => m.VChart),
  // Keeps the chart's box while ECharts loads, so nothing jumps when it draws.
  loadingComponent: { render: () => h('div', { class: 'lazy-chart__placeholder', 'data-testid': 'chart-loading' }) },
  delay: 0,
});
