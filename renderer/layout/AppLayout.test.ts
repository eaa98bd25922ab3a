// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { NConfigProvider, NDialogProvider, NLoadingBarProvider, NMessageProvider } from 'naive-ui';
import { settingsSchema } from '../../shared/contract/settings';

const call = vi.fn();
vi.mock('../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { default: AppLayout } = await import('./AppLayout.vue');
const { routes } = await import('../router');
const { applyLocale, i18n } = await import('../i18n');
const { useSettingsStore } = await import('../stores/settings');
const { navLeaves } = await import('./nav');

const workspaceList = {
  activeId: 'demo',
  items: [
    {
      id: 'demo',
      name: '演示工作区',
      kind: 'demo',
      endpoint: null,
      accessKey: null,
      active: true,
      secretStored: false,
      secretAvailable: true,
      role: null,
      fromFlags: false,
      demoRole: null,
      createdAt: 0,
      updatedAt: 0,
    },
  ],
  secretStorage: { kind: 'memory', persistent: false, warning: null },
};

async function mountShell(path = '/dashboard') {
  const pinia = createPinia();
  setActivePinia(pinia);
  // The real paths and titles, with the views stubbed: this tests the frame, not the areas.
  const Stub = defineComponent(() => () => h('div', { class: 'stub-view' }));
  const stubbed = routes.map((r) => ('component' in r && r.component ? { ...r, component: Stub } : r)) as RouteRecordRaw[];
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed });
  await router.push(path);
  const Root = defineComponent(
    () => () =>
      h(NConfigProvider, null, () =>
        h(NLoadingBarProvider, null, () =>
          h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(AppLayout, null, () => h('div', { class: 'page-slot' }, 'page')))),
        ),
      ),
  );
  const wrapper = mount(Root, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('AppLayout', () => {
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation((name: string, input: object) => {
      if (name === 'settings.set') return Promise.resolve({ ...settingsSchema.parse({}), ...input });
      if (name === 'workspaces.list') return Promise.resolve(workspaceList);
      return Promise.reject(new Error(`unexpected ${name}`));
    });
    applyLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it('shows every area in the sidebar as a link, in zh-CN by default', async () => {
    const { wrapper } = await mountShell();
    const labels = Object.fromEntries(wrapper.findAll('[data-nav]').map((a) => [a.attributes('data-nav'), a.text()]));
    expect(labels).toEqual({
      dashboard: '首页',
      apps: '应用管理',
      records: '记录查询',
      codes: '返回码字典',
      statistics: '认证统计',
      billing: '账单',
      audit: '审计导出',
      toolkit: '签名调试',
      settings: '设置',
    });
    expect(wrapper.text()).toContain('认证记录');
    expect(wrapper.find('.page-slot').exists()).toBe(true);
    wrapper.unmount();
  });

  it('navigates when an item is clicked and marks it as current', async () => {
    const { wrapper, router } = await mountShell();
    for (const item of navLeaves()) {
      await wrapper.find(`[data-nav="${item.key}"]`).trigger('click');
      await flushPromises();
      expect(router.currentRoute.value.path).toBe(item.to);
      const selected = wrapper.find('.n-menu-item-content--selected [data-nav]');
      expect(selected.attributes('data-nav')).toBe(item.key);
    }
    wrapper.unmount();
  });

  it('reopens an area where the user left it, query included', async () => {
    const { wrapper, router } = await mountShell('/records?status=fail');
    await router.push('/billing');
    await flushPromises();
    expect(wrapper.find('[data-nav="records"]').attributes('href')).toBe('/records?status=fail');
    wrapper.unmount();
  });

  it('shows the page title in the header and switches language', async () => {
    const { wrapper } = await mountShell('/codes');
    const header = wrapper.find('[data-testid="app-header"]');
    expect(header.text()).toContain('认证记录');
    expect(header.text()).toContain('返回码字典');
    expect(document.title).toBe('返回码字典 · OneTap 控制台');
    applyLocale('en-US');
    await nextTick();
    expect(wrapper.find('[data-nav="codes"]').text()).toBe('Return codes');
    expect(header.text()).toContain('Auth records');
    expect(document.documentElement.lang).toBe('en-US');
    wrapper.unmount();
  });

  it('shows the active workspace in the header', async () => {
    const { wrapper } = await mountShell();
    const ws = wrapper.find('[data-testid="workspace-name"]');
    expect(ws.text()).toBe('演示工作区');
    expect(ws.attributes('data-kind')).toBe('demo');
    wrapper.unmount();
  });

  it('saves the language chosen in the header', async () => {
    const { wrapper } = await mountShell();
    const store = useSettingsStore();
    await wrapper.find('[data-testid="language-toggle"]').trigger('click');
    await flushPromises();
    const english = document.body.querySelector<HTMLElement>('[data-locale="en-US"]');
    expect(english).not.toBeNull();
    english!.click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('settings.set', { locale: 'en-US' });
    expect(store.locale).toBe('en-US');
    wrapper.unmount();
  });

  it('draws no error bar when the menu item of the page already shown is clicked (a duplicated navigation is no error)', async () => {
    const { wrapper, router } = await mountShell('/dashboard');
    await router.push('/dashboard');
    await flushPromises();
    await nextTick();
    expect(document.querySelector('.n-loading-bar--error')).toBeNull();
    wrapper.unmount();
  });
});
