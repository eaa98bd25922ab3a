// Routes of the 'records' area. Add child or detail routes here (e.g. '/records/:id'); the router
// mounts every area's list, and the sidebar highlights 'records' for any path under '/records'.
import { defineAsyncComponent, h } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import RecordLevelPage from '../../components/providers/RecordLevelPage.vue';

// A provider without record-level data gets an explanation instead of an empty page.
const view = defineAsyncComponent(() => import('./RecordsView.vue'));

const routes: RouteRecordRaw[] = [
  {
    path: '/records',
    name: 'records',
    component: { name: 'RecordsViewPage', render: () => h(RecordLevelPage, { page: 'records', view }) },
    meta: { titleKey: 'common.nav.recordSearch' },
  },
];

export default routes;
