/**
 * The apps the records screens name and filter by, read from the workspace's synced `apps`
 * table. Small (an account has tens to hundreds of apps), so it is read whole per call.
 */
import type { AppPlatform, AppStatus } from '../../../../shared/platform/domain';
import type { AppOption } from '../../../../shared/contract/records';
import type { Db } from '../db/open';
import { recordsQuery } from './records-query';

export interface AppRow {
  id: string;
  appId: string | null;
  name: string;
  platform: AppPlatform;
  status: AppStatus;
}

export function loadApps(db: Db): AppRow[] {
  return recordsQuery(db).apps();
}

/** Apps for pickers: live apps by name, deleted ones after them (their records are still searchable). */
export function appOptions(apps: readonly AppRow[]): AppOption[] {
  const collator = new Intl.Collator('zh-CN');
  return [...apps]
    .sort((a, b) => Number(a.status === 'deleted') - Number(b.status === 'deleted') || collator.compare(a.name, b.name) || a.id.localeCompare(b.id))
    .map(({ id, appId, name, status }) => ({ id, appId, name, status }));
}

// App names mix widths and cases ("ＡＢＣ" / "abc"); fold both sides the same way.
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** The internal ids an `app` filter value stands for: an internal id or an issued appId both match. */
export function idsForApp(apps: readonly AppRow[], value: string): string[] {
  const ids = new Set(apps.filter((a) => a.id === value || a.appId === value).map((a) => a.id));
  // Records of an app the apps table has not seen yet are still found by their internal id.
  ids.add(value);
  return [...ids];
}

/** The internal ids of apps whose name contains `part` (case- and width-insensitive). */
export function idsForAppName(apps: readonly AppRow[], part: string): string[] {
  const p = fold(part);
  return apps.filter((a) => fold(a.name).includes(p)).map((a) => a.id);
}

export function appNamesById(apps: readonly AppRow[]): Map<string, string> {
  return new Map(apps.map((a) => [a.id, a.name]));
}
