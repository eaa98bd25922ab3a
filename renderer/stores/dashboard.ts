/**
 * The home screen's summary: one `dashboard.summary` call for the chosen chart app, kept current
 * while the dashboard is open (reloaded when a sync finished or the workspace changed).
 */
import { defineStore } from 'pinia';
import type { LocationQuery } from 'vue-router';
import { api } from '../api';
import { PREFETCH_FRESH_MS, takePrefetched } from '../api/prefetch';
import { useApiCall } from '../composables/useApiCall';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';

/**
 * A summary asked for as the navigation began still counts as the one the view asks for when it
 * mounts (the view's chunk arrives in the meantime) for as long as an answer the boot script asked
 * for does (PREFETCH_FRESH_MS); older, the view asks again.
 */
export { PREFETCH_FRESH_MS };

/** The app whose last month the chart shows: `?app=` in the dashboard's address, else the service picks. */
export function chartAppOf(query: LocationQuery): string | undefined {
  return typeof query.app === 'string' && query.app ? query.app : undefined;
}

export const useDashboardStore = defineStore('dashboard', () => {
  const call = useApiCall('dashboard.summary', { keepError: true });
  let app: string | undefined;
  let prefetched: { app: string | undefined; at: number; run: Promise<void> } | null = null;

  async function load(chartApp?: string): Promise<void> {
    const early = prefetched;
    prefetched = null;
    if (early && early.app === chartApp && Date.now() - early.at < PREFETCH_FRESH_MS) return early.run;
    app = chartApp;
    const input = app ? { app } : {};
    // The page's boot script may have asked already (renderer/boot/early-calls.ts).
    await call.run(input, takePrefetched('dashboard.summary', input));
  }

  /**
   * Starts the summary while the dashboard's code is still downloading (the route's beforeEnter),
   * so the view's first `load` of the same app finds it on its way instead of asking after mounting.
   * This is the dashboard's first data call, the one place an answer requested before the page
   * booted would be taken up.
   */
  function prefetch(chartApp?: string): void {
    const run = load(chartApp);
    prefetched = { app: chartApp, at: Date.now(), run };
  }

  /** Reloads after every finished sync while the dashboard is open; returns "stop". */
  const follow = followEvents(() => [
    api.on('sync.progress', (p) => {
      if (p.phase === 'done') void load(app);
    }),
    onWorkspaceSwitch(() => void load(undefined)),
  ]);

  return { summary: call.data, error: call.error, loading: call.loading, load, prefetch, follow };
});
