import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, type Router } from 'vue-router';
import { chartAppOf } from '../stores/dashboard';
import { createAppRouter } from '../router';

const started: { name: string; input: unknown }[] = [];
let settingsAnswer: Promise<unknown> = Promise.resolve({ lastView: '/dashboard' });

vi.mock('../api/prefetch', () => ({
  prefetchCall: (name: string, input: unknown) => {
    started.push({ name, input });
    return name === 'settings.get' ? settingsAnswer : Promise.resolve({});
  },
}));

const { dashboardSummaryInput, LAST_LOCALE_KEY, startEarlyCalls } = await import('./early-calls');

const names = () => started.map((s) => s.name);
const loaded: string[] = [];
const loadMessages = (locale: string) => {
  loaded.push(locale);
  return Promise.resolve();
};
/** A browser's localStorage, as the boot script uses it. */
const memoryOf = (entries: Record<string, string> = {}) => {
  const m = new Map(Object.entries(entries));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
};

describe('the boot script starts the first view’s calls', () => {
  beforeEach(() => {
    started.length = 0;
    loaded.length = 0;
    settingsAnswer = Promise.resolve({ lastView: '/dashboard', locale: 'en-US' });
  });

  it('asks for the settings and app info on every page, and the summary when the address names the dashboard', async () => {
    const memory = memoryOf();
    await startEarlyCalls('#/dashboard?app=app_7', loadMessages, memory);
    expect(started).toEqual([
      { name: 'settings.get', input: {} },
      { name: 'app.info', input: {} },
      { name: 'dashboard.summary', input: { app: 'app_7' } },
    ]);
    // First visit: the default language's messages at once, then the settings' other language.
    expect(loaded).toEqual(['zh-CN', 'en-US']);
    expect(memory.map.get(LAST_LOCALE_KEY)).toBe('en-US');
  });

  it('reads the remembered language only once the calls have left (storage costs the page a wait for the browser)', async () => {
    const memory = memoryOf({ [LAST_LOCALE_KEY]: 'en-US' });
    let leftBeforeRead: string[] | null = null;
    const watched = { ...memory, getItem: (k: string) => ((leftBeforeRead ??= names()), memory.getItem(k)) };
    await startEarlyCalls('', loadMessages, watched);
    expect(leftBeforeRead).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
    expect(loaded).toEqual(['en-US']);
  });

  it('starts the messages of the language remembered from the last settings before the settings answer', async () => {
    let answer: (v: unknown) => void = () => undefined;
    settingsAnswer = new Promise((r) => (answer = r));
    const memory = memoryOf({ [LAST_LOCALE_KEY]: 'en-US' });
    const done = startEarlyCalls('', loadMessages, memory);
    expect(loaded).toEqual(['en-US']);
    answer({ lastView: '/dashboard', locale: 'en-US' });
    await done;
    // The guess was right: nothing more to load.
    expect(loaded).toEqual(['en-US']);

    // Changed since (or a value this page does not know): the settings' language follows, and is remembered.
    loaded.length = 0;
    for (const remembered of ['en-US', 'fr-FR']) {
      const m = memoryOf({ [LAST_LOCALE_KEY]: remembered });
      settingsAnswer = Promise.resolve({ lastView: '/dashboard', locale: 'zh-CN' });
      await startEarlyCalls('', loadMessages, m);
      expect(m.map.get(LAST_LOCALE_KEY)).toBe('zh-CN');
    }
    expect(loaded).toEqual(['en-US', 'zh-CN', 'zh-CN']);
  });

  it('guesses the default language where storage is refused', async () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    await startEarlyCalls('', loadMessages, refusing);
    await startEarlyCalls('', loadMessages, null);
    expect(loaded).toEqual(['zh-CN', 'en-US', 'zh-CN', 'en-US']);
  });

  it('on a bare address, asks for the default view’s summary at once, and another app’s if that was remembered', async () => {
    await startEarlyCalls('', loadMessages, memoryOf());
    expect(started).toEqual([
      { name: 'settings.get', input: {} },
      { name: 'app.info', input: {} },
      { name: 'dashboard.summary', input: {} },
    ]);

    started.length = 0;
    settingsAnswer = Promise.resolve({ lastView: '/dashboard?app=x1' });
    await startEarlyCalls('', loadMessages, memoryOf());
    expect(started.slice(2)).toEqual([
      { name: 'dashboard.summary', input: {} },
      { name: 'dashboard.summary', input: { app: 'x1' } },
    ]);

    // Left on another view: the early default summary is the only one (it goes unused).
    started.length = 0;
    settingsAnswer = Promise.resolve({ lastView: '/records?status=fail' });
    await startEarlyCalls('#/', loadMessages, memoryOf());
    expect(names()).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
  });

  it('asks nothing more for another view, nor after settings that cannot be read (no token)', async () => {
    await startEarlyCalls('#/records?app=a', loadMessages, memoryOf());
    expect(names()).toEqual(['settings.get', 'app.info']);
    started.length = 0;
    loaded.length = 0;
    settingsAnswer = Promise.reject(new Error('UNAUTHORIZED'));
    const memory = memoryOf();
    await startEarlyCalls('', loadMessages, memory);
    expect(names()).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
    // Only the guess, started before the answer; nothing is remembered from a refusal.
    expect(loaded).toEqual(['zh-CN']);
    expect(memory.map.size).toBe(0);
  });

  it('reads the dashboard address as the dashboard route does (same summary input the store asks for)', async () => {
    const router: Router = createAppRouter(createMemoryHistory());
    for (const path of [
      '/dashboard',
      '/dashboard/',
      '/dashboard?app=a%20b',
      '/dashboard?app=',
      '/dashboard?app=a&app=b',
      '/dashboard?x=1',
      '/dashboard/all',
      '/records',
      '/dashboardx',
    ]) {
      const r = router.resolve(path);
      const app = r.name === 'dashboard' ? chartAppOf(r.query) : null;
      const expected = r.name === 'dashboard' ? (app ? { app } : {}) : null;
      expect(dashboardSummaryInput(path), path).toEqual(expected);
    }
  });
});
