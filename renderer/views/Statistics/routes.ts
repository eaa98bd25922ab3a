// Routes of the 'statistics' area. Add child or detail routes here (e.g. '/statistics/:id'); the router
// mounts every area's list, and the sidebar highlights 'statistics' for any path under '/statistics'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/statistics',
    name: 'statistics',
    component: () => import('./StatisticsView.vue'),
    meta: { titleKey: 'common.nav.statistics' },
  },
];

export default routes;
