// Routes of the 'billing' area. Add child or detail routes here (e.g. '/billing/:id'); the router
// mounts every area's list, and the sidebar highlights 'billing' for any path under '/billing'.
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/billing',
    name: 'billing',
    component: () => import('./BillingView.vue'),
    meta: { titleKey: 'common.nav.billing' },
  },
  {
    path: '/billing/compare',
    name: 'billing-compare',
    component: () => import('./CostComparisonView.vue'),
    meta: { titleKey: 'providers.compare.title' },
  },
  {
    path: '/billing/books',
    name: 'billing-books',
    component: () => import('./PriceBooksView.vue'),
    meta: { titleKey: 'billing.books.title' },
  },
];

export default routes;
