// Routes of the 'records' area. Add child or detail routes here (e.g. '/records/:id'); the router
// mounts every area's list, and the sidebar highlights 'records' for any path under '/records'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/records',
    name: 'records',
    component: () => import('./RecordsView.vue'),
    meta: { titleKey: 'common.nav.recordSearch' },
  },
];

export default routes;
