/**
 * What the sync button (SyncStatus) and its panel (SyncPanel) both say: resource names, relative
 * times against the sync store's clock, and a team store's writer.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useSyncStore } from '../../stores/sync';
import { formatRelativeTime } from '../../composables/shanghai-time-format';
import { syncResources, type SyncResource } from '../../../shared/contract/sync-resources';

export function isSyncResource(r: string): r is SyncResource {
  return (syncResources as readonly string[]).includes(r);
}

export function useSyncWords() {
  const { t, locale } = useI18n();
  const sync = useSyncStore();
  const status = computed(() => sync.status);
  /** A team store: the team's writer syncs it, this console only reads (and says who and how fresh). */
  const team = computed(() => status.value?.team ?? null);
  return {
    status,
    team,
    writerName: computed(() => team.value?.writer?.name ?? '—'),
    ago: (ms: number | null | undefined): string => formatRelativeTime(ms ?? null, sync.now, locale.value),
    resourceName: (r: SyncResource): string => t(`sync.resources.${r}`),
  };
}
