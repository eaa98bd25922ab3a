/**
 * The renderer's routes. Each area owns `views/<Area>/routes.ts` (its list and any detail or
 * child routes) and this file only mounts them, so an area grows without touching the shell.
 * Hash history: the same build runs from a file (Electron) and over HTTP (browser mode).
 */
import { createRouter, createWebHashHistory, START_LOCATION, type Router, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import dashboardRoutes from './views/Dashboard/routes';
import appsRoutes from './views/Apps/routes';
import recordsRoutes from './views/Records/routes';
import statisticsRoutes from './views/Statistics/routes';
import codesRoutes from './views/Codes/routes';
import billingRoutes from './views/Billing/routes';
import auditRoutes from './views/Audit/routes';
import settingsRoutes from './views/Settings/routes';
import alertsRoutes from './views/Alerts/routes';
import toolkitRoutes from './views/Toolkit/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, shown in the header and the window title. */
    titleKey?: string;
    /** Sidebar item to highlight; by default the first path segment ('/apps/42' → 'apps'). */
    nav?: string;
  }
}

export const DEFAULT_VIEW = '/dashboard';
export const NOT_FOUND = 'not-found';

export const areaRoutes: RouteRecordRaw[] = [
  ...dashboardRoutes,
  ...appsRoutes,
  ...recordsRoutes,
  ...statisticsRoutes,
  ...codesRoutes,
  ...billingRoutes,
  ...auditRoutes,
  ...toolkitRoutes,
  ...settingsRoutes,
  ...alertsRoutes,
];

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: DEFAULT_VIEW },
  ...areaRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: NOT_FOUND,
    component: () => import('./layout/NotFoundView.vue'),
    meta: { titleKey: 'common.notFound.title' },
  },
];

export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  return createRouter({ history, routes });
}

/** A remembered path is reopened only if it still names a real view. */
export function isRestorableView(router: Router, fullPath: string): boolean {
  if (!fullPath.startsWith('/')) return false;
  const r = router.resolve(fullPath);
  return r.matched.length > 0 && r.name !== NOT_FOUND && r.path !== '/';
}

/**
 * Reopens the last view when the console starts on its bare address, and reports every view
 * the user opens (path plus query, where filters live) so it can be remembered.
 */
export function installLastView(router: Router, opts: { lastView: () => string; remember: (fullPath: string) => void }): void {
  router.beforeEach((to, from) => {
    // '/' redirects to the default view before guards run, so look at where the start came from.
    const bare = to.path === '/' || to.redirectedFrom?.path === '/';
    if (from === START_LOCATION && bare) {
      const last = opts.lastView();
      if (last !== to.fullPath && isRestorableView(router, last)) return last;
    }
    return true;
  });
  router.afterEach((to, _from, failure) => {
    if (!failure && to.name !== NOT_FOUND) opts.remember(to.fullPath);
  });
}

/** The sidebar key of a route. */
export function navKeyOf(route: { path: string; meta: { nav?: string } }): string {
  return route.meta.nav ?? route.path.split('/')[1] ?? '';
}
