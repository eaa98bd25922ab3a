// Routes of the 'dashboard' area. Add child or detail routes here (e.g. '/dashboard/:id'); the router
// mounts every area's list, and the sidebar highlights 'dashboard' for any path under '/dashboard'.
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import { chartAppOf, useDashboardStore } from '../../stores/dashboard';
import { preloadLineCharts } from '../../charts/lazy-chart';
import { prepareFormatters } from '../../composables/useFormatters';
import { useSettingsStore } from '../../stores/settings';

/** Runs `work` when the page is next idle (the data still on its way), at the latest after `ms`. */
function whenIdle(work: () => void, ms = 300): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: ms });
  else setTimeout(work, 0);
}

/**
 * The code of the view `to` opens, through the route's own loader (one download and evaluation:
 * the browser keeps the module); settled at once when the route holds a component, not a loader.
 */
function viewCode(to: RouteLocationNormalized): Promise<unknown> {
  const view: unknown = to.matched[to.matched.length - 1]?.components?.default;
  return typeof view === 'function' && !('__vccOpts' in view) && !('props' in view) ? Promise.resolve((view as () => unknown)()) : Promise.resolve();
}

const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./DashboardView.vue'),
    meta: { titleKey: 'common.nav.dashboard' },
    // The summary starts with the view's code, not after the view mounted. The line-chart ECharts is
    // imported once the view's code is in (the page opened here has downloaded it already: preloaded
    // in index.html): imported beside the view's code, its evaluation, the larger, ran first, and
    // the shell's first view waited for it before its cards could be drawn.
    beforeEnter: (to) => {
      useDashboardStore().prefetch(chartAppOf(to.query));
      void viewCode(to).then(preloadLineCharts, () => undefined); // the route itself reports a failed load
      const locale = useSettingsStore().locale;
      whenIdle(() => prepareFormatters(locale));
    },
  },
  {
    path: '/dashboard/all',
    name: 'dashboard-all',
    component: () => import('./AllWorkspacesView.vue'),
    meta: { titleKey: 'providers.overview.title' },
  },
];

export default routes;
