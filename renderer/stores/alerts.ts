/**
 * Alerts as the renderer sees them: the bell's counts, the inbox (with its filters), and the
 * actions (acknowledge, snooze, check now). Follows the main process through `alerts.changed`
 * (and shows a browser notification for what fired when the console runs in a browser and the
 * user allowed it) and `alerts.open` (a desktop notification clicked in Electron).
 */
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { Router } from 'vue-router';
import { api } from '../api';
import type { Alert, AlertRule } from '../../shared/contract/alerts';
import type { Operator } from '../../shared/platform/domain';
import { alertLocation } from '../views/Alerts/alert-link';

export interface InboxFilters {
  state: 'open' | 'resolved' | 'all';
  rule: AlertRule | null;
  /** An app's internal id, as alerts' scopes name it. */
  app: string | null;
  operator: Operator | null;
  unacknowledged: boolean;
}

/** Shows browser notifications for what fired (browser mode): one each, or a digest for many; click opens the view. */
export type BrowserNotifier = (alerts: readonly Alert[]) => void;

export const useAlertsStore = defineStore('alerts', () => {
  const counts = ref({ open: 0, attention: 0 });
  const items = shallowRef<Alert[]>([]);
  const total = ref(0);
  const filters = reactive<InboxFilters>({ state: 'all', rule: null, app: null, operator: null, unacknowledged: false });
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let unsubscribers: (() => void)[] = [];
  let inboxShown = 0;
  let notifier: BrowserNotifier | null = null;

  async function loadInbox(): Promise<void> {
    loading.value = true;
    try {
      const out = await api.call('alerts.inbox', {
        state: filters.state,
        ...(filters.rule ? { rule: filters.rule } : {}),
        ...(filters.app ? { app: filters.app } : {}),
        ...(filters.operator ? { operator: filters.operator } : {}),
        ...(filters.unacknowledged ? { unacknowledged: true } : {}),
        limit: 200,
      });
      items.value = out.items;
      total.value = out.total;
      counts.value = out.counts;
      error.value = null;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function loadCounts(): Promise<void> {
    try {
      counts.value = (await api.call('alerts.inbox', { state: 'open', limit: 1 })).counts;
    } catch {
      // The bell keeps its last count; the inbox shows errors.
    }
  }

  async function act(p: Promise<unknown>): Promise<void> {
    try {
      await p;
      error.value = null;
    } catch (e) {
      error.value = e;
    }
    await (inboxShown > 0 ? loadInbox() : loadCounts());
  }

  const acknowledge = (id: number) => act(api.call('alerts.acknowledge', { id }));
  const snooze = (id: number, minutes: number) => act(api.call('alerts.snooze', { id, minutes }));
  const check = () => act(api.call('alerts.check', {}));

  /** Follows the main process; call once (the header bell does). */
  function start(router: Router, notify: BrowserNotifier | null): void {
    notifier = notify;
    if (unsubscribers.length) return;
    unsubscribers = [
      api.on('alerts.changed', (p) => {
        counts.value = p.counts;
        if (notifier && p.fired.length) notifier(p.fired);
        if (inboxShown > 0) void loadInbox();
      }),
      api.on('alerts.open', (p) => void router.push(alertLocation(p.link))),
      api.on('workspaces.changed', () => void (inboxShown > 0 ? loadInbox() : loadCounts())),
    ];
    void loadCounts();
  }

  /** The inbox view is open: keep the list current. */
  function showInbox(): () => void {
    inboxShown++;
    void loadInbox();
    return () => (inboxShown = Math.max(0, inboxShown - 1));
  }

  return { counts, items, total, filters, loading, error, loadInbox, loadCounts, acknowledge, snooze, check, start, showInbox };
});
