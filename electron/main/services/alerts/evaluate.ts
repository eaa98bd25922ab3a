/**
 * Runs every enabled rule over one workspace's rollups and returns what holds now. Pure read:
 * turning findings into episodes (and notifications) is episodes.ts's job.
 */
import type { AlertRule, RuleConfig } from '../../../../shared/contract/alerts';
import type { Db } from '../db/open';
import { loadApps } from '../records/app-directory';
import { syncStateRepo } from '../store/sync-state-repo';
import { packageRules, reviewPending, spendRules, syncStale } from './account-rules';
import type { Finding, RuleInput } from './finding';
import { rollupSource, type RollupCache } from './rollup-query';
import { codeSurge, failureSpike, successBelow, volumeDrop } from './traffic-rules';

const ACCOUNT_TTL_MS = 60_000;
/** Cache keys of the account rules' findings (dropped after each sync run). */
export const ACCOUNT_CACHE_PREFIX = 'account/';

export interface Evaluation {
  findings: Finding[];
  /** Rules that ran (enabled); episodes of other rules are closed as disabled. */
  evaluated: Set<AlertRule>;
  /** Rules that threw (their open episodes are left alone: no data is not "clear"). */
  failed: Map<AlertRule, string>;
}

/** `cache` keeps past days' rollups between evaluations (the service keeps one per workspace). */
export function evaluateRules(db: Db, configs: readonly RuleConfig[], now: number, cache: RollupCache | null = null): Evaluation {
  const on = new Map(configs.filter((c) => c.enabled).map((c) => [c.rule, c]));
  const input: RuleInput = { now, apps: loadApps(db) };
  const source = rollupSource(db, cache ? { store: cache, now } : null);
  const recordsSyncedAt = syncStateRepo(db).get('records')?.lastSuccessAt ?? null;
  const findings: Finding[] = [];
  const failed = new Map<AlertRule, string>();
  const run = (rules: readonly AlertRule[], fn: () => Finding[]) => {
    if (!rules.some((r) => on.has(r))) return;
    try {
      findings.push(...fn());
    } catch (e) {
      for (const r of rules) if (on.has(r)) failed.set(r, e instanceof Error ? e.message : String(e));
    }
  };
  const get = (r: AlertRule) => on.get(r) ?? null;
  // Packages, spend and review move by the day, and computing the month's bill is the dearest
  // read: with a cache they are re-read once a minute (or when their configuration changes).
  const slow = (rules: readonly AlertRule[], fn: () => Finding[]) => () =>
    cache ? cache.get(`${ACCOUNT_CACHE_PREFIX}${JSON.stringify(rules.map((r) => get(r)))}`, now, fn, ACCOUNT_TTL_MS) : fn();
  run(['failureSpike'], () => failureSpike(get('failureSpike')!, input, source));
  run(['successBelow'], () => successBelow(get('successBelow')!, input, source));
  run(['volumeDrop'], () => volumeDrop(get('volumeDrop')!, input, source, recordsSyncedAt));
  run(['codeSurge'], () => codeSurge(get('codeSurge')!, input, source));
  run(
    ['packageUsage', 'packageExpiry'],
    slow(['packageUsage', 'packageExpiry'], () => packageRules(get('packageUsage'), get('packageExpiry'), db, input)),
  );
  run(
    ['spendBudget', 'tierCrossing'],
    slow(['spendBudget', 'tierCrossing'], () => spendRules(get('spendBudget'), get('tierCrossing'), db, input)),
  );
  run(
    ['reviewPending'],
    slow(['reviewPending'], () => reviewPending(get('reviewPending')!, db, input)),
  );
  run(['syncStale'], () => syncStale(get('syncStale')!, db, input));
  return { findings, evaluated: new Set(on.keys()), failed };
}
