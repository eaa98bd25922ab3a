// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError } from '../../shared/contract/errors';
import { settingsSchema, type Settings } from '../../shared/contract/settings';

const call = vi.fn();
vi.mock('../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { useSettingsStore, LAST_VIEW_SAVE_DELAY_MS } = await import('./settings');

const saved = (over: Partial<Settings> = {}): Settings => ({ ...settingsSchema.parse({}), ...over });

/** A promise with its resolve/reject in hand, to answer calls in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('settings store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    call.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('starts from the contract defaults and loads the saved settings', async () => {
    const store = useSettingsStore();
    expect(store.locale).toBe('zh-CN');
    expect(store.loaded).toBe(false);
    call.mockResolvedValueOnce(saved({ locale: 'en-US', theme: 'dark' }));
    await store.load();
    expect(call).toHaveBeenCalledWith('settings.get', {});
    expect(store.loaded).toBe(true);
    expect(store.locale).toBe('en-US');
    expect(store.effectiveTheme).toBe('dark');
  });

  it('keeps the defaults and records the error when loading fails', async () => {
    const store = useSettingsStore();
    call.mockRejectedValueOnce(new ApiError('UNAUTHORIZED', 'no token'));
    await store.load();
    expect(store.loaded).toBe(false);
    expect(store.locale).toBe('zh-CN');
    expect((store.error as ApiError).code).toBe('UNAUTHORIZED');
  });

  it('shows a change at once and then takes the saved copy', async () => {
    const store = useSettingsStore();
    const answer = deferred<Settings>();
    call.mockReturnValueOnce(answer.promise);
    const done = store.update({ theme: 'light' });
    expect(store.themePref).toBe('light');
    expect(call).toHaveBeenCalledWith('settings.set', { theme: 'light' });
    answer.resolve(saved({ theme: 'light', syncIntervalMinutes: 30 }));
    await done;
    expect(store.settings.syncIntervalMinutes).toBe(30);
  });

  it('puts back what a failed change touched, and nothing a newer change set', async () => {
    const store = useSettingsStore();
    const first = deferred<Settings>();
    const second = deferred<Settings>();
    call.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const a = store.update({ theme: 'dark', syncIntervalMinutes: 10 });
    const b = store.update({ locale: 'en-US', syncIntervalMinutes: 20 });
    first.reject(new ApiError('INVALID_INPUT', 'bad'));
    await expect(a).rejects.toThrow('bad');
    expect(store.themePref).toBe('system'); // reverted
    expect(store.settings.syncIntervalMinutes).toBe(20); // the newer change stays
    expect(store.locale).toBe('en-US');
    second.resolve(saved({ locale: 'en-US', syncIntervalMinutes: 20 }));
    await b;
    expect(store.settings).toMatchObject({ locale: 'en-US', theme: 'system', syncIntervalMinutes: 20 });
  });

  it('ignores an older answer that arrives after a newer change', async () => {
    const store = useSettingsStore();
    const first = deferred<Settings>();
    const second = deferred<Settings>();
    call.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const a = store.update({ locale: 'en-US' });
    const b = store.update({ locale: 'zh-CN' });
    second.resolve(saved({ locale: 'zh-CN' }));
    await b;
    first.resolve(saved({ locale: 'en-US' }));
    await a;
    expect(store.locale).toBe('zh-CN');
  });

  it('saves the last view once, after the user stops moving', async () => {
    vi.useFakeTimers();
    const store = useSettingsStore();
    call.mockImplementation((_name: string, patch: Partial<Settings>) => Promise.resolve(saved(patch)));
    store.rememberView('/records?q=1');
    store.rememberView('/records?q=12');
    store.rememberView('/records?q=123');
    expect(call).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(LAST_VIEW_SAVE_DELAY_MS);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call).toHaveBeenCalledWith('settings.set', { lastView: '/records?q=123' });
    store.rememberView('/records?q=123');
    await vi.advanceTimersByTimeAsync(LAST_VIEW_SAVE_DELAY_MS);
    expect(call).toHaveBeenCalledTimes(1); // unchanged: not saved again
  });
});
