// Routes of the 'alerts' area: the inbox, with the rules and channels as tabs (?tab=rules|channels).
// The header bell leads here; the sidebar keeps the seven areas.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/alerts',
    name: 'alerts',
    component: () => import('./AlertsView.vue'),
    meta: { titleKey: 'alerts.title' },
  },
];

export default routes;
