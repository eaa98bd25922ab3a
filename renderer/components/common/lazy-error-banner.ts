/**
 * `ErrorBanner` for the shell and the first view, whose chunk the page compiles before it can run
 * anything: the banner's code (naive-ui's alert and space) arrives on its own, not with them. It is
 * fetched at the page's first idle moment, not when an error first shows: in the browser the same
 * host serves the page's files and its calls, and a banner saying that host went away could not be
 * fetched from it any more.
 */
import { defineAsyncComponent } from 'vue';
import { afterFirstView } from '../../layout/after-first-view';

const load = () => import('./ErrorBanner.vue');

void afterFirstView()
  .then(load)
  .catch(() => undefined); // fetched again when an error is drawn

export const LazyErrorBanner = defineAsyncComponent(load);
