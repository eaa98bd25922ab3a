/**
 * Workspaces as the renderer sees them: the list (the demo and saved connections), which one
 * is active, how secrets are kept, and the actions of the Settings panel. The secret key only
 * ever travels into the main process; nothing here keeps it after the call.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../api';
import { followEvents } from './follow-events';
import type { CallInput } from '../../shared/contract';
import type { DemoRole, TeamStoreTestResult, Workspace, WorkspacesList, WorkspaceTestResult } from '../../shared/contract/workspaces';

export const useWorkspacesStore = defineStore('workspaces', () => {
  const list = shallowRef<WorkspacesList | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  /** Id of the workspace a switch is in progress to. */
  const switching = ref<string | null>(null);

  const items = computed<Workspace[]>(() => list.value?.items ?? []);
  const active = computed<Workspace | null>(() => items.value.find((w) => w.id === list.value?.activeId) ?? null);
  const secretStorage = computed(() => list.value?.secretStorage ?? null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await api.call('workspaces.list', {});
      error.value = null;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function create(input: CallInput<'workspaces.create'>): Promise<Workspace> {
    const w = await api.call('workspaces.create', input);
    await load();
    return w;
  }

  async function update(input: CallInput<'workspaces.update'>): Promise<Workspace> {
    const w = await api.call('workspaces.update', input);
    await load();
    return w;
  }

  async function remove(id: string, deleteData: boolean): Promise<void> {
    await api.call('workspaces.remove', { id, deleteData });
    await load();
  }

  async function activate(id: string): Promise<void> {
    switching.value = id;
    try {
      await api.call('workspaces.activate', { id });
      await load();
    } finally {
      switching.value = null;
    }
  }

  /** The demo platform: act as its admin or as its reviewer (审核员（演示）). */
  async function setDemoRole(role: DemoRole): Promise<void> {
    await api.call('workspaces.demoRole', { role });
    await load();
  }

  function test(input: CallInput<'workspaces.test'>): Promise<WorkspaceTestResult> {
    return api.call('workspaces.test', input);
  }

  /** A team store on PostgreSQL as a workspace (read here; the team's writer syncs it). */
  async function addTeamStore(input: CallInput<'workspaces.addTeamStore'>): Promise<Workspace> {
    const w = await api.call('workspaces.addTeamStore', input);
    await load();
    return w;
  }

  function testTeamStore(input: CallInput<'workspaces.testTeamStore'>): Promise<TeamStoreTestResult> {
    return api.call('workspaces.testTeamStore', input);
  }

  const follow = followEvents(
    () => [api.on('workspaces.changed', (l) => (list.value = l))],
    () => void load(),
  );
  const stops: (() => void)[] = [];

  /** Follows the list while a component shows it. */
  function start(): void {
    stops.push(follow());
  }

  function stop(): void {
    stops.pop()?.();
  }

  return {
    list,
    error,
    loading,
    switching,
    items,
    active,
    secretStorage,
    load,
    create,
    update,
    remove,
    activate,
    setDemoRole,
    test,
    addTeamStore,
    testTeamStore,
    start,
    stop,
  };
});
