// Routes of the 'apps' area: list, review queue, create (and clone with ?from=<id>), detail,
// modify. The sidebar highlights 'apps' for every path under '/apps'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/apps',
    name: 'apps',
    component: () => import('./AppsPage.vue'),
    meta: { titleKey: 'common.nav.apps' },
  },
  {
    path: '/apps/queue',
    name: 'apps-queue',
    component: () => import('./ReviewQueueView.vue'),
    meta: { titleKey: 'apps.titles.queue' },
  },
  {
    path: '/apps/new',
    name: 'apps-create',
    component: () => import('./AppFormView.vue'),
    meta: { titleKey: 'apps.titles.create' },
  },
  {
    path: '/apps/:id',
    name: 'apps-detail',
    component: () => import('./AppDetailView.vue'),
    meta: { titleKey: 'apps.titles.detail' },
  },
  {
    path: '/apps/:id/edit',
    name: 'apps-edit',
    component: () => import('./AppFormView.vue'),
    meta: { titleKey: 'apps.titles.edit' },
  },
];

export default routes;
