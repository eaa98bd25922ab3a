// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { BUILT_IN_BOOKS, builtInBookIds, compareBooks, priceBookPrintable } from '../../../shared/billing';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { default: CostComparisonView } = await import('./CostComparisonView.vue');
const { applyLocale, i18n } = await import('../../i18n');

describe('CostComparisonView', () => {
  it('prices the volume on every book and lists each book with its source and effective date', async () => {
    applyLocale('zh-CN');
    const books = builtInBookIds.map((id) => BUILT_IN_BOOKS[id]);
    call.mockImplementation((name: string, input: { calls?: number }) => {
      if (name === 'billing.books') return Promise.resolve({ books: books.map(priceBookPrintable) });
      if (name === 'billing.compare')
        return Promise.resolve({ calls: input.calls, items: compareBooks(input.calls!, books).map(({ amountMills: _m, ...r }) => r), breakEven: [] });
      return Promise.reject(new Error(name));
    });
    setActivePinia(createPinia());
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: CostComparisonView }] });
    const w = mount(CostComparisonView, { global: { plugins: [i18n, router] } });
    await flushPromises();
    expect(call).toHaveBeenCalledWith('billing.compare', { calls: 100_000 });
    const rows = w.findAll('[data-testid="compare-table"] tbody tr').map((r) => r.text());
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('阶梯累进');
    expect(rows[1]).toContain('全量按档');
    expect(rows[1]).toContain('¥4000.00');
    expect(rows[1]).toContain('¥3300.00');
    expect(w.text()).toContain('各手册的便宜与否不发生变化');
    expect(w.find('[data-testid="books-table"]').text()).toContain('2026-12-04');
  });
});
