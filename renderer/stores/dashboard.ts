/**
 * The home screen's summary: one `dashboard.summary` call for the chosen chart app, kept current
 * while the dashboard is open (reloaded when a sync finished or the workspace changed).
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import { useApiCall } from '../composables/useApiCall';

export const useDashboardStore = defineStore('dashboard', () => {
  const call = useApiCall('dashboard.summary', { keepError: true });
  let app: string | undefined;
  let unsubscribe: (() => void)[] = [];

  async function load(chartApp?: string): Promise<void> {
    app = chartApp;
    await call.run(app ? { app } : {});
  }

  /** Reloads after every finished sync while the dashboard is open; returns "stop". */
  function follow(): () => void {
    if (unsubscribe.length === 0) {
      unsubscribe = [
        api.on('sync.progress', (p) => {
          if (p.phase === 'done') void load(app);
        }),
        api.on('workspaces.changed', () => void load(undefined)),
      ];
    }
    return () => {
      unsubscribe.forEach((u) => u());
      unsubscribe = [];
    };
  }

  return { summary: call.data, error: call.error, loading: call.loading, load, follow };
});
