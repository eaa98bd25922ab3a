// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';

const call = vi.fn();
vi.mock('../api', () => ({
  api: {
    call: (...args: unknown[]) => call(...args),
    on: () => () => undefined,
  },
}));
const preloadLineCharts = vi.fn();
vi.mock('../charts/lazy-chart', () => ({ preloadLineCharts: () => preloadLineCharts() }));

const { useDashboardStore, chartAppOf, PREFETCH_FRESH_MS } = await import('./dashboard');
const { default: dashboardRoutes } = await import('../views/Dashboard/routes');

const summaryFor = (app: string | undefined) => ({ app: app ?? 'first', calls: { today: 1 } });
const summaryCalls = () => call.mock.calls.filter((c) => c[0] === 'dashboard.summary').map((c) => c[1] as unknown);

describe('dashboard store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    call.mockReset();
    call.mockImplementation(async (_name: string, input: { app?: string }) => summaryFor(input.app));
    preloadLineCharts.mockReset();
    vi.useRealTimers();
  });

  it('reads the chart app from the address', () => {
    expect(chartAppOf({ app: 'a1' })).toBe('a1');
    expect(chartAppOf({ app: '' })).toBeUndefined();
    expect(chartAppOf({ app: ['a1'] })).toBeUndefined();
    expect(chartAppOf({})).toBeUndefined();
  });

  it('a summary prefetched for the same app serves the view’s first load: one call', async () => {
    const store = useDashboardStore();
    store.prefetch('a1');
    await store.load('a1');
    expect(summaryCalls()).toEqual([{ app: 'a1' }]);
    expect(store.summary).toEqual(summaryFor('a1'));
    // Only once: the next load (refresh, a sync finished) asks again.
    await store.load('a1');
    expect(summaryCalls()).toEqual([{ app: 'a1' }, { app: 'a1' }]);
  });

  it('asks again when the view wants another app, or the prefetch is stale', async () => {
    const store = useDashboardStore();
    store.prefetch(undefined);
    await store.load('a2');
    expect(summaryCalls()).toEqual([{}, { app: 'a2' }]);
    expect(store.summary).toEqual(summaryFor('a2'));

    vi.useFakeTimers({ now: Date.parse('2026-12-04T10:00:00Z') });
    call.mockClear();
    store.prefetch('a1');
    vi.setSystemTime(Date.now() + PREFETCH_FRESH_MS + 1);
    await store.load('a1');
    expect(summaryCalls()).toEqual([{ app: 'a1' }, { app: 'a1' }]);
  });

  it('entering the dashboard route starts the summary before the view’s code has arrived, and ECharts once it has', async () => {
    let arrive!: () => void;
    const viewArrived = new Promise<void>((r) => (arrive = r));
    const View = defineComponent({ render: () => null });
    const routes = dashboardRoutes.map((r) => (r.name === 'dashboard' ? { ...r, component: () => viewArrived.then(() => View) } : r)) as RouteRecordRaw[];
    const router = createRouter({ history: createMemoryHistory(), routes });
    const navigation = router.push('/dashboard?app=a3');
    await vi.waitFor(() => expect(summaryCalls()).toEqual([{ app: 'a3' }]));
    expect(router.currentRoute.value.name).not.toBe('dashboard'); // still waiting for the view
    // ECharts' evaluation (the larger module) must not come before the view's and hold the cards back.
    expect(preloadLineCharts).not.toHaveBeenCalled();
    arrive();
    await navigation;
    expect(router.currentRoute.value.fullPath).toBe('/dashboard?app=a3');
    expect(preloadLineCharts).toHaveBeenCalledTimes(1);
    // The view's own first load is served by that same call.
    await useDashboardStore().load('a3');
    expect(summaryCalls()).toEqual([{ app: 'a3' }]);
  });
});
