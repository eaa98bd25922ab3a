/**
 * What the records, statistics and code screens share: the workspace's apps for their app
 * pickers, and a `revision` that moves whenever the local data under them changed (a sync
 * wrote records or apps, or the workspace was switched), so an open screen re-runs its query.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';
import type { AppOption } from '../../shared/contract/records';

export const useRecordsStore = defineStore('records', () => {
  const apps = shallowRef<AppOption[]>([]);
  const appsLoaded = ref(false);
  const appsError = shallowRef<unknown>(null);
  const revision = ref(0);
  let generation = 0;

  async function loadApps(): Promise<void> {
    const mine = ++generation;
    try {
      const out = await api.call('records.apps', {});
      if (mine !== generation) return;
      apps.value = out;
      appsError.value = null;
    } catch (e) {
      if (mine === generation) appsError.value = e;
    } finally {
      if (mine === generation) appsLoaded.value = true;
    }
  }

  function dataChanged(appsToo: boolean): void {
    revision.value++;
    if (appsToo) void loadApps();
  }

  /** Follows data changes while at least one screen asks to; returns that screen's "stop". */
  const following = followEvents(() => [
    api.on('sync.progress', (p) => {
      if (p.phase !== 'done') return;
      if (p.resource === 'records') dataChanged(false);
      else if (p.resource === 'apps') dataChanged(true);
    }),
    api.on('apps.changed', () => void loadApps()),
    onWorkspaceSwitch(() => dataChanged(true)),
  ]);
  function follow(): () => void {
    if (!appsLoaded.value) void loadApps();
    return following();
  }

  /** The display name of an app id (or appId), falling back to the value itself. */
  function appName(idOrAppId: string): string {
    return apps.value.find((a) => a.id === idOrAppId || a.appId === idOrAppId)?.name ?? idOrAppId;
  }

  return { apps, appsLoaded, appsError, revision, loadApps, follow, appName };
});
