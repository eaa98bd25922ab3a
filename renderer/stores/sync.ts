/**
 * Sync as the renderer sees it: the status of the active workspace (cursor, rows, last
 * success and error per resource; online/offline and staleness), the run in progress with
 * per-resource progress, and the actions (sync now, cancel). Follows the main process
 * through `sync.state`, `sync.progress` and workspace switches.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../api';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';
import type { SyncProgress, SyncResource, SyncStatus, SyncSummary } from '../../shared/contract/sync';

/** How often "3 minutes ago" and the staleness are recomputed. */
export const CLOCK_TICK_MS = 30_000;

export const useSyncStore = defineStore('sync', () => {
  const status = shallowRef<SyncStatus | null>(null);
  /** Latest progress of each resource in the current run. */
  const progress = ref<Partial<Record<SyncResource, SyncProgress>>>({});
  const lastSummary = shallowRef<SyncSummary | null>(null);
  const error = shallowRef<unknown>(null);
  const starting = ref(false);
  const cancelling = ref(false);
  const now = ref(Date.now());
  let ticker: ReturnType<typeof setInterval> | null = null;

  const running = computed(() => starting.value || status.value?.running === true);
  const offline = computed(() => status.value?.online === false);
  /** The resource being synced now (the last one that reported progress and is not finished). */
  const current = computed<SyncProgress | null>(() => {
    const active = Object.values(progress.value).filter((p): p is SyncProgress => !!p && (p.phase === 'start' || p.phase === 'page' || p.phase === 'retry'));
    return active.at(-1) ?? null;
  });
  const staleMs = computed(() => {
    const asOf = status.value?.dataAsOf ?? null;
    return asOf === null ? null : Math.max(0, now.value - asOf);
  });

  async function load(): Promise<void> {
    try {
      status.value = await api.call('sync.status', {});
      now.value = Date.now();
      error.value = null;
    } catch (e) {
      error.value = e;
    }
  }

  async function run(resources?: SyncResource[]): Promise<SyncSummary | null> {
    starting.value = true;
    progress.value = {};
    error.value = null;
    try {
      const summary = await api.call('sync.run', resources ? { resources } : {});
      lastSummary.value = summary;
      return summary;
    } catch (e) {
      error.value = e;
      return null;
    } finally {
      starting.value = false;
      cancelling.value = false;
      await load();
    }
  }

  async function cancel(): Promise<void> {
    cancelling.value = true;
    try {
      await api.call('sync.cancel', {});
    } catch (e) {
      error.value = e;
      cancelling.value = false;
    }
  }

  const follow = followEvents(
    () => [
      api.on('sync.state', (s) => {
        status.value = s;
        // A fresh status is "now": never let a stamp of it run ahead of the ticking clock.
        now.value = Date.now();
        if (!s.running) cancelling.value = false;
      }),
      api.on('sync.progress', (p) => {
        if (status.value && p.workspaceId !== status.value.workspaceId) return;
        progress.value = { ...progress.value, [p.resource]: p };
      }),
      onWorkspaceSwitch(() => {
        progress.value = {};
        void load();
      }),
      () => {
        if (ticker) clearInterval(ticker);
        ticker = null;
      },
    ],
    () => {
      ticker = setInterval(() => (now.value = Date.now()), CLOCK_TICK_MS);
      void load();
    },
  );
  const stops: (() => void)[] = [];

  /** Follows the main process's events and loads the status while a component shows it. */
  function start(): void {
    stops.push(follow());
  }

  function stop(): void {
    stops.pop()?.();
  }

  return { status, progress, lastSummary, error, starting, cancelling, now, running, offline, current, staleMs, load, run, cancel, start, stop };
});
