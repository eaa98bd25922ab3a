// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { createAppRouter, DEFAULT_VIEW, installLastView, isRestorableView, navKeyOf, routes } from './router';

// The real paths with the views stubbed, so navigation does not load (and compile) every area, and
// without the routes' data prefetches (no api here; the dashboard's has its own test).
const Stub = defineComponent({ render: () => null });
const stubbedRoutes = routes.map((r) => ('component' in r && r.component ? { ...r, component: Stub, beforeEnter: undefined } : r)) as RouteRecordRaw[];

function start(initial: string, lastView: string) {
  const history = createMemoryHistory();
  history.replace(initial);
  const router = createRouter({ history, routes: stubbedRoutes });
  const remember = vi.fn();
  installLastView(router, { lastView: () => lastView, remember });
  return { router, remember };
}

describe('router', () => {
  it('mounts a route for every area', () => {
    const router = createAppRouter(createMemoryHistory());
    for (const path of ['/dashboard', '/apps', '/records', '/statistics', '/codes', '/billing', '/audit', '/settings']) {
      const r = router.resolve(path);
      expect(r.name, path).toBe(path.slice(1));
      expect(r.meta.titleKey, path).toMatch(/^common\.nav\./);
    }
  });

  it('reopens the last view, query included, when the console starts on its bare address', async () => {
    const { router } = start('/', '/records?status=fail&page=3');
    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe('/records?status=fail&page=3');
  });

  it('falls back to the dashboard when the remembered view no longer exists', async () => {
    const { router } = start('/', '/no-such-area');
    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe(DEFAULT_VIEW);
  });

  it('keeps an address the user asked for instead of the last view', async () => {
    const { router } = start('/billing', '/records');
    await router.push('/billing');
    expect(router.currentRoute.value.fullPath).toBe('/billing');
  });

  it('reports each view opened, but not unknown addresses', async () => {
    const { router, remember } = start('/', '/dashboard');
    await router.push('/');
    await router.push('/statistics?from=2026-11-01');
    await router.push('/nowhere');
    expect(remember.mock.calls.map((c) => c[0])).toEqual(['/dashboard', '/statistics?from=2026-11-01']);
  });

  it('knows which views can be restored and which sidebar item a path belongs to', () => {
    const router = createAppRouter(createMemoryHistory());
    expect(isRestorableView(router, '/apps')).toBe(true);
    expect(isRestorableView(router, '/')).toBe(false);
    expect(isRestorableView(router, 'apps')).toBe(false);
    expect(isRestorableView(router, '/x/y')).toBe(false);
    expect(navKeyOf({ path: '/apps/42/edit', meta: {} })).toBe('apps');
    expect(navKeyOf({ path: '/x', meta: { nav: 'records' } })).toBe('records');
  });
});
