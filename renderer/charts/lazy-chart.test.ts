// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stands in for the line-chart ECharts: a box showing the props it was given. Its import never
// registers it as evaluated, as the real module does (echarts-lines.test.ts), so each case decides.
vi.mock('./echarts-lines', async () => {
  const { defineComponent, h } = await import('vue');
  return {
    VChart: defineComponent({
      inheritAttrs: false,
      setup:
        (_p, { attrs }) =>
        () =>
          h('div', { 'data-testid': 'chart', 'data-app': attrs['data-app'] }),
    }),
  };
});

// Fresh modules each case (nothing evaluated yet), Vue and the test mounting included, so all share one Vue.
let lazy: typeof import('./lazy-chart');
let ready: typeof import('./line-chart-ready');
let mount: typeof import('@vue/test-utils').mount;
let vue: typeof import('vue');
/** The chart inside a view, as the dashboard uses it; `app` changes the chart's attribute. */
const inView = (first: string) => {
  const app = vue.ref(first);
  return { app, w: mount(vue.defineComponent({ render: () => vue.h(lazy.VLineChart, { 'data-app': app.value }) })) };
};
beforeEach(async () => {
  vi.resetModules();
  lazy = await import('./lazy-chart');
  ready = await import('./line-chart-ready');
  ({ mount } = await import('@vue/test-utils'));
  vue = await import('vue');
});

describe('lazy line chart', () => {
  it('holds the chart’s box while its code loads, then draws the chart with its props', async () => {
    const { w } = inView('a1');
    expect(w.find('[data-testid="chart-loading"]').exists()).toBe(true);
    await vi.waitFor(async () => {
      await vue.nextTick();
      expect(w.find('[data-testid="chart"]').attributes('data-app')).toBe('a1');
    });
  });

  it('once its module has been evaluated, sets the chart up in the same render, without waiting for its import', async () => {
    const evaluated = vue.defineComponent({
      inheritAttrs: false,
      setup:
        (_p, { attrs }) =>
        () =>
          vue.h('div', { 'data-testid': 'chart', 'data-app': attrs['data-app'] }),
    });
    ready.lineChartEvaluated(evaluated);
    const { w, app } = inView('a2');
    expect(w.find('[data-testid="chart-loading"]').exists()).toBe(false);
    expect(w.find('[data-testid="chart"]').attributes('data-app')).toBe('a2');
    // Later changes reach the chart (the dashboard marks it drawn this way).
    app.value = 'a3';
    await vue.nextTick();
    expect(w.find('[data-testid="chart"]').attributes('data-app')).toBe('a3');
  });
});
