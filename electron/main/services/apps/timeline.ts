/**
 * An app's status timeline (created, submitted, review started, approved / rejected with the
 * reason, modified, deleted), from two sources sync keeps: the platform's activities (exact
 * times, but an auditor-or-admin resource: a reviewer or finance key cannot read them) and the
 * versions of the app sync has seen (always there, but sync may have skipped intermediate
 * versions). Both are read; an event both report is shown once, with the activity's time.
 */
import type { TimelineEntry } from '../../../../shared/contract/apps';
import { diffAppVersions } from '../../../../shared/apps/diff';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { StoredActivity, StoredVersion } from './apps-query';

type Kind = TimelineEntry['kind'];

/** Same event reported by both sources within this window is one event. */
const SAME_EVENT_MS = 5_000;

const entry = (at: number, kind: Kind, source: TimelineEntry['source'], reason: string | null = null, fields: string[] = []): TimelineEntry => ({
  at,
  kind,
  reason,
  fields,
  source,
});

/**
 * What a review activity did. The platform's `detail` is free text; it names the action
 * (start/approve/reject, or 开始审核/通过/驳回) and a rejection carries the reason after a colon.
 */
export function reviewActivityKind(detail: string): { kind: Kind; reason: string | null } | null {
  // The app's name is quoted (「…」 or "…") and may itself contain 通过, start, a colon…: drop it first.
  const d = detail.replace(/「[^」]*」|"[^"]*"|“[^”]*”/g, '').trim();
  const reasonOf = (): string | null => {
    const m = /[:：]\s*(.+)$/s.exec(d);
    return m ? m[1]!.trim() : null;
  };
  if (/reject|驳回|拒绝|不通过|审核失败/i.test(d)) return { kind: 'rejected', reason: reasonOf() };
  if (/approv|通过|审核成功/i.test(d)) return { kind: 'approved', reason: null };
  if (/start|开始|审核中|review started/i.test(d)) return { kind: 'reviewStarted', reason: null };
  return null;
}

function fromVersions(versions: readonly StoredVersion[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let prev: StoredVersion | null = null;
  for (const v of versions) {
    const at = parseIsoInstant(v.data.updatedAt);
    const s = v.data.status;
    if (!prev) {
      const created = parseIsoInstant(v.data.createdAt);
      out.push(entry(created, 'created', 'version'), entry(created, 'submitted', 'version'));
      // First seen later in its life: what its status says happened, at its last change.
      if (s === 'reviewing') out.push(entry(at, 'reviewStarted', 'version'));
      if (s === 'approved') out.push(entry(at, 'approved', 'version'));
      if (s === 'rejected') out.push(entry(at, 'rejected', 'version', v.data.rejectReason));
      if (s === 'deleted') out.push(entry(at, 'deleted', 'version'));
      prev = v;
      continue;
    }
    const p = prev.data.status;
    const fields = diffAppVersions(prev.data, v.data)
      .map((c) => c.field)
      .filter((f) => f !== 'status' && f !== 'appId' && f !== 'rejectReason');
    if (s === 'deleted') out.push(entry(at, 'deleted', 'version'));
    else if (p === 'pending' && s === 'reviewing') out.push(entry(at, 'reviewStarted', 'version'));
    else if (s === 'approved' && p !== 'approved') out.push(entry(at, 'approved', 'version'));
    else if (s === 'rejected' && p !== 'rejected') out.push(entry(at, 'rejected', 'version', v.data.rejectReason));
    else if (p === 'rejected' && s === 'pending') out.push(entry(at, 'modified', 'version', null, fields), entry(at, 'submitted', 'version'));
    else if (fields.length > 0) out.push(entry(at, 'modified', 'version', null, fields));
    prev = v;
  }
  return out;
}

function fromActivities(activities: readonly StoredActivity[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let rejected = false;
  for (const a of activities) {
    if (a.kind === 'app.created') out.push(entry(a.at, 'created', 'activity'), entry(a.at, 'submitted', 'activity'));
    else if (a.kind === 'app.modified') {
      out.push(entry(a.at, 'modified', 'activity'));
      // A modify of a rejected app resubmits it (seeds/000 §3.2, platform-api §2.1).
      if (rejected) out.push(entry(a.at, 'submitted', 'activity'));
      rejected = false;
    } else if (a.kind === 'app.deleted') out.push(entry(a.at, 'deleted', 'activity'));
    else if (a.kind === 'app.reviewed') {
      const r = reviewActivityKind(a.detail);
      if (r) out.push(entry(a.at, r.kind, 'activity', r.reason));
      rejected = r?.kind === 'rejected';
    }
  }
  return out;
}

export function buildTimeline(versions: readonly StoredVersion[], activities: readonly StoredActivity[]): TimelineEntry[] {
  const acts = fromActivities(activities);
  const vers = fromVersions(versions);
  const merged = [...acts];
  for (const v of vers) {
    const twin = acts.find((a) => a.kind === v.kind && Math.abs(a.at - v.at) <= SAME_EVENT_MS);
    if (twin) {
      // The activity's time, the version's detail (changed fields, a reason the activity left out).
      if (twin.fields.length === 0) twin.fields = v.fields;
      twin.reason ??= v.reason;
    } else {
      merged.push(v);
    }
  }
  const order: Record<Kind, number> = { created: 0, submitted: 1, modified: 1, reviewStarted: 2, approved: 3, rejected: 3, deleted: 4 };
  return merged.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
}

/** When the app entered its current wait for a decision: the last submission, if it is waiting. */
export function waitingSince(status: string, timeline: readonly TimelineEntry[], createdAt: number): number | null {
  if (status !== 'pending' && status !== 'reviewing') return null;
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i]!.kind === 'submitted') return timeline[i]!.at;
  return createdAt;
}
