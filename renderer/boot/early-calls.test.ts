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

const { dashboardSummaryInput, startEarlyCalls } = await import('./early-calls');

const names = () => started.map((s) => s.name);
const loaded: string[] = [];
const loadMessages = (locale: string) => {
  loaded.push(locale);
  return Promise.resolve();
};

describe('the boot script starts the first view’s calls', () => {
  beforeEach(() => {
    started.length = 0;
    loaded.length = 0;
    settingsAnswer = Promise.resolve({ lastView: '/dashboard', locale: 'en-US' });
  });

  it('asks for the settings and app info on every page, and the summary when the address names the dashboard', async () => {
    await startEarlyCalls('#/dashboard?app=app_7', loadMessages);
    expect(started).toEqual([
      { name: 'settings.get', input: {} },
      { name: 'app.info', input: {} },
      { name: 'dashboard.summary', input: { app: 'app_7' } },
    ]);
    // The page's language (from the settings) starts loading too.
    expect(loaded).toEqual(['en-US']);
  });

  it('on a bare address, asks for the default view’s summary at once, and another app’s if that was remembered', async () => {
    await startEarlyCalls('', loadMessages);
    expect(started).toEqual([
      { name: 'settings.get', input: {} },
      { name: 'app.info', input: {} },
      { name: 'dashboard.summary', input: {} },
    ]);

    started.length = 0;
    settingsAnswer = Promise.resolve({ lastView: '/dashboard?app=x1' });
    await startEarlyCalls('', loadMessages);
    expect(started.slice(2)).toEqual([
      { name: 'dashboard.summary', input: {} },
      { name: 'dashboard.summary', input: { app: 'x1' } },
    ]);

    // Left on another view: the early default summary is the only one (it goes unused).
    started.length = 0;
    settingsAnswer = Promise.resolve({ lastView: '/records?status=fail' });
    await startEarlyCalls('#/', loadMessages);
    expect(names()).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
  });

  it('asks nothing more for another view, nor after settings that cannot be read (no token)', async () => {
    await startEarlyCalls('#/records?app=a', loadMessages);
    expect(names()).toEqual(['settings.get', 'app.info']);
    started.length = 0;
    loaded.length = 0;
    settingsAnswer = Promise.reject(new Error('UNAUTHORIZED'));
    await startEarlyCalls('', loadMessages);
    expect(names()).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
    expect(loaded).toEqual([]);
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
