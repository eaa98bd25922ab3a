// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';

describe('LazyErrorBanner', () => {
  afterEach(() => {
    vi.doUnmock('./ErrorBanner.vue');
    vi.unstubAllGlobals();
  });

  it("fetches the banner's code at the page's first idle moment, before any error asks for it", async () => {
    vi.resetModules();
    const idle = vi.fn();
    vi.stubGlobal('requestIdleCallback', idle);
    const fetched = vi.fn();
    vi.doMock('./ErrorBanner.vue', () => {
      fetched();
      return { default: { name: 'ErrorBanner', render: () => null } };
    });
    await import('./lazy-error-banner');
    await flushPromises();
    expect(fetched).not.toHaveBeenCalled();
    expect(idle).toHaveBeenCalledTimes(1);

    (idle.mock.calls[0]![0] as () => void)();
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
  });
});
