/**
 * Billing as the renderer sees it: the month on screen, its bill (with the forecast when open),
 * the reconciliation with the platform, and the packages. The three load together and reload
 * when a sync finishes or the workspace changes, so finance never reads a stale figure beside
 * a fresh one. Exports and the PDF statement are actions here too.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../api';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';
import type { CallInput, CallOutput } from '../../shared/contract';
import { DEFAULT_LADDER, ladderFromPricing, type Tier } from '../../shared/billing';
import { shanghaiMonth } from '../../shared/time/shanghai';

export type MonthBill = CallOutput<'billing.month'>;
export type Reconciliation = CallOutput<'billing.reconcile'>;
/** A statistics provider's month against its own billing lines (Alibaba Cloud: QueryGateVerifyBillingPublic). */
export type ProviderReconciliation = CallOutput<'providers.reconcile'>;
export type Packages = CallOutput<'billing.packages'>;
export type Delivery = CallOutput<'billing.export'>;
export type ExportRequest = Omit<CallInput<'billing.export'>, 'month'>;

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The current Asia/Shanghai month: the default on screen. */
export function currentMonth(now: number = Date.now()): string {
  return shanghaiMonth(now);
}

export const useBillingStore = defineStore('billing', () => {
  const month = ref(currentMonth());
  const bill = shallowRef<MonthBill | null>(null);
  const reconciliation = shallowRef<Reconciliation | null>(null);
  const packages = shallowRef<Packages | null>(null);
  const providerReconciliation = shallowRef<ProviderReconciliation | null>(null);
  /** Why the provider's lines could not be read (offline, missing permission…); the rest of the page stands. */
  const providerReconError = shallowRef<unknown>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  const exporting = ref<string | null>(null);
  const exportError = shallowRef<unknown>(null);
  /** Which month of which workspace the data on screen is (changes when a load for another one lands). */
  const source = ref('');
  let workspaceId = '';
  let switches = 0;
  let generation = 0;

  /** The ladder the month is billed by, for the what-if calculator (same engine, same prices). */
  const ladder = computed<readonly Tier[]>(() => {
    const tiers = bill.value?.ladder.tiers;
    if (!tiers) return DEFAULT_LADDER;
    try {
      return ladderFromPricing(tiers);
    } catch {
      return DEFAULT_LADDER;
    }
  });
  /** What packages still cover, for the calculator's default. */
  const packageRemaining = computed(() => (packages.value?.items ?? []).filter((p) => !p.warnings.includes('expired')).reduce((s, p) => s + p.remaining, 0));

  async function load(next?: string): Promise<void> {
    if (next !== undefined) {
      if (!MONTH_RE.test(next)) return;
      month.value = next;
    }
    const mine = ++generation;
    const m = month.value;
    const ws = workspaceId;
    loading.value = true;
    try {
      const [b, r, p] = await Promise.all([
        api.call('billing.month', { month: m }),
        api.call('billing.reconcile', { month: m }),
        api.call('billing.packages', { month: m }),
      ]);
      if (mine !== generation) return;
      let pr: ProviderReconciliation | null = null;
      let prError: unknown = null;
      if (b.basis === 'statistics') {
        // The provider's bill is read online, line by line; without a connection the local bill still shows.
        try {
          pr = await api.call('providers.reconcile', { month: m });
        } catch (e) {
          prError = e;
        }
        if (mine !== generation) return;
      }
      bill.value = b;
      reconciliation.value = r;
      packages.value = p;
      providerReconciliation.value = pr;
      providerReconError.value = prError;
      source.value = `${ws}|${m}`;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = e;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Runs one file-making call as `what` (the button it spins); in a browser the file arrives as a download. */
  async function deliver(what: string, make: () => Promise<Delivery>): Promise<Delivery | null> {
    exporting.value = what;
    exportError.value = null;
    try {
      const out = await make();
      if (out.delivery === 'download') startDownload(out.url, out.filename);
      return out;
    } catch (e) {
      exportError.value = e;
      return null;
    } finally {
      exporting.value = null;
    }
  }

  /** Exports the month's bill or reconciliation. */
  const exportFile = (req: ExportRequest): Promise<Delivery | null> =>
    deliver(`${req.kind}.${req.format}`, () => api.call('billing.export', { month: month.value, ...req }));

  /**
   * The PDF statement, made in the main process: the desktop app saves it where the user says,
   * a browser receives it as a download — the same file either way.
   */
  const statement = (locale: 'zh-CN' | 'en-US'): Promise<Delivery | null> =>
    deliver('statement.pdf', () => api.call('billing.statementPdf', { month: month.value, locale }));

  /** Reloads after a sync run ends and when the workspace changes, while a view follows. */
  const follow = followEvents(() => {
    let running = false;
    return [
      api.on('sync.state', (s) => {
        if (running && !s.running) void load();
        running = s.running;
      }),
      onWorkspaceSwitch(() => {
        // Another workspace's data from here on: `source` tells the page (the what-if resets).
        workspaceId = String(++switches);
        void load();
      }),
    ];
  });

  return {
    month,
    bill,
    reconciliation,
    providerReconciliation,
    providerReconError,
    packages,
    source,
    error,
    loading,
    exporting,
    exportError,
    ladder,
    packageRemaining,
    load,
    exportFile,
    statement,
    follow,
  };
});

/** A same-origin one-time link (/files/<id>): an <a download> click hands it to the browser's downloads. */
function startDownload(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
