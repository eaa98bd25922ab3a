// Routes of the 'codes' area. Add child or detail routes here (e.g. '/codes/:id'); the router
// mounts every area's list, and the sidebar highlights 'codes' for any path under '/codes'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/codes',
    name: 'codes',
    component: () => import('./CodesView.vue'),
    meta: { titleKey: 'common.nav.codes' },
  },
];

export default routes;
