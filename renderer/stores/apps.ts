/**
 * The apps list as the renderer sees it, kept current: it reloads when the main process says
 * apps changed (a change sent, confirmed or discarded) and when a sync has touched apps. Views
 * ask for the list with their own filter; the store keeps the last answer and its access info.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api';
import { useApiCall } from '../composables/useApiCall';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';
import type { CallInput, CallOutput } from '../../shared/contract';

export type AppsList = CallOutput<'apps.list'>;
export type AppsFilter = CallInput<'apps.list'>;

export const useAppsStore = defineStore('apps', () => {
  const call = useApiCall('apps.list', { keepError: true });
  const list = call.data;
  /** Bumped on every change notice; detail pages watch it to reload themselves. */
  const revision = ref(0);
  let filter: AppsFilter = {};

  const access = computed(() => list.value?.access ?? null);

  async function load(next?: AppsFilter): Promise<void> {
    if (next) filter = next;
    await call.run(filter);
  }

  function changed(): void {
    revision.value++;
    if (list.value) void load();
  }

  /** Follows change notices while at least one view asks to; returns that view's "stop". */
  const follow = followEvents(() => [
    api.on('apps.changed', changed),
    // Another workspace, another key: other apps and other allowed actions.
    onWorkspaceSwitch(changed),
    // A sync that wrote apps (or ended) may have confirmed pending changes.
    api.on('sync.progress', (p) => {
      if ((p.resource === 'apps' || p.resource === 'activities') && (p.phase === 'done' || p.phase === 'error')) changed();
    }),
  ]);

  return { list, error: call.error, loading: call.loading, revision, access, load, follow };
});
