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
import { episodesRepo, muted, type EpisodeRow, type EpisodeState } from './episodes-repo';
import type { Evaluation } from './evaluate';
import type { Finding } from './finding';
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
  /** The opened episodes' rows as written (episodes-repo.ts's openedAlert makes their alerts without reading them back). */
  openedRows: EpisodeRow[];
  resolved: number[];
}

export interface ReconcileOptions {
  /**
   * After a sync page (or run): an open episode whose state does not change keeps its stored
   * numbers, and its latest finding is held in memory until the next full reconcile (the timer's,
   * once a minute) or until its state changes, whichever comes first; every event (fired,
   * repeated, resolved) still carries the latest numbers, so the history is what a full
   * reconcile would have written. Without it, every open episode's numbers are brought up to date.
   * Either way, episodes that open are written with their text (it is told at once anyway).
   */
  lazyNumbers?: boolean;
}

/** Per database: open episodes' latest findings not written yet (lazyNumbers), by alert id. */
const unwritten = new WeakMap<Db, Map<number, Finding>>();

/**
 * Open episodes by key and their ids, made once per list read: after a sync page the list is the
 * one kept by openStatesKept (unchanged on most pages), so none of it is made again.
 */
interface OpenIndex {
  /** Each key's position in the list: its last row's, as a Map made of the rows keeps it (keys are unique among open episodes). */
  at: Map<string, number>;
  /** Whether each row is the one its key's position names (each is, unless two share a key). */
  indexed: Uint8Array;
  ids: Set<number>;
  /**
   * The reconcile that last met each row's key, by position: a key is met in a call when its stamp
   * is the call's. After a sync page the same few hundred keys come again: one position looked up
   * per finding, and none per row, where a map of keys to stamps took a look-up and a write per
   * finding and another look-up per row.
   */
  met: Float64Array;
}
const indexes = new WeakMap<readonly EpisodeState[], OpenIndex>();
function indexOf(rows: readonly (EpisodeState & Partial<EpisodeRow>)[]): OpenIndex {
  let index = indexes.get(rows);
  if (!index) {
    const at = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) at.set(rows[i]!.key, i);
    const indexed = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) indexed[i] = at.get(rows[i]!.key) === i ? 1 : 0;
    indexes.set(rows, (index = { at, indexed, ids: new Set(rows.map((r) => r.alert_id)), met: new Float64Array(rows.length) }));
  }
  return index;
}
/** Reconcile calls made (their stamps in OpenIndex.met). */
let calls = 0;

/**
 * Per database: the open episodes' list the held numbers were last checked against (each held
 * one's episode is in it), or null while that is not known (a call under way, or one that threw).
 */
const heldCheckedAgainst = new WeakMap<Db, readonly EpisodeState[] | null>();

/**
 * Per database: one transaction function, running the body it is given. better-sqlite3's
 * db.transaction makes four wrappers and defines their properties on every call, and reconcile
 * runs after every sync page.
 */
const transactions = new WeakMap<Db, (body: () => void) => void>();
function inTransaction(db: Db, body: () => void): void {
  let run = transactions.get(db);
  if (!run) transactions.set(db, (run = db.transaction((f: () => void) => f())));
  run(body);
}

export function reconcile(db: Db, configs: readonly RuleConfig[], evaluation: Evaluation, now: number, opts: ReconcileOptions = {}): Reconciled {
  const repo = episodesRepo(db);
  const cfg = new Map(configs.map((c) => [c.rule, c]));
  const out: Reconciled = { notices: [], opened: [], openedRows: [], resolved: [] };
  let held = unwritten.get(db);
  if (!held) unwritten.set(db, (held = new Map()));
  const pending = held;
  const lazy = opts.lazyNumbers ?? false;
  /** Writes what is held for an episode before its row changes otherwise (its events carry these numbers). */
  const settle = (id: number) => {
    const f = pending.get(id);
    if (!f) return;
    pending.delete(id);
    repo.refresh(id, f);
  };
  inTransaction(db, () => {
    // After a sync page the stored numbers are not compared (nor written): the lean read will do.
    const rows: readonly (EpisodeState & Partial<EpisodeRow>)[] = lazy ? repo.openStatesKept() : repo.open();
    const { at: openAt, indexed, ids: openIds, met } = indexOf(rows);
    const call = ++calls;
    const checked = heldCheckedAgainst.get(db) ?? null;
    heldCheckedAgainst.set(db, null);
    // Per rule, not per finding (after a sync page there may be hundreds of findings, all of a few rules).
    const quietByRule = new Map<AlertRule, boolean>();
    /** Findings to open by key, and their keys (sorted natively below, without a comparator called from JS). */
    const opening = new Map<string, { f: Finding; notified: boolean }>();
    const openingKeys: string[] = [];
    // Indexed loops (here and below): after a sync page this runs over some 300 findings and
    // open episodes, often before it is optimised, where for…of makes an iterator result per item.
    const findings = evaluation.findings;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      const at = openAt.get(f.key);
      // A key met before in this call: its first finding decides (a key not open is met once it is to open).
      if (at === undefined ? opening.has(f.key) : met[at] === call) continue;
      const c = cfg.get(f.rule)!;
      let quiet = quietByRule.get(f.rule);
      if (quiet === undefined) quietByRule.set(f.rule, (quiet = inQuietHours(c.quietHours, now)));
      if (at === undefined) {
        opening.set(f.key, { f, notified: !quiet });
        openingKeys.push(f.key);
        continue;
      }
      met[at] = call;
      const existing = rows[at]!;
      const id = existing.alert_id;
      const silent = quiet || muted(existing, now);
      const told = silent
        ? null
        : existing.notify_due
          ? 'fired' // The firing fell in quiet hours: it is told now, once.
          : c.repeatMinutes > 0 && existing.last_notified_at !== null && now - existing.last_notified_at >= c.repeatMinutes * 60_000
            ? 'repeated'
            : null;
      if (lazy && told === null && existing.clear_since === null) pending.set(id, f);
      else {
        pending.delete(id);
        repo.refresh(id, f, existing.numbers === undefined ? undefined : (existing as EpisodeRow));
      }
      if (told === null) continue;
      repo.notified(id, now, told);
      out.notices.push({ alertId: id, kind: told, rule: f.rule, channels: c.channels });
    }
    // New episodes together (a page may open a hundred), with their text.
    // By key: ids and firings in the same order however the evaluation listed its findings (incremental or full).
    // The default sort compares strings by UTF-16 code units, as `<` does (the keys are unique).
    openingKeys.sort();
    const items = new Array<{ f: Finding; notified: boolean }>(openingKeys.length);
    for (let i = 0; i < openingKeys.length; i++) items[i] = opening.get(openingKeys[i]!)!;
    out.openedRows = repo.insertMany(items, now);
    for (let i = 0; i < items.length; i++) {
      const { f, notified } = items[i]!;
      const id = out.openedRows[i]!.alert_id;
      out.opened.push(id);
      if (notified) out.notices.push({ alertId: id, kind: 'fired', rule: f.rule, channels: cfg.get(f.rule)!.channels });
    }
    for (let i = 0; i < rows.length; i++) {
      // In the index's order, once per key (as iterating it would: keys are unique among open episodes).
      if (!indexed[i] || met[i] === call) continue;
      const r = rows[i]!;
      if (evaluation.failed.has(r.rule)) continue;
      const c = cfg.get(r.rule);
      let at: number | null = null;
      if (!c || !evaluation.evaluated.has(r.rule))
        at = now; // rule switched off: nothing watches it any more
      else if (c.resolveAfterMinutes === 0) at = now;
      else if (r.clear_since === null) {
        settle(r.alert_id);
        repo.clearing(r.alert_id, now);
      } else if (now - r.clear_since >= c.resolveAfterMinutes * 60_000) at = r.clear_since;
      if (at === null) continue;
      settle(r.alert_id);
      repo.resolve(r.alert_id, at);
      out.resolved.push(r.alert_id);
      // Robots hear the end of what they were told about (never during quiet hours).
      if (c && r.notifications > 0 && !inQuietHours(c.quietHours, now))
        out.notices.push({ alertId: r.alert_id, kind: 'resolved', rule: r.rule, channels: c.channels });
    }
    // A full reconcile wrote every open episode's numbers; what is held for episodes no longer open is moot.
    // Numbers are only held for the episodes of the list they were found in: when the last call
    // checked them against this same list (the kept one, unchanged on most sync pages), none is to go.
    if (!lazy) pending.clear();
    else if (checked !== rows) {
      pending.forEach((_, id) => {
        if (!openIds.has(id)) pending.delete(id);
      });
    }
    heldCheckedAgainst.set(db, rows);
  });
  // Committed: the open states kept for the next sync page take in the episodes just opened.
  repo.keepOpened();
  return out;
}
