/**
 * Builds the list / queue rows: the status rules of shared/apps/status-rules.ts cut down by the
 * key's role and by any change still waiting for the platform's confirmation, plus the review age.
 */
import type { AppRow, PendingChange } from '../../../../shared/contract/apps';
import { allowedActions, allowedReviewActions } from '../../../../shared/apps/status-rules';
import { isOverdue, workingMsBetween } from '../../../../shared/apps/working-day';
import type { TimelineEntry } from '../../../../shared/contract/apps';
import type { Access } from './access';
import type { StoredApp } from './apps-query';
import type { PendingRecord } from './pending-repo';
import { waitingSince } from './timeline';
import { parseIsoInstant } from '../../../../shared/time/shanghai';

export function publicPending(p: PendingRecord): PendingChange {
  const { payload: _p, baseVersion: _b, expectVersion: _e, result: _r, ...rest } = p;
  return rest;
}

function waiting(status: AppRow['status'], since: number | null, now: number): Pick<AppRow, 'waitingSince' | 'waitingWorkMs' | 'overdue'> {
  if (since === null) return { waitingSince: null, waitingWorkMs: null, overdue: false };
  return {
    waitingSince: since,
    waitingWorkMs: workingMsBetween(since, now),
    overdue: (status === 'pending' || status === 'reviewing') && isOverdue(since, now),
  };
}

export function appRow(app: StoredApp, access: Access, pending: PendingRecord | null, timeline: readonly TimelineEntry[], now: number): AppRow {
  const blocked = pending !== null;
  const actions = allowedActions(app.status).filter((a) => a === 'view' || (access.manage && !blocked));
  const reviewActions = access.review && !blocked ? [...allowedReviewActions(app.status)] : [];
  return {
    id: app.data.id,
    appId: app.data.appId,
    name: app.data.name,
    platform: app.data.platform,
    status: app.status,
    rejectReason: app.data.rejectReason ?? null,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    actions,
    reviewActions,
    confirmed: true,
    pending: pending ? publicPending(pending) : null,
    ...waiting(app.status, waitingSince(app.status, timeline, app.createdAt), now),
  };
}

/** A create the platform has not confirmed through sync yet: shown from its answer, or from what was sent. */
export function pendingCreateRow(p: PendingRecord, now: number): AppRow {
  const r = p.result;
  const created = r ? parseIsoInstant(r.createdAt) : p.createdAt;
  return {
    id: r?.id ?? `pending:${p.pendingId}`,
    appId: r?.appId ?? null,
    name: r?.name ?? p.name,
    platform: r?.platform ?? (p.payload.platform as AppRow['platform']),
    status: r?.status ?? 'pending',
    rejectReason: null,
    createdAt: created,
    updatedAt: r ? parseIsoInstant(r.updatedAt) : p.updatedAt,
    actions: r ? ['view'] : [],
    reviewActions: [],
    confirmed: false,
    pending: publicPending(p),
    ...waiting('pending', created, now),
  };
}
