// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { NConfigProvider, NMessageProvider } from 'naive-ui';
import { createMemoryHistory, createRouter } from 'vue-router';
import { computeMonthBill, forecastMonth, publicQuote, reconcileMonth, type UsageLine } from '../../../shared/billing';
import type { CallOutput } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract/errors';
import { startOfShanghaiDay } from '../../../shared/time/shanghai';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined }, isElectron: false }));
// Canvas charts are not what this test is about (their options are tested in chart-models.test.ts).
vi.mock('../../charts/echarts', () => ({
  VChart: defineComponent({
    props: { option: { type: Object, default: null }, theme: { type: String, default: '' }, autoresize: Boolean },
    setup: () => () => h('div', { class: 'chart-stub' }),
  }),
}));

const { default: BillingView } = await import('./BillingView.vue');
const { applyLocale, i18n } = await import('../../i18n');

const NOW = Date.parse('2026-11-15T04:00:00Z');
const line = (date: string, id: string, capability: 'login' | 'verify', operator: 'CMCC' | 'CUCC' | 'CTCC', billable: number): UsageLine => ({
  date,
  id,
  appId: `A-${id}`,
  capability,
  operator,
  calls: billable + 3,
  successes: billable,
  billable,
});
const local = [line('2026-11-02', 'app-1', 'login', 'CMCC', 12_000), line('2026-11-03', 'app-2', 'verify', 'CUCC', 8_000)];
const platform = [local[0]!, { ...local[1]!, billable: 8_010, successes: 8_010, calls: 8_013 }];

function billOutput(): CallOutput<'billing.month'> {
  const b = computeMonthBill({ month: '2026-11', lines: local, apps: new Map([['app-1', { appId: 'A-app-1', name: '<b>商城</b>' }]]) });
  const f = forecastMonth({ month: '2026-11', now: NOW, days: b.days });
  const { projectedAmountMills: _m, month: _mo, ...forecast } = f;
  return {
    ...publicQuote(b),
    month: '2026-11',
    status: 'open',
    billableByCapability: b.billableByCapability,
    allocation: {
      apps: b.allocation.apps.map(({ id, appId, name, billable, amount }) => ({ id, appId, name, billable, amount })),
      operators: b.allocation.operators.map(({ operator, billable, amount }) => ({ operator, billable, amount })),
    },
    packageCoverage: [],
    days: b.days,
    position: b.position,
    ladder: {
      source: 'platform',
      tiers: [
        { from: 0, to: 10000, unitPrice: '0.026' },
        { from: 10000, to: 50000, unitPrice: '0.024' },
        { from: 50000, to: 250000, unitPrice: '0.021' },
        { from: 250000, to: null, unitPrice: '0.018' },
      ],
    },
    forecast,
    basis: 'records',
    dataAsOf: NOW - 60_000,
    generatedAt: NOW,
  };
}

function reconOutput(): CallOutput<'billing.reconcile'> {
  const r = reconcileMonth({ month: '2026-11', local, platform, platformBill: null });
  return {
    month: '2026-11',
    basis: 'records',
    status: r.status,
    missing: r.missing,
    differences: r.differences.map(({ amountMills: _m, ...d }) => ({ ...d, appName: null })),
    billDifferences: [
      { field: 'billable', local: '20000', platform: '20010' },
      { field: 'tiers.1.count', local: '10000', platform: '10010' },
    ],
    totals: r.totals,
    lineCount: r.lineCount,
    matchedLines: r.matchedLines,
    amountLocal: r.amountLocal,
    amountPlatform: null,
    amountFromStatement: r.amountFromStatement,
    deltaAmount: null,
    billStatus: null,
    statementGeneratedAt: NOW,
    statementFetchedAt: NOW,
    billFetchedAt: null,
  };
}

const packagesOutput: CallOutput<'billing.packages'> = {
  subscribed: true,
  fetchedAt: NOW,
  month: '2026-11',
  items: [
    {
      packageId: 'trial-1',
      kind: 'trial',
      quota: 500,
      used: 420,
      remaining: 80,
      usedLocal: 420,
      validFrom: startOfShanghaiDay('2026-09-01'),
      validTo: startOfShanghaiDay('2026-11-20'),
      status: 'active',
      warnings: ['used80', 'expiring'],
      daysToExpiry: 5,
    },
  ],
  refusals: [{ code: '10303', reason: 'exhausted', count: 7 }],
};

const recordsPage: CallOutput<'billing.reconcileRecords'> = {
  totals: { calls: 8_003, successes: 8_000, billable: 8_000 },
  items: [
    {
      seq: 9,
      recordId: 'r9',
      id: 'app-2',
      appId: 'A-app-2',
      appName: null,
      capability: 'verify',
      operator: 'CUCC',
      requestTime: '2026-11-03T10:00:00.000+08:00',
      resultCode: '200',
      success: true,
      outcome: 'mismatch',
      carrierCode: null,
      description: '成功',
      carrierMeaning: null,
      carrierMeaningEn: null,
      maskedPhone: '138****0000',
      authType: null,
      clientIp: null,
      traceId: 't9',
      billable: true,
    },
  ],
  next: null,
};

function answer(name: string): Promise<unknown> {
  switch (name) {
    case 'billing.month':
      return Promise.resolve(billOutput());
    case 'billing.reconcile':
      return Promise.resolve(reconOutput());
    case 'billing.packages':
      return Promise.resolve(packagesOutput);
    case 'billing.reconcileRecords':
      return Promise.resolve(recordsPage);
    case 'billing.export':
      return Promise.resolve({ delivery: 'download', url: '/files/abc', filename: 'onetap-bill-2026-11.csv' });
    case 'billing.statementPdf':
      return Promise.resolve({ delivery: 'download', url: '/files/pdf1', filename: 'onetap-statement-2026-11.pdf' });
    default:
      return Promise.reject(new Error(`unexpected call ${name}`));
  }
}

async function mountView(path = '/billing?month=2026-11') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/billing', component: BillingView }] });
  await router.push(path);
  await router.isReady();
  const Root = defineComponent(() => () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(BillingView))));
  const wrapper = mount(Root, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** Which elements the view scrolled into view (happy-dom does not scroll). */
function recordScrolls(): { scrolled: Element[]; restore: () => void } {
  const scrolled: Element[] = [];
  const orig = Element.prototype.scrollIntoView;
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this);
  };
  return { scrolled, restore: () => (Element.prototype.scrollIntoView = orig) };
}

describe('BillingView', () => {
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation((name: string) => answer(name));
    applyLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it('shows the bill, the forecast, allocation, packages with warnings and refusals', async () => {
    const w = await mountView();
    expect(call).toHaveBeenCalledWith('billing.month', { month: '2026-11' });
    expect(w.find('[data-testid="bill-billable"]').text()).toBe('20,000');
    expect(w.find('[data-testid="bill-amount"]').text()).toBe('¥500.00');
    expect(w.find('[data-testid="bill-forecast"]').text()).toContain('预计');
    const apps = w.find('[data-testid="allocation-apps"]').text();
    expect(apps).toContain('<b>商城</b>'); // shown as text, never as markup
    expect(apps).toContain('¥300.00');
    const alerts = w.findAll('[data-testid="package-alert"]').map((a) => a.text());
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toContain('5 天内到期');
    const refusals = w.find('[data-testid="package-refusals"]').text();
    expect(refusals).toContain('10303');
    expect(refusals).toContain('资源包已用尽');
    w.unmount();
  });

  it('lists reconciliation differences highlighted and drills into their records', async () => {
    const w = await mountView();
    expect(w.find('[data-testid="recon-status"]').text()).toBe('不一致');
    const rows = w.findAll('[data-testid="recon-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.classes()).toContain('recon-row--over');
    expect(rows[0]!.text()).toContain('+10');
    expect(rows[0]!.text()).toContain('+¥0.240');
    await w.find('[data-testid="recon-drill"]').trigger('click');
    await flushPromises();
    expect(call).toHaveBeenCalledWith('billing.reconcileRecords', { date: '2026-11-03', id: 'app-2', capability: 'verify', operator: 'CUCC', limit: 100 });
    const drawer = document.body.querySelector('[data-testid="drill-table"]');
    expect(drawer?.textContent).toContain('138****0000');
    w.unmount();
  });

  it('prices what-ifs with the shared engine, progressive against all-units', async () => {
    const w = await mountView();
    expect(w.find('[data-testid="what-if-amount"]').text()).toBe('¥500.00');
    expect(w.find('[data-testid="what-if-all-units"]').text()).toBe('¥480.00');
    const input = w.find('[data-testid="what-if-calls"] input');
    await input.setValue('10001');
    await input.trigger('blur');
    await flushPromises();
    expect(w.find('[data-testid="what-if-amount"]').text()).toBe('¥260.02');
    w.unmount();
  });

  it('downloads exports and the PDF statement in browser mode (the page is never printed)', async () => {
    const clicked: string[] = [];
    const orig = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(`${this.getAttribute('href')} ${this.download}`);
    };
    const print = vi.fn();
    window.print = print;
    try {
      const w = await mountView();
      const { useBillingStore } = await import('../../stores/billing');
      await useBillingStore().exportFile({ kind: 'bill', format: 'csv', locale: 'zh-CN' });
      expect(call).toHaveBeenCalledWith('billing.export', { month: '2026-11', kind: 'bill', format: 'csv', locale: 'zh-CN' });
      expect(clicked).toEqual(['/files/abc onetap-bill-2026-11.csv']);
      await w.find('[data-testid="billing-statement"]').trigger('click');
      await flushPromises();
      expect(call).toHaveBeenCalledWith('billing.statementPdf', { month: '2026-11', locale: 'zh-CN' });
      expect(clicked).toEqual(['/files/abc onetap-bill-2026-11.csv', '/files/pdf1 onetap-statement-2026-11.pdf']);
      expect(print).not.toHaveBeenCalled();
      expect(w.find('[data-testid="error-banner"]').exists()).toBe(false);
      w.unmount();
    } finally {
      HTMLAnchorElement.prototype.click = orig;
    }
  });

  it('shows the tier table that adds up to the bill, and bill fields by name', async () => {
    const w = await mountView();
    const table = w.find('[data-testid="tier-table"]');
    const rows = table.findAll('tr[data-tier]');
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.find('[data-col="count"]').text())).toEqual(['10,000', '10,000', '0', '0']);
    expect(rows.map((r) => r.find('[data-col="amount"]').text())).toEqual(['260.000', '240.000', '0.000', '0.000']);
    expect(table.find('[data-col="charged"]').text()).toBe('20,000');
    expect(table.find('[data-col="exact"]').text()).toBe('500.000');
    expect(table.find('[data-col="payable"]').text()).toBe('¥500.00');
    expect(w.find('[data-testid="tier-table-forecast"]').exists()).toBe(true); // the open month's forecast
    const fields = w.find('[data-testid="recon-bill-differences"]').text();
    expect(fields).toContain('计费次数');
    expect(fields).toContain('第 2 档次数');
    expect(fields).not.toContain('tiers.1.count');
    w.unmount();
  });

  it('says there is no basis instead of showing ¥0', async () => {
    call.mockImplementation((name: string) =>
      name === 'billing.month' ? Promise.resolve({ ...billOutput(), basis: 'none', calls: 0, charged: 0, amount: '0.00', dataAsOf: null }) : answer(name),
    );
    const w = await mountView();
    expect(w.find('[data-testid="bill-amount"]').text()).toBe('无计费依据');
    expect(w.find('[data-testid="bill-no-basis"]').exists()).toBe(true);
    w.unmount();
  });

  it('starts the what-if from the month on screen and follows it to another month', async () => {
    const october = (): CallOutput<'billing.month'> => {
      const b = computeMonthBill({ month: '2026-10', lines: [line('2026-10-05', 'app-1', 'login', 'CMCC', 60_000)] });
      return { ...billOutput(), ...publicQuote(b), month: '2026-10', status: 'closed', forecast: null, days: b.days, position: b.position };
    };
    call.mockImplementation((name: string, input: { month?: string }) =>
      name === 'billing.month' && input.month === '2026-10' ? Promise.resolve(october()) : answer(name),
    );
    const w = await mountView();
    expect(w.find('[data-testid="what-if-amount"]').text()).toBe('¥500.00');
    const { useBillingStore } = await import('../../stores/billing');
    await useBillingStore().load('2026-10');
    await flushPromises();
    // 60,000 calls: 10,000 × 0.026 + 40,000 × 0.024 + 10,000 × 0.021 = 1,430.00
    expect(w.find('[data-testid="bill-amount"]').text()).toBe('¥1,430.00');
    expect(w.find('[data-testid="what-if-amount"]').text()).toBe('¥1,430.00');
    expect(w.find('[data-testid="tier-table-forecast"]').exists()).toBe(false);
    w.unmount();
  });

  it("lands on the package an alert's link names: the packages card in view, its row marked and focused", async () => {
    const { scrolled, restore } = recordScrolls();
    call.mockImplementation((name: string) =>
      name === 'billing.packages'
        ? Promise.resolve({
            ...packagesOutput,
            items: [...packagesOutput.items, { ...packagesOutput.items[0]!, packageId: 'pay-2', kind: 'commercial', warnings: [] }],
          })
        : answer(name),
    );
    try {
      // The link as the main process makes it (account-rules.ts) through alertLocation: no month, the current one.
      const { alertLocation } = await import('../Alerts/alert-link');
      const loc = alertLocation({ view: 'billing', query: { tab: 'packages', package: 'pay-2' } }) as { path: string; query: Record<string, string> };
      const w = await mountView(`${loc.path}?${new URLSearchParams(loc.query).toString()}`);
      const rows = w.findAll('[data-testid="package-row"]');
      expect(rows.map((r) => r.attributes('data-package'))).toEqual(['trial-1', 'pay-2']);
      const marked = w.findAll('[data-selected="true"]');
      expect(marked).toHaveLength(1);
      expect(marked[0]!.attributes('data-package')).toBe('pay-2');
      expect(marked[0]!.attributes('aria-current')).toBe('true');
      expect(marked[0]!.attributes('tabindex')).toBe('0');
      expect(marked[0]!.classes()).toContain('packages__row--selected');
      expect(rows[0]!.attributes('data-selected')).toBeUndefined();
      expect(scrolled).toEqual([marked[0]!.element]);
      expect(document.activeElement).toBe(marked[0]!.element);
      w.unmount();
    } finally {
      restore();
    }
  });

  it('marks nothing and moves nowhere for a package the account does not have', async () => {
    const { scrolled, restore } = recordScrolls();
    try {
      const w = await mountView('/billing?month=2026-11&package=gone-9');
      expect(w.findAll('[data-testid="package-row"]')).toHaveLength(1);
      expect(w.find('[data-selected="true"]').exists()).toBe(false);
      expect(scrolled).toEqual([]);
      expect(w.find('[data-testid="error-banner"]').exists()).toBe(false);
      w.unmount();
      // ?tab=packages alone still brings the packages card into view.
      const w2 = await mountView('/billing?month=2026-11&tab=packages&package=gone-9');
      expect(w2.find('[data-selected="true"]').exists()).toBe(false);
      expect(scrolled).toEqual([w2.find('[data-testid="package-card"]').element]);
      w2.unmount();
    } finally {
      restore();
    }
  });

  it('shows a failed load with a retry', async () => {
    call.mockImplementation((name: string) => (name === 'billing.month' ? Promise.reject(new ApiError('INTERNAL', 'boom')) : answer(name)));
    const w = await mountView();
    expect(w.find('[data-testid="error-banner"]').attributes('data-error-code')).toBe('INTERNAL');
    w.unmount();
  });
});
