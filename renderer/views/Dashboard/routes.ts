// Routes of the 'dashboard' area. Add child or detail routes here (e.g. '/dashboard/:id'); the router
// mounts every area's list, and the sidebar highlights 'dashboard' for any path under '/dashboard'.
import type { RouteRecordRaw } from 'vue-router';
import { chartAppOf, useDashboardStore } from '../../stores/dashboard';
import { preloadLineCharts } from '../../charts/lazy-chart';
import { prepareFormatters } from '../../composables/useFormatters';
import { useSettingsStore } from '../../stores/settings';

/** Runs `work` when the page is next idle (the data still on its way), at the latest after `ms`. */
function whenIdle(work: () => void, ms = 300): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: ms });
  else setTimeout(work, 0);
}

const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./DashboardView.vue'),
    meta: { titleKey: 'common.nav.dashboard' },
    // The summary and ECharts start downloading with the view's code, not after the view mounted:
    // the first screen is three downloads side by side instead of one after another.
    beforeEnter: (to) => {
      useDashboardStore().prefetch(chartAppOf(to.query));
      preloadLineCharts();
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
