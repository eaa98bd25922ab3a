// Routes of the 'audit' area. Add child or detail routes here (e.g. '/audit/:id'); the router
// mounts every area's list, and the sidebar highlights 'audit' for any path under '/audit'.
import { defineAsyncComponent, h } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import RecordLevelPage from '../../components/providers/RecordLevelPage.vue';

// A provider without record-level data gets an explanation instead of an empty page.
const view = defineAsyncComponent(() => import('./AuditView.vue'));

const routes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'audit',
    component: { name: 'AuditViewPage', render: () => h(RecordLevelPage, { page: 'audit', view }) },
    meta: { titleKey: 'common.nav.audit' },
  },
];

export default routes;
