// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';

type Module = typeof import('./after-first-view');

/** A fresh module (its promise is the page's: one per test) with requestIdleCallback under the test's control. */
async function fresh(): Promise<{ mod: Module; idle: ReturnType<typeof vi.fn> }> {
  vi.resetModules();
  const idle = vi.fn();
  vi.stubGlobal('requestIdleCallback', idle);
  return { mod: await import('./after-first-view'), idle };
}

const probe = (mod: Module) =>
  defineComponent(() => {
    const ready = mod.useAfterFirstView();
    return () => h('div', ready.value ? 'extras' : 'first view');
  });

describe('useAfterFirstView', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('is false until the page was first idle, then true; one idle request for the whole page', async () => {
    const { mod, idle } = await fresh();
    const first = mount(probe(mod));
    await flushPromises();
    expect(first.text()).toBe('first view');
    expect(idle).toHaveBeenCalledTimes(1);
    expect(idle.mock.calls[0]![1]).toEqual({ timeout: mod.AFTER_FIRST_VIEW_MAX_MS });

    (idle.mock.calls[0]![0] as () => void)();
    await flushPromises();
    expect(first.text()).toBe('extras');

    // A component mounted later (a view opened again) draws them in its first render, asking for nothing.
    const later = mount(probe(mod));
    expect(later.text()).toBe('extras');
    expect(idle).toHaveBeenCalledTimes(1);
  });

  it('without requestIdleCallback, after the current task', async () => {
    vi.resetModules();
    vi.stubGlobal('requestIdleCallback', undefined);
    const mod = await import('./after-first-view');
    const wrapper = mount(probe(mod));
    expect(wrapper.text()).toBe('first view');
    await new Promise((r) => setTimeout(r, 0));
    await flushPromises();
    expect(wrapper.text()).toBe('extras');
    expect(mount(probe(mod)).text()).toBe('extras');
  });
});
