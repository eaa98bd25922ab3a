// Routes of the 'dashboard' area. Add child or detail routes here (e.g. '/dashboard/:id'); the router
// mounts every area's list, and the sidebar highlights 'dashboard' for any path under '/dashboard'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./DashboardView.vue'),
    meta: { titleKey: 'common.nav.dashboard' },
  },
  {
    path: '/dashboard/all',
    name: 'dashboard-all',
    component: () => import('./AllWorkspacesView.vue'),
    meta: { titleKey: 'providers.overview.title' },
  },
];

export default routes;
