/** Change history per app: every version sync has seen, each as field-by-field differences from the one before. */
import type { HistoryEntry } from '../../../../shared/contract/apps';
import { diffAppVersions } from '../../../../shared/apps/diff';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { StoredVersion } from './apps-query';

/** Newest first, as the detail page lists them. */
export function buildHistory(versions: readonly StoredVersion[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  let prev: StoredVersion | null = null;
  for (const v of versions) {
    out.push({
      version: v.version,
      seenAt: v.seenAt,
      updatedAt: parseIsoInstant(v.data.updatedAt),
      status: v.data.status,
      changes: diffAppVersions(prev ? prev.data : null, v.data),
    });
    prev = v;
  }
  return out.reverse();
}
