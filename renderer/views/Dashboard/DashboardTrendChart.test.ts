// @vitest-environment happy-dom
/**
 * The trend's first frame: the host's SVG is shown and counts as drawn; the live chart takes over when
 * the user points at it; without a frame (a failed call, other data) the live chart is drawn at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { CHART_MARKS } from './chart-marks';
import { sameDays } from './trend-frame';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));
// The live chart as a plain element: ECharts needs a canvas, which happy-dom has not.
vi.mock('../../charts/lazy-chart', () => ({ VLineChart: { name: 'VLineChart', emits: ['finished'], template: '<div data-testid="live-chart" />' } }));

const { default: DashboardTrendChart } = await import('./DashboardTrendChart.vue');
const { applyLocale, i18n } = await import('../../i18n');

const days = [
  { date: '2026-12-05', calls: 10, successes: 9, failures: 1 },
  { date: '2026-12-06', calls: 4, successes: 4, failures: 0 },
];
const SVG = '<svg width="640" height="300" xmlns="http://www.w3.org/2000/svg"><text>调用</text></svg>';

/** The box's size, as the browser's ResizeObserver would report it after the first layout. */
let resized: (width: number, height: number) => void = () => undefined;

beforeEach(() => {
  applyLocale('zh-CN');
  setActivePinia(createPinia());
  performance.clearMarks();
  call.mockReset();
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(cb: ResizeObserverCallback) {
        resized = (width, height) => cb([{ contentRect: { width, height } } as ResizeObserverEntry], this as unknown as ResizeObserver);
      }
      observe(): void {}
      disconnect(): void {}
    },
  );
  vi.stubGlobal('requestIdleCallback', () => 1);
  vi.stubGlobal('cancelIdleCallback', () => undefined);
});
afterEach(() => vi.unstubAllGlobals());

const nextFrame = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

function mountChart() {
  return mount(DashboardTrendChart, { props: { appId: 'app-1', days, today: '2026-12-06' }, global: { plugins: [i18n] } });
}

describe('DashboardTrendChart', () => {
  it("asks the host for the frame at the box's size in the page's words, shows it as drawn, and goes live when pointed at", async () => {
    call.mockResolvedValue({ appId: 'app-1', days, svg: SVG });
    const w = mountChart();
    resized(640.4, 300);
    expect(call).toHaveBeenCalledWith('dashboard.trendSvg', {
      app: 'app-1',
      width: 640,
      height: 300,
      theme: 'light',
      labels: { total: '总调用量', successes: '成功量', failures: '失败量', partialDay: '今天（未结束）' },
      font: getComputedStyle(document.body).fontFamily,
    });
    await flushPromises();
    expect(w.find('[data-testid="chart-frame"]').html()).toContain('<svg width="640"');
    await nextFrame();
    expect(w.attributes('data-chart-drawn')).toBe('true');
    expect(performance.getEntriesByName(CHART_MARKS.drawn, 'mark')).toHaveLength(1);
    expect(w.find('[data-testid="live-chart"]').exists()).toBe(false);

    await w.trigger('pointerenter');
    // The live chart draws under the frame, which stays until ECharts reports its first paint.
    expect(w.find('[data-testid="live-chart"]').exists()).toBe(true);
    expect(w.find('[data-testid="chart-frame"]').exists()).toBe(true);
    w.findComponent({ name: 'VLineChart' }).vm.$emit('finished');
    await flushPromises();
    expect(w.find('[data-testid="chart-frame"]').exists()).toBe(false);
    expect(performance.getEntriesByName(CHART_MARKS.drawn, 'mark')).toHaveLength(1);
  });

  it('draws the live chart when the call fails, or when the frame shows other days than the page', async () => {
    call.mockRejectedValueOnce(new Error('host gone'));
    const failed = mountChart();
    resized(640, 300);
    await flushPromises();
    expect(failed.find('[data-testid="live-chart"]').exists()).toBe(true);
    expect(failed.attributes('data-chart-drawn')).toBeUndefined();
    failed.findComponent({ name: 'VLineChart' }).vm.$emit('finished');
    await flushPromises();
    expect(failed.attributes('data-chart-drawn')).toBe('true');

    call.mockResolvedValueOnce({ appId: 'app-1', days: [days[0]!, { ...days[1]!, calls: 5 }], svg: SVG });
    const other = mountChart();
    resized(640, 300);
    await flushPromises();
    expect(other.find('[data-testid="chart-frame"]').exists()).toBe(false);
    expect(other.find('[data-testid="live-chart"]').exists()).toBe(true);
  });

  it('leaves the frame for the live chart when the box changes size', async () => {
    call.mockResolvedValue({ appId: 'app-1', days, svg: SVG });
    const w = mountChart();
    resized(640, 300);
    await flushPromises();
    expect(w.find('[data-testid="chart-frame"]').exists()).toBe(true);
    resized(700, 300);
    await flushPromises();
    expect(w.find('[data-testid="live-chart"]').exists()).toBe(true);
  });
});

describe('sameDays', () => {
  it('holds for the same dates and counts only', () => {
    expect(
      sameDays(
        days,
        days.map((d) => ({ ...d })),
      ),
    ).toBe(true);
    expect(sameDays(days, days.slice(1))).toBe(false);
    expect(sameDays(days, [days[0]!, { ...days[1]!, failures: 1 }])).toBe(false);
    expect(sameDays(days, [days[0]!, { ...days[1]!, date: '2026-12-07' }])).toBe(false);
  });
});
