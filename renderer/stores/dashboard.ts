/**
 * The home screen's summary: one `dashboard.summary` call for the chosen chart app, kept current
 * while the dashboard is open (reloaded when a sync finished or the workspace changed).
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import { useApiCall } from '../composables/useApiCall';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';

export const useDashboardStore = defineStore('dashboard', () => {
  const call = useApiCall('dashboard.summary', { keepError: true });
  let app: string | undefined;

  async function load(chartApp?: string): Promise<void> {
    app = chartApp;
    await call.run(app ? { app } : {});
  }

  /** Reloads after every finished sync while the dashboard is open; returns "stop". */
  const follow = followEvents(() => [
    api.on('sync.progress', (p) => {
      if (p.phase === 'done') void load(app);
    }),
    onWorkspaceSwitch(() => void load(undefined)),
  ]);

  return { summary: call.data, error: call.error, loading: call.loading, load, follow };
});
