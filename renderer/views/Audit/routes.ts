// Routes of the 'audit' area. Add child or detail routes here (e.g. '/audit/:id'); the router
// mounts every area's list, and the sidebar highlights 'audit' for any path under '/audit'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./AuditView.vue'),
    meta: { titleKey: 'common.nav.audit' },
  },
];

export default routes;
