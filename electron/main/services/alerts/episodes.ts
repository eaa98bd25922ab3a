/**
 * Findings → episodes. An episode opens the first time its condition is found (one open
 * episode per key, enforced by a unique index), is refreshed with the latest numbers while it
 * holds, and resolves once the condition has stayed clear for the rule's resolveAfterMinutes:
 * re-evaluating after a resync or a late record finds the same key open and fires nothing.
 * Notifications wait out quiet hours (the episode is recorded at once), repeat at the rule's
 * interval unless acknowledged or snoozed, and are returned for the caller to deliver.
 */
import type { AlertRule, RuleConfig } from '../../../../shared/contract/alerts';
import type { Db } from '../db/open';
import { episodesRepo, type EpisodeRow } from './episodes-repo';
import type { Evaluation } from './evaluate';
import { inQuietHours } from './quiet-hours';

export interface Notice {
  alertId: number;
  kind: 'fired' | 'repeated' | 'resolved';
  rule: AlertRule;
  channels: readonly string[];
}

export interface Reconciled {
  notices: Notice[];
  opened: number[];
  resolved: number[];
}

function muted(r: EpisodeRow, now: number): boolean {
  return r.acknowledged_at !== null || (r.snoozed_until !== null && r.snoozed_until > now);
}

export function reconcile(db: Db, configs: readonly RuleConfig[], evaluation: Evaluation, now: number): Reconciled {
  const repo = episodesRepo(db);
  const cfg = new Map(configs.map((c) => [c.rule, c]));
  const out: Reconciled = { notices: [], opened: [], resolved: [] };
  db.transaction(() => {
    const open = new Map(repo.open().map((r) => [r.key, r]));
    const seen = new Set<string>();
    for (const f of evaluation.findings) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      const c = cfg.get(f.rule)!;
      const quiet = inQuietHours(c.quietHours, now);
      const existing = open.get(f.key);
      if (!existing) {
        const id = repo.insert(f, now);
        out.opened.push(id);
        if (!quiet) {
          repo.notified(id, now, 'fired');
          out.notices.push({ alertId: id, kind: 'fired', rule: f.rule, channels: c.channels });
        }
        continue;
      }
      repo.refresh(existing.alert_id, f, existing);
      if (quiet || muted(existing, now)) continue;
      if (existing.notify_due) {
        // The firing fell in quiet hours: it is told now, once.
        repo.notified(existing.alert_id, now, 'fired');
        out.notices.push({ alertId: existing.alert_id, kind: 'fired', rule: f.rule, channels: c.channels });
      } else if (c.repeatMinutes > 0 && existing.last_notified_at !== null && now - existing.last_notified_at >= c.repeatMinutes * 60_000) {
        repo.notified(existing.alert_id, now, 'repeated');
        out.notices.push({ alertId: existing.alert_id, kind: 'repeated', rule: f.rule, channels: c.channels });
      }
    }
    for (const r of open.values()) {
      if (seen.has(r.key) || evaluation.failed.has(r.rule)) continue;
      const c = cfg.get(r.rule);
      let at: number | null = null;
      if (!c || !evaluation.evaluated.has(r.rule))
        at = now; // rule switched off: nothing watches it any more
      else if (c.resolveAfterMinutes === 0) at = now;
      else if (r.clear_since === null) repo.clearing(r.alert_id, now);
      else if (now - r.clear_since >= c.resolveAfterMinutes * 60_000) at = r.clear_since;
      if (at === null) continue;
      repo.resolve(r, at);
      out.resolved.push(r.alert_id);
      // Robots hear the end of what they were told about (never during quiet hours).
      if (c && r.notifications > 0 && !inQuietHours(c.quietHours, now))
        out.notices.push({ alertId: r.alert_id, kind: 'resolved', rule: r.rule, channels: c.channels });
    }
  })();
  return out;
}
