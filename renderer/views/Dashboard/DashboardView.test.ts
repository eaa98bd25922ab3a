// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { DashboardSummary } from '../../../shared/contract/dashboard';
import { FIRST_CARD_TIMING } from './chart-marks';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { default: DashboardView } = await import('./DashboardView.vue');
const { applyLocale, i18n } = await import('../../i18n');

const summary: DashboardSummary = {
  today: '2026-12-06',
  asOf: '2026-12-06T04:00:00.000Z',
  appCount: 1234,
  appStatusCounts: { pending: 1, reviewing: 2, approved: 1231, rejected: 0 },
  calls: { today: 10, month: 200, year: 3000, all: 40000 },
  window: { from: '2026-11-07', to: '2026-12-06' },
  chart: { app: null, days: [] },
  apps: [],
  activities: [],
  operators: [],
  topFailures: [],
  packages: [],
  bills: [],
  lastSync: { at: null, error: null },
};

describe('DashboardView', () => {
  it("names the first card's figure for Element Timing, so the browser reports when it was painted", async () => {
    applyLocale('zh-CN');
    call.mockImplementation((name: string) => (name === 'dashboard.summary' ? Promise.resolve(summary) : Promise.reject(new Error(name))));
    setActivePinia(createPinia());
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: DashboardView }] });
    const w = mount(DashboardView, { global: { plugins: [i18n, router] } });
    await flushPromises();
    // Chromium times text on the block that holds it: the figure, a block of its own in the card.
    const timed = w.findAll('[elementtiming]');
    expect(timed).toHaveLength(1);
    expect(timed[0]!.attributes('elementtiming')).toBe(FIRST_CARD_TIMING);
    expect(timed[0]!.classes()).toContain('kpi__value');
    expect(timed[0]!.text()).toBe('1,234');
    expect(w.find('[data-testid="kpi-apps"]').element.contains(timed[0]!.element)).toBe(true);
  });
});
