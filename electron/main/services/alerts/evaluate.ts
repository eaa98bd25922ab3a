/**
 * Runs every enabled rule over one workspace's rollups and returns what holds now. Pure read:
 * turning findings into episodes (and notifications) is episodes.ts's job.
 *
 * With a cache (the service keeps one per workspace), an evaluation can be incremental: the
 * traffic rules look only at the cells records arrived for since the previous evaluation and
 * keep the previous findings of every other cell, which are what a full evaluation would find
 * again as long as the rule's frame (configuration, window, day, apps) has not moved. When it
 * has, or the cache lost track of the rollups, the rule is evaluated in full. The account rules
 * are cheap to look up (kept for a minute) and always run.
 */
import type { AlertRule, RuleConfig } from '../../../../shared/contract/alerts';
import type { Db } from '../db/open';
import { loadApps, type AppRow } from '../records/app-directory';
import { syncStateRepo } from '../store/sync-state-repo';
import { packageRules, reviewPending, spendRules, syncStale } from './account-rules';
import { ruleInput, scopeCellOf, type Finding, type RuleInput } from './finding';
import { cellNumber, rollupSource, type RollupCache, type RollupChanges, type RollupSource } from './rollup-query';
import { codeSurge, failureSpike, successBelow, trafficFrame, volumeDrop } from './traffic-rules';

const ACCOUNT_TTL_MS = 60_000;
/** Cache keys of the account rules' findings (dropped after each sync run). */
export const ACCOUNT_CACHE_PREFIX = 'account/';

export interface Evaluation {
  findings: Finding[];
  /** Rules that ran (enabled); episodes of other rules are closed as disabled. */
  evaluated: Set<AlertRule>;
  /** Rules that threw (their open episodes are left alone: no data is not "clear"). */
  failed: Map<AlertRule, string>;
  /** Rules evaluated incrementally: only the cells with new records looked at, the others' findings carried. */
  incremental?: Set<AlertRule>;
}

export interface EvaluateOptions {
  /** Look only at what changed since the previous evaluation with the same cache (after a sync page). */
  incremental?: boolean;
}

type TrafficRule = (config: RuleConfig, input: RuleInput, source: RollupSource, recordsSyncedAt: number | null) => Finding[];

/** Whether a page touched the cell a finding is about (by the number its rule gave it: no key made or hashed). */
const cellTouched = (f: Finding, changes: RollupChanges): boolean =>
  changes.cells.has(scopeCellOf(f) ?? cellNumber(f.scope.app!, f.scope.operator!, f.scope.capability!));
/** Whether a page touched the app a finding is about. */
const appTouched = (f: Finding, changes: RollupChanges): boolean => changes.apps.has(f.scope.app!);

interface TrafficEntry {
  run: TrafficRule;
  touched: (f: Finding, changes: RollupChanges) => boolean;
}
const TRAFFIC: Partial<Record<AlertRule, TrafficEntry>> = {
  failureSpike: { run: failureSpike, touched: cellTouched },
  successBelow: { run: successBelow, touched: cellTouched },
  volumeDrop: { run: volumeDrop, touched: appTouched },
  codeSurge: { run: codeSurge, touched: cellTouched },
};
const TRAFFIC_RULES = Object.entries(TRAFFIC) as [AlertRule, TrafficEntry][];

/**
 * Each traffic rule's findings as its last evaluation with a cache returned them, and the apps
 * list it was given, by the cache's memo entry (dropped with it: the cache clears its memos when
 * it loses track of the rollups).
 */
const carriedLists = new WeakMap<object, { list: Finding[]; apps: readonly AppRow[] }>();
/** The memo's findings by scope, which this file no longer fills (carriedLists holds them). */
const NO_SCOPES: Map<string, unknown[]> = new Map();

/**
 * A configuration as JSON, made once per frozen object: the rules repository hands out the same
 * deep-frozen ones while they do not change (any other is written out each time: it may change).
 */
const configJsons = new WeakMap<RuleConfig, string>();
function configJson(config: RuleConfig): string {
  if (!Object.isFrozen(config) || !Object.isFrozen(config.params) || !Object.isFrozen(config.scope)) return JSON.stringify(config);
  let json = configJsons.get(config);
  if (json === undefined) configJsons.set(config, (json = JSON.stringify(config)));
  return json;
}

/**
 * The apps list the last evaluation with a cache was given, per cache: the list read is replaced
 * by it while the two are alike, so a rule's frame compares the apps by identity (instead of
 * writing them out as JSON after every page) and what is made once per list (finding.ts's index
 * by id) stays made.
 */
const keptApps = new WeakMap<RollupCache, readonly AppRow[]>();
function sameApps(a: readonly AppRow[], b: readonly AppRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! as unknown as Record<string, unknown>;
    const y = b[i]! as unknown as Record<string, unknown>;
    let fields = 0;
    for (const k in x) {
      if (x[k] !== y[k]) return false;
      fields++;
    }
    for (const k in y) if (--fields < 0 || !(k in x)) return false;
    if (fields !== 0) return false;
  }
  return true;
}
function appsOf(db: Db, cache: RollupCache | null): readonly AppRow[] {
  const read = loadApps(db);
  if (!cache) return read;
  const kept = keptApps.get(cache);
  if (kept && sameApps(kept, read)) return kept;
  keptApps.set(cache, read);
  return read;
}

/** What each traffic rule of one evaluation shares. */
interface TrafficPass {
  now: number;
  input: RuleInput;
  source: RollupSource;
  recordsSyncedAt: number | null;
  apps: readonly AppRow[];
  /** The cache, when it can be used now (the rules' memos are kept in it). */
  kept: RollupCache | null;
  changes: RollupChanges | null;
  evaluation: number;
  incremental: boolean;
  /** The rules whose previous findings were carried (filled in). */
  carried: Set<AlertRule>;
}

/**
 * One traffic rule's findings, incremental when its frame holds. A function of its own rather than
 * a closure made per rule and evaluation: it runs after every sync page, and V8 optimises one
 * function (on a helper thread, while later pages are evaluated) where it would otherwise compile
 * a closure inside evaluateRules with what it calls.
 */
function trafficFindings(rule: AlertRule, t: TrafficEntry, config: RuleConfig, x: TrafficPass): Finding[] {
  const { kept, changes } = x;
  if (!kept || !changes) return t.run(config, x.input, x.source, x.recordsSyncedAt);
  // The apps are part of the frame too, compared by identity (appsOf keeps the list while it reads alike).
  const frame = `${configJson(config)}\u0000${trafficFrame(config, x.now, x.recordsSyncedAt)}`;
  const prev = kept.memo.get(rule);
  const prevCarried = prev ? carriedLists.get(prev) : undefined;
  const carry =
    x.incremental && !changes.all && prev && prevCarried && prevCarried.apps === x.apps && prev.frame === frame && prev.evaluation === x.evaluation - 1;
  const found = t.run(config, carry ? ruleInput(x.input.now, x.input.apps, changes, x.input.prepare) : x.input, x.source, x.recordsSyncedAt);
  // Carried: the previous findings of the scopes not touched, then the touched scopes' new ones
  // (a list, not a map by scope rebuilt after every page: after a sync page most pages touch
  // every cell, and nothing but this needs the findings by scope).
  let all = found;
  if (carry) {
    all = carriedFindings(prevCarried.list, found, t, changes);
    x.carried.add(rule);
  }
  const entry = { frame, evaluation: x.evaluation, byScope: NO_SCOPES };
  carriedLists.set(entry, { list: all, apps: x.apps });
  kept.memo.set(rule, entry);
  return all;
}

/** The previous findings of the scopes a page did not touch, then the new ones (in that order). */
function carriedFindings(list: readonly Finding[], found: readonly Finding[], t: TrafficEntry, changes: RollupChanges): Finding[] {
  const all: Finding[] = [];
  for (let i = 0; i < list.length; i++) if (!t.touched(list[i]!, changes)) all.push(list[i]!);
  for (let i = 0; i < found.length; i++) all.push(found[i]!);
  return all;
}

/** `cache` keeps the rollups read (and the previous findings) between evaluations. */
export function evaluateRules(db: Db, configs: readonly RuleConfig[], now: number, cache: RollupCache | null = null, opts: EvaluateOptions = {}): Evaluation {
  const on = new Map(configs.filter((c) => c.enabled).map((c) => [c.rule, c]));
  const apps = appsOf(db, cache);
  const input = ruleInput(now, apps);
  const changes: RollupChanges | null = cache ? cache.refresh(db) : null;
  const kept = cache && changes ? cache : null;
  const source = rollupSource(db, kept ? { store: kept, now } : null);
  const evaluation = kept ? ++kept.evaluations : 0;
  const recordsSyncedAt = syncStateRepo(db).get('records')?.lastSuccessAt ?? null;
  const findings: Finding[] = [];
  const failed = new Map<AlertRule, string>();
  const incremental = new Set<AlertRule>();
  const run = (rules: readonly AlertRule[], fn: () => Finding[]) => {
    if (!rules.some((r) => on.has(r))) return;
    try {
      const found = fn();
      for (let i = 0; i < found.length; i++) findings.push(found[i]!);
    } catch (e) {
      for (const r of rules) {
        if (!on.has(r)) continue;
        failed.set(r, e instanceof Error ? e.message : String(e));
        kept?.memo.delete(r);
      }
    }
  };
  const get = (r: AlertRule) => on.get(r) ?? null;

  const traffic: TrafficPass = {
    now,
    input,
    source,
    recordsSyncedAt,
    apps,
    kept,
    changes,
    evaluation,
    incremental: opts.incremental === true,
    carried: incremental,
  };
  for (let i = 0; i < TRAFFIC_RULES.length; i++) {
    const [rule, t] = TRAFFIC_RULES[i]!;
    const config = on.get(rule);
    if (!config) continue;
    try {
      const found = trafficFindings(rule, t, config, traffic);
      for (let j = 0; j < found.length; j++) findings.push(found[j]!);
    } catch (e) {
      failed.set(rule, e instanceof Error ? e.message : String(e));
      kept?.memo.delete(rule);
    }
  }
  // Packages, spend and review move by the day: with a cache they are re-read once a minute (or
  // when their configuration changes, or a sync run ended). Computing the month's bill is the
  // dearest read of all: only full passes (the timer's, once a minute) compute it; an evaluation
  // after a sync uses what the last one found, whatever its age, so no sync run waits for the bill.
  const slow =
    (rules: readonly AlertRule[], fn: () => Finding[], timerOnly = false) =>
    () => {
      if (!cache) return fn();
      const key = `${ACCOUNT_CACHE_PREFIX}${JSON.stringify(rules.map((r) => get(r)))}`;
      const kept = timerOnly && opts.incremental ? cache.peek<Finding[]>(key) : undefined;
      return kept ?? cache.get(key, now, fn, ACCOUNT_TTL_MS);
    };
  run(
    ['packageUsage', 'packageExpiry'],
    slow(['packageUsage', 'packageExpiry'], () => packageRules(get('packageUsage'), get('packageExpiry'), db, input)),
  );
  run(
    ['spendBudget', 'tierCrossing'],
    slow(['spendBudget', 'tierCrossing'], () => spendRules(get('spendBudget'), get('tierCrossing'), db, input), true),
  );
  run(
    ['reviewPending'],
    slow(['reviewPending'], () => reviewPending(get('reviewPending')!, db, input)),
  );
  run(['syncStale'], () => syncStale(get('syncStale')!, db, input));
  return { findings, evaluated: new Set(on.keys()), failed, incremental };
}

/**
 * Reads ahead what the traffic rules will read at `at` (the next window position) into `cache`,
 * so the sync page that moves a window on finds its baselines, buckets and windows kept (and
 * patched with the records that came meanwhile) instead of reading seven days of buckets then.
 * The timer calls it after its full pass. Nothing is found or decided: the findings are thrown
 * away, and what changed since the last evaluation is left for the next one.
 */
export function prepareRules(db: Db, configs: readonly RuleConfig[], now: number, at: number, cache: RollupCache): void {
  if (!cache.refresh(db, { keep: true })) return;
  // Entries are stamped with the real time (a later stamp would read as not yet valid).
  const source = rollupSource(db, { store: cache, now });
  const input = ruleInput(at, loadApps(db), undefined, true);
  for (const [rule, t] of TRAFFIC_RULES) {
    const config = configs.find((c) => c.rule === rule && c.enabled);
    if (!config) continue;
    try {
      // The sync is expected to have caught up by then: the volume window ends at `at`'s slot.
      t.run(config, input, source, at);
    } catch {
      // Reading ahead is only a saving: the evaluation then reads what it needs, and reports what fails.
    }
  }
}
