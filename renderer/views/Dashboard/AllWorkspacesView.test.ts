// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { CallOutput } from '../../../shared/contract';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { default: AllWorkspacesView } = await import('./AllWorkspacesView.vue');
const { applyLocale, i18n } = await import('../../i18n');

const overview: CallOutput<'providers.overview'> = {
  month: '2026-12',
  currency: 'CNY',
  items: [
    {
      id: 'demo',
      name: '演示 Demo',
      provider: 'onetap',
      active: true,
      calls: 12000,
      successes: 11000,
      successRate: 11000 / 12000,
      billable: 11000,
      amount: '286.00',
      forecastAmount: '1100.00',
      book: 'onetap',
      operators: { CMCC: 6000, CUCC: 4000, CTCC: 2000 },
      error: null,
    },
    {
      id: 'demo-aliyun',
      name: '阿里云演示',
      provider: 'aliyun-dypns',
      active: false,
      calls: 5000,
      successes: 4800,
      successRate: 0.96,
      billable: 4800,
      amount: '192.00',
      forecastAmount: '800.00',
      book: 'aliyun-dypns',
      operators: null,
      error: null,
    },
  ],
  total: { calls: 17000, successes: 15800, billable: 15800, amount: '478.00', forecastAmount: '1900.00' },
};

describe('AllWorkspacesView', () => {
  it('shows both providers side by side and the total in one currency', async () => {
    applyLocale('zh-CN');
    call.mockImplementation((name: string) => (name === 'providers.overview' ? Promise.resolve(overview) : Promise.reject(new Error(name))));
    setActivePinia(createPinia());
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: AllWorkspacesView }] });
    const w = mount(AllWorkspacesView, { global: { plugins: [i18n, router] } });
    await flushPromises();
    const rows = w.findAll('[data-testid="all-workspaces-table"] tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('onetap 平台');
    expect(rows[0]!.text()).toContain('移动 6,000');
    expect(rows[1]!.text()).toContain('阿里云 号码认证服务');
    expect(rows[1]!.text()).toContain('服务商不提供运营商分布');
    expect(rows[1]!.text()).toContain('96.00%');
    expect(w.find('[data-testid="all-workspaces-total"]').text()).toBe('合计：调用 17,000 次，本月费用 ¥478.00，月末预测 ¥1900.00');
  });
});
