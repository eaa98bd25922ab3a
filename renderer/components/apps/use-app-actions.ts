/**
 * What happens when an app action button is pressed: view and modify navigate, delete opens
 * the type-the-name dialog, review actions call `apps.review` (approve after a confirmation naming
 * the app, reject after asking the reason).
 * The view renders DeleteAppDialog and RejectDialog once and binds them to this state.
 */
import { ref } from 'vue';
import { useRouter } from 'vue-router';
import { useDialog, useMessage } from 'naive-ui';
import { useI18n } from 'vue-i18n';
import { api } from '../../api';
import type { AppRow } from '../../../shared/contract/apps';
import type { AppAction, ReviewAction } from '../../../shared/apps/status-rules';
import type { Locale } from '../../i18n';
import { useErrorText } from '../../composables/api-error-text';

export type AppUiAction = AppAction | ReviewAction;

export function useAppActions(onChanged: () => void) {
  const router = useRouter();
  const message = useMessage();
  const dialog = useDialog();
  const errorText = useErrorText();
  const { t, locale } = useI18n();
  const deleting = ref<{ id: string; name: string } | null>(null);
  const showDelete = ref(false);
  const rejecting = ref<AppRow | null>(null);
  const showReject = ref(false);
  const busy = ref<string | null>(null);

  async function review(row: AppRow, action: ReviewAction, reason?: string): Promise<boolean> {
    busy.value = `${row.id}:${action}`;
    try {
      const r = await api.call('apps.review', { id: row.id, action, ...(reason ? { reason } : {}), locale: locale.value as Locale });
      message.success(
        r.confirmed ? t(`apps.review.${action === 'start' ? 'started' : action === 'approve' ? 'approved' : 'rejected'}`) : t('apps.form.pendingConfirm'),
      );
      onChanged();
      return true;
    } catch (e) {
      message.error(`${errorText(e)} ${e instanceof Error ? e.message : ''}`.trim());
      return false;
    } finally {
      busy.value = null;
    }
  }

  function act(action: AppUiAction, row: AppRow): void {
    if (action === 'view') void router.push(`/apps/${encodeURIComponent(row.id)}`);
    else if (action === 'modify') void router.push(`/apps/${encodeURIComponent(row.id)}/edit`);
    else if (action === 'delete') {
      deleting.value = { id: row.id, name: row.name };
      showDelete.value = true;
    } else if (action === 'reject') {
      rejecting.value = row;
      showReject.value = true;
    } else if (action === 'approve') confirmApprove(row);
    else void review(row, action);
  }

  /** Approving issues the app's AppID and AppKey: asked once, naming the app. */
  function confirmApprove(row: AppRow): void {
    dialog.warning({
      title: t('apps.review.confirmApproveTitle'),
      content: t('apps.review.confirmApprove', { name: row.name }),
      positiveText: t('apps.review.confirmApproveOk'),
      negativeText: t('apps.review.cancel'),
      onPositiveClick: () => review(row, 'approve').then(() => undefined),
    });
  }

  async function confirmReject(reason: string): Promise<void> {
    if (!rejecting.value) return;
    if (await review(rejecting.value, 'reject', reason)) showReject.value = false;
  }

  return { act, busy, deleting, showDelete, rejecting, showReject, confirmReject };
}

/** "2 个工作日 3 小时" from working milliseconds. */
export function splitWorkingAge(ms: number): { days: number; hours: number } {
  const days = Math.floor(ms / 86_400_000);
  return { days, hours: Math.floor((ms - days * 86_400_000) / 3_600_000) };
}
