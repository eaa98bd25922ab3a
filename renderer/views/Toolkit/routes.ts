// Routes of the 'toolkit' area: integration tools for admins (issue 17).
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  { path: '/toolkit', redirect: '/toolkit/signature' },
  {
    path: '/toolkit/signature',
    name: 'toolkit-signature',
    component: () => import('./SignatureDebuggerView.vue'),
    meta: { titleKey: 'common.nav.toolkit', nav: 'toolkit' },
  },
  {
    path: '/toolkit/triage',
    name: 'toolkit-triage',
    component: () => import('./TriageView.vue'),
    meta: { titleKey: 'common.nav.toolkit', nav: 'toolkit' },
  },
];

export default routes;
