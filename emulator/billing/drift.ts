/**
 * `--drift N`: N lines of the usage statement (day × app × capability × operator) that
 * disagree with the records, so reconciliation has something real to find. Which lines and
 * how they are wrong is decided by the seed alone; the kinds are the mistakes a billing
 * system makes: failed calls counted as billable, a line missing, calls counted twice,
 * billable calls under-counted, or a line for traffic that never happened.
 */
import { domainKey, Rng } from '../random/prng';
import type { HistoryPlan } from '../history/plan';

export const driftKinds = ['failed-billable', 'missing', 'extra', 'short', 'phantom'] as const;
export type DriftKind = (typeof driftKinds)[number];

export interface DriftTarget {
  /** History day index. */
  day: number;
  app: number;
  cap: number;
  op: number;
  /** The intended kind; applyDrift falls back when the line cannot be wrong that way. */
  kind: Exclude<DriftKind, 'phantom'>;
  /** A seeded size factor in [0, 1). */
  size: number;
}

export interface Counts {
  calls: number;
  successes: number;
  billable: number;
}

/** Picks the drifted lines: distinct (day, app, capability, operator) the plan gives traffic. */
export function planDrift(seed: number, plan: HistoryPlan, n: number): DriftTarget[] {
  if (n <= 0) return [];
  const rng = new Rng(domainKey(seed, 'drift'));
  const A = plan.apps.length;
  const candidates: number[] = [];
  for (let d = 0; d < plan.days; d++) {
    if (plan.dayCount[d]! === 0) continue;
    for (let k = 0; k < A; k++) {
      const share = plan.appCum[d * A + k]! - (k > 0 ? plan.appCum[d * A + k - 1]! : 0);
      if (share <= 0) continue;
      const app = plan.apps[k]!;
      for (let c = 0; c < 2; c++) {
        if (c === 0 ? app.verifyShare >= 1 : app.verifyShare <= 0) continue;
        for (let o = 0; o < 3; o++) candidates.push(((d * A + k) * 2 + c) * 3 + o);
      }
    }
  }
  // Partial Fisher–Yates: the first n of a seeded permutation, then in statement order.
  const take = Math.min(n, candidates.length);
  rng.reset(0);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const chosen = candidates.slice(0, take).sort((a, b) => a - b);
  const kinds: DriftTarget['kind'][] = ['failed-billable', 'missing', 'extra', 'short'];
  return chosen.map((code, i) => {
    const r = rng.reset(1 + i);
    const op = code % 3;
    const cap = Math.floor(code / 3) % 2;
    const app = Math.floor(code / 6) % A;
    const day = Math.floor(code / (6 * A));
    return { day, app, cap, op, kind: kinds[r.int(kinds.length)]!, size: r.float() };
  });
}

/**
 * The statement's version of a line (null = the line is left out), and the kind actually
 * applied. Always differs from the truth: a kind that cannot apply falls back to one that can.
 */
export function applyDrift(t: DriftTarget, truth: Counts | null): { line: Counts | null; kind: DriftKind } {
  if (!truth || truth.calls === 0) {
    const k = 1 + Math.floor(t.size * 50);
    return { line: { calls: k, successes: k, billable: k }, kind: 'phantom' };
  }
  const failures = truth.calls - truth.successes;
  let kind: DriftKind = t.kind;
  if (kind === 'failed-billable' && failures === 0) kind = 'extra';
  if (kind === 'short' && truth.billable === 0) kind = 'extra';
  switch (kind) {
    case 'failed-billable':
      return { line: { ...truth, billable: truth.billable + failures }, kind };
    case 'missing':
      return { line: null, kind };
    case 'short': {
      const k = Math.min(truth.billable, Math.max(1, Math.round(truth.billable * (0.02 + 0.08 * t.size))));
      return { line: { ...truth, billable: truth.billable - k }, kind };
    }
    default: {
      const k = Math.max(1, Math.round(truth.calls * (0.01 + 0.04 * t.size)));
      return { line: { calls: truth.calls + k, successes: truth.successes + k, billable: truth.billable + k }, kind: 'extra' };
    }
  }
}
