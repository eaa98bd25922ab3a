/**
 * Auditor exports as the renderer sees them (审计导出): the export running now with its progress
 * and cancel, the last finished one, the workspace's export history with the chain's verdict,
 * and the last verification. The export id is chosen here, so Cancel works before the long
 * `export.records` call answers; progress arrives as `export.progress` events.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api, uploadForVerify } from '../api';
import { followEvents } from './follow-events';
import { onWorkspaceSwitch } from './workspace-switch';
import { useApiCall } from '../composables/useApiCall';
import type { CallOutput } from '../../shared/contract';
import type { ExportFormat, ExportLocale, ExportProgress } from '../../shared/contract/export';
import type { RecordsFilter } from '../../shared/contract/records-filter';

export type ExportResult = CallOutput<'export.records'>;
export type ExportHistory = CallOutput<'export.history'>;
export type VerifyResult = CallOutput<'export.verify'>;

export interface RunningExport {
  exportId: string;
  format: ExportFormat;
  progress: ExportProgress | null;
  cancelling: boolean;
}

/** A fresh export id the contract accepts (8–64 of [A-Za-z0-9_-]). */
export function newExportId(random: () => string = () => crypto.randomUUID()): string {
  return `exp_${random().replace(/[^A-Za-z0-9]/g, '')}`;
}

export const HISTORY_PAGE = 50;

export const useAuditStore = defineStore('audit', () => {
  const running = ref<RunningExport | null>(null);
  const result = shallowRef<ExportResult | null>(null);
  const exportError = shallowRef<unknown>(null);

  const historyCall = useApiCall('export.history', { keepError: true });
  const { data: history, error: historyError, loading: historyLoading } = historyCall;

  const verifying = ref(false);
  const verification = shallowRef<VerifyResult | null>(null);
  const verifyError = shallowRef<unknown>(null);

  // The page the history panel shows; a reload after an export or a switch asks for the same page.
  let historyAt: { beforeSeq?: number; offset?: number; limit: number } = { limit: HISTORY_PAGE };
  /** One page of the history: older than `beforeSeq` (keyset), or `offset` rows from the newest (a jump). */
  async function loadHistory(beforeSeq?: number, offset?: number, limit: number = HISTORY_PAGE): Promise<void> {
    historyAt = { limit, ...(beforeSeq !== undefined ? { beforeSeq } : offset ? { offset } : {}) };
    await historyCall.run(historyAt);
  }
  const reloadHistory = (): Promise<void> => historyCall.run(historyAt).then(() => undefined);

  /** Runs an export; resolves with its result, or null when it failed or was cancelled (see `exportError`). */
  async function startExport(filter: RecordsFilter, format: ExportFormat, locale: ExportLocale): Promise<ExportResult | null> {
    if (running.value) return null;
    const exportId = newExportId();
    running.value = { exportId, format, progress: null, cancelling: false };
    exportError.value = null;
    result.value = null;
    try {
      const out = await api.call('export.records', { filter, format, locale, exportId });
      result.value = out;
      return out;
    } catch (e) {
      exportError.value = e;
      return null;
    } finally {
      running.value = null;
      void reloadHistory();
    }
  }

  async function cancel(): Promise<void> {
    const job = running.value;
    if (!job || job.cancelling) return;
    job.cancelling = true;
    try {
      await api.call('export.cancel', { exportId: job.exportId });
    } catch {
      // The export answers for itself (CANCELLED, or done if it finished first).
    }
  }

  async function verify(
    target: { path: string } | { exportId: string } | { file: File; manifest: File },
    upload?: typeof uploadForVerify,
  ): Promise<VerifyResult | null> {
    verifying.value = true;
    verifyError.value = null;
    verification.value = null;
    try {
      // Browser mode: a file the user chose is uploaded with its manifest, then verified by upload id.
      const input = 'file' in target ? { upload: await (upload ?? uploadForVerify)(target.file, target.manifest) } : target;
      const out = await api.call('export.verify', input);
      verification.value = out;
      return out;
    } catch (e) {
      verifyError.value = e;
      return null;
    } finally {
      verifying.value = false;
    }
  }

  function clearVerification(): void {
    verification.value = null;
    verifyError.value = null;
  }

  /** Follows progress events and workspace switches while a screen shows them; returns "stop". */
  const follow = followEvents(() => [
    api.on('export.progress', (p) => {
      if (running.value && p.exportId === running.value.exportId) running.value = { ...running.value, progress: p };
    }),
    onWorkspaceSwitch(() => {
      result.value = null;
      verification.value = null;
      void reloadHistory();
    }),
  ]);

  return {
    running,
    result,
    exportError,
    history,
    historyError,
    historyLoading,
    verifying,
    verification,
    verifyError,
    loadHistory,
    startExport,
    cancel,
    verify,
    clearVerification,
    follow,
  };
});
