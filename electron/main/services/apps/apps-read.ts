/** apps.list and apps.get: what sync stored, overlaid with the changes still pending. */
import type { AppRow, AppView, TimelineEntry } from '../../../../shared/contract/apps';
import { modifiableFields } from '../../../../shared/apps/validation';
import type { AppPlatform, AppStatus } from '../../../../shared/platform/domain';
import { ApiError } from '../../../../shared/contract/errors';
import { readAppKey } from '../store/app-keys';
import { appRow, pendingCreateRow, publicPending } from './app-rows';
import { appsQuery, type StoredApp } from './apps-query';
import type { AppsEnv } from './env';
import { buildHistory } from './history';
import { pendingRepo, type PendingRecord } from './pending-repo';
import { revealsRepo } from './reveals-repo';
import { settlePending } from './settle';
import { buildTimeline } from './timeline';

export interface ListFilter {
  status?: AppStatus[] | undefined;
  platform?: AppPlatform | undefined;
  q?: string | undefined;
  includeDeleted: boolean;
}

/** The change that blocks an app's actions: the oldest one still pending. */
function pendingByApp(all: readonly PendingRecord[]): Map<string, PendingRecord> {
  const m = new Map<string, PendingRecord>();
  for (const p of all) if (p.id !== null && !m.has(p.id)) m.set(p.id, p);
  return m;
}

export function listApps(env: AppsEnv, filter: ListFilter): { items: AppRow[]; access: AppsEnv['access']; now: number } {
  settlePending(env);
  const q = appsQuery(env.db);
  const now = env.clock.now();
  const stored = q.all(filter.includeDeleted);
  const pendings = pendingRepo(env.db).all();
  const byApp = pendingByApp(pendings);
  const waitingIds = stored.filter((a) => a.status === 'pending' || a.status === 'reviewing').map((a) => a.data.id);
  const versions = q.versionsOf(waitingIds);
  const activities = q.activitiesOf(waitingIds);
  const rows: AppRow[] = stored.map((a) => {
    const timeline = waitingIds.includes(a.data.id) ? buildTimeline(versions.get(a.data.id) ?? [], activities.get(a.data.id) ?? []) : [];
    return appRow(a, env.access, byApp.get(a.data.id) ?? null, timeline, now);
  });
  const known = new Set(stored.map((a) => a.data.id));
  for (const p of pendings) {
    if (p.op === 'create' && !(p.id && known.has(p.id))) rows.unshift(pendingCreateRow(p, now));
  }
  const needle = filter.q?.trim().toLowerCase();
  const items = rows.filter(
    (r) =>
      (!filter.status?.length || filter.status.includes(r.status)) &&
      (!filter.platform || r.platform === filter.platform) &&
      (!needle || r.name.toLowerCase().includes(needle) || (r.appId ?? '').toLowerCase().includes(needle)),
  );
  return { items, access: env.access, now };
}

function viewOf(env: AppsEnv, stored: StoredApp): AppView {
  return { ...stored.data, hasKey: stored.status === 'approved' && readAppKey(env.db, env.secrets, stored.data.id) !== null };
}

/** An app known only from the platform's answer to a create (sync has not stored it yet). */
function fromPendingCreate(pendings: readonly PendingRecord[], id: string): StoredApp | null {
  const p = pendings.find((x) => x.op === 'create' && x.id === id && x.result);
  if (!p?.result) return null;
  return {
    data: p.result,
    status: p.result.status,
    version: p.result.version,
    createdAt: Date.parse(p.result.createdAt),
    updatedAt: Date.parse(p.result.updatedAt),
    keySealed: false,
  };
}

export function getApp(env: AppsEnv, id: string) {
  settlePending(env);
  const q = appsQuery(env.db);
  const pendings = pendingRepo(env.db).all();
  const stored = q.resolve(id) ?? fromPendingCreate(pendings, id);
  if (!stored) throw new ApiError('NOT_FOUND', `no app ${id}`);
  const appIdKey = stored.data.id;
  const mine = pendings.filter((p) => p.id === appIdKey);
  const versions = q.versions(appIdKey);
  const timeline: TimelineEntry[] = buildTimeline(versions, q.activities(appIdKey));
  const now = env.clock.now();
  const row =
    mine.some((p) => p.op === 'create') && versions.length === 0
      ? pendingCreateRow(
          mine.find((p) => p.op === 'create')!,
          now,
        )
      : appRow(stored, env.access, mine[0] ?? null, timeline, now);
  return {
    app: viewOf(env, stored),
    row,
    access: env.access,
    modifiable: [...modifiableFields(stored.data.platform)],
    pending: mine.map(publicPending),
    timeline,
    history: buildHistory(versions),
    reveals: revealsRepo(env.db).forApp(appIdKey),
  };
}
