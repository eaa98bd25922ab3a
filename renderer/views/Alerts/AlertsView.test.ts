// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { NConfigProvider, NMessageProvider, NSelect } from 'naive-ui';
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
