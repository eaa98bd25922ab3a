// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { NConfigProvider, NMessageProvider } from 'naive-ui';
import { settingsSchema } from '../../../shared/contract/settings';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { default: SettingsView } = await import('./SettingsView.vue');
const { applyLocale, i18n } = await import('../../i18n');
const { useSettingsStore } = await import('../../stores/settings');
const { useAppStore } = await import('../../stores/app');

async function mountView() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const app = useAppStore();
  app.info = { name: 'onetap-console', version: '9.9.9', mode: 'browser', dataDir: '/data/onetap', platform: 'linux-x64', node: '20.20.0', electron: null };
  const Root = defineComponent(() => () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(SettingsView))));
  const wrapper = mount(Root, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('SettingsView', () => {
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation((name: string, input: object) =>
      name === 'settings.set' ? Promise.resolve({ ...settingsSchema.parse({}), ...input }) : Promise.reject(new Error(name)),
    );
    applyLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it('shows the sections, the workspace panel and what the console is', async () => {
    const w = await mountView();
    expect(w.find('h1').text()).toBe('设置');
    expect(w.find('[data-testid="workspace-settings"]').exists()).toBe(true);
    const about = w.find('[data-testid="settings-about"]').text();
    expect(about).toContain('9.9.9');
    expect(about).toContain('/data/onetap');
    expect(about).toContain('浏览器模式');
    w.unmount();
  });

  it('saves the theme picked', async () => {
    const w = await mountView();
    await w.find('[data-theme-pref="dark"] input').setValue(true);
    await flushPromises();
    expect(call).toHaveBeenCalledWith('settings.set', { theme: 'dark' });
    expect(useSettingsStore().themePref).toBe('dark');
    w.unmount();
  });

  it('saves a valid sync interval when the field is left, and puts back an invalid one', async () => {
    const w = await mountView();
    const input = w.find('[data-testid="settings-sync-interval"] input');
    await input.setValue('30');
    await input.trigger('blur');
    await flushPromises();
    expect(call).toHaveBeenCalledWith('settings.set', { syncIntervalMinutes: 30 });
    expect(useSettingsStore().settings.syncIntervalMinutes).toBe(30);
    call.mockClear();
    await input.setValue('');
    await input.trigger('blur');
    await flushPromises();
    expect(call).not.toHaveBeenCalled();
    w.unmount();
  });
});
