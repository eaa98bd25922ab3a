// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { NConfigProvider, NDropdown, NMessageProvider, NSelect } from 'naive-ui';
import type { Alert } from '../../../shared/contract/alerts';
import type { AppOption } from '../../../shared/contract/records';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined }, isElectron: false }));
const { default: AlertsView } = await import('./AlertsView.vue');
const { i18n, applyLocale } = await import('../../i18n');

const apps: AppOption[] = [
  { id: 'app-1', appId: 'A1001', name: '商城', status: 'active' },
  { id: 'app-2', appId: 'A1002', name: '钱包', status: 'active' },
  { id: 'app-9', appId: null, name: '旧应用', status: 'deleted' },
];

const inboxQueries = () => call.mock.calls.filter(([name]) => name === 'alerts.inbox').map(([, input]) => input as Record<string, unknown>);

async function mountAlerts() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/alerts', component: AlertsView }] });
  await router.push('/alerts');
  const Root = defineComponent(() => () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(AlertsView))));
  const wrapper = mount(Root, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

// naive-ui's menu lists its options in a virtual list, which happy-dom (no layout) leaves empty: the
// test reads the options the select is given and chooses as the select reports a choice.
function select(w: VueWrapper, testid: string) {
  const found = w.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === testid);
  expect(found, testid).toBeDefined();
  return found!;
}
const optionLabels = (w: VueWrapper, testid: string) => (select(w, testid).props('options') as { label: string }[]).map((o) => o.label);

async function choose(w: VueWrapper, testid: string, label: string): Promise<void> {
  const option = (select(w, testid).props('options') as { value: string; label: string }[]).find((o) => o.label === label);
  expect(option, label).toBeDefined();
  select(w, testid).vm.$emit('update:value', option!.value, option);
  await flushPromises();
}

describe('AlertsView inbox filters', () => {
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation(async (name: string) => {
      if (name === 'alerts.inbox') return { items: [], total: 0, counts: { open: 0, attention: 0 } };
      if (name === 'records.apps') return apps;
      throw new Error(`unexpected ${name}`);
    });
    applyLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it("lists the workspace's apps and the operators, and sends the chosen ones in the inbox query", async () => {
    const w = await mountAlerts();
    expect(inboxQueries()).toEqual([{ state: 'all', limit: 200 }]);
    expect(w.find('[data-testid="alerts-filter-app"]').text()).toContain('全部应用');
    expect(w.find('[data-testid="alerts-filter-operator"]').text()).toContain('全部运营商');

    expect(optionLabels(w, 'alerts-filter-app')).toEqual(['商城 · A1001', '钱包 · A1002', '旧应用 （已删除）']);
    await choose(w, 'alerts-filter-app', '钱包 · A1002');
    // Alerts name an app by its internal id (their scope), not its AppId.
    expect(inboxQueries().at(-1)).toEqual({ state: 'all', app: 'app-2', limit: 200 });

    expect(optionLabels(w, 'alerts-filter-operator')).toEqual(['中国移动', '中国电信', '中国联通']);
    await choose(w, 'alerts-filter-operator', '中国联通');
    expect(inboxQueries().at(-1)).toEqual({ state: 'all', app: 'app-2', operator: 'CUCC', limit: 200 });
    expect(inboxQueries()).toHaveLength(3);
    // Cleared: the query no longer names the app.
    select(w, 'alerts-filter-app').vm.$emit('update:value', null, null);
    await flushPromises();
    expect(inboxQueries().at(-1)).toEqual({ state: 'all', operator: 'CUCC', limit: 200 });
    w.unmount();
  });

  it('shows the filters in English', async () => {
    applyLocale('en-US');
    const w = await mountAlerts();
    expect(w.find('[data-testid="alerts-filter-app"]').text()).toContain('All apps');
    expect(w.find('[data-testid="alerts-filter-operator"]').text()).toContain('All operators');
    expect(optionLabels(w, 'alerts-filter-operator')).toEqual(['China Mobile', 'China Telecom', 'China Unicom']);
    w.unmount();
  });
});

describe('AlertsView snooze', () => {
  const open: Alert = {
    id: 7,
    rule: 'packageUsage',
    scope: {},
    subject: { packageId: 'PKG-1' },
    state: 'open',
    since: Date.parse('2026-12-06T09:00:00+08:00'),
    resolvedAt: null,
    durationMs: null,
    lastNotifiedAt: null,
    notifications: 1,
    detail: 'package PKG-1 at 90.0% used: 90/100, 10 left',
    numbers: { used: 90, quota: 100, remaining: 10 },
    topCodes: [],
    acknowledgedAt: null,
    snoozedUntil: null,
    link: { view: 'billing', query: { tab: 'packages', package: 'PKG-1' } },
    deliveries: [],
  };
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation(async (name: string, input: unknown) => {
      if (name === 'alerts.inbox') return { items: [open], total: 1, counts: { open: 1, attention: 1 } };
      if (name === 'records.apps') return apps;
      if (name === 'alerts.snooze') return { ...open, snoozedUntil: Date.now() + (input as { minutes: number }).minutes * 60_000 };
      throw new Error(`unexpected ${name}`);
    });
    applyLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it('offers 30 minutes to 24 hours, and snoozes for the one chosen', async () => {
    const w = await mountAlerts();
    const button = w.find('[data-testid="alert-snooze"]');
    expect(button.text()).toBe('暂停提醒');
    // The dropdown is made on the first click (DeferredPopover), shown.
    await button.trigger('click');
    await flushPromises();
    const menu = w.findComponent(NDropdown);
    expect(menu.props('show')).toBe(true);
    expect((menu.props('options') as { key: number; label: string }[]).map((o) => [o.key, o.label])).toEqual([
      [30, '30 分钟'],
      [60, '1 小时'],
      [240, '4 小时'],
      [1440, '24 小时'],
    ]);
    menu.vm.$emit('select', 240, { key: 240 });
    await flushPromises();
    expect(call.mock.calls.filter(([name]) => name === 'alerts.snooze').map(([, input]) => input)).toEqual([{ id: 7, minutes: 240 }]);
    w.unmount();
  });
});
