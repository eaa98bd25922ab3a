// Routes of the 'settings' area. Add child or detail routes here (e.g. '/settings/:id'); the router
// mounts every area's list, and the sidebar highlights 'settings' for any path under '/settings'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/settings',
    name: 'settings',
    component: () => import('./SettingsView.vue'),
    meta: { titleKey: 'common.nav.settings' },
  },
];

export default routes;
