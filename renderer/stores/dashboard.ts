/**
 * The home screen's summary: one `dashboard.summary` call for the chosen chart app, kept current
 * while the dashboard is open (reloaded when a sync finished or the workspace changed).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api';
import type { DashboardSummary } from '../../shared/contract/dashboard';

export const useDashboardStore = defineStore('dashboard', () => {
  const summary = shallowRef<DashboardSummary | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  let app: string | undefined;
  let generation = 0;
  let unsubscribe: (() => void)[] = [];

  async function load(chartApp?: string): Promise<void> {
    app = chartApp;
    const mine = ++generation;
    loading.value = true;
    try {
      const out = await api.call('dashboard.summary', app ? { app } : {});
      if (mine !== generation) return;
      summary.value = out;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = e;
    } finally {
      if (mine === generation) loading.value = false;
    }
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

  return { summary, error, loading, load, follow };
});
