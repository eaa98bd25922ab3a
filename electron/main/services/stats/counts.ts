/** A statistics row from rollup counts: failures and success rate derived the same way everywhere. */
import type { StatsCounts } from '../../../../shared/contract/stats';
import type { Counts } from '../records/aggregate';

export const zeroCounts: Counts = { calls: 0, successes: 0, billable: 0 };

export function toStatsCounts(c: Counts): StatsCounts {
  return {
    calls: c.calls,
    successes: c.successes,
    failures: c.calls - c.successes,
    successRate: c.calls === 0 ? null : c.successes / c.calls,
    billable: c.billable,
  };
}

export function sumCounts(rows: readonly Counts[]): Counts {
  const out = { ...zeroCounts };
  for (const r of rows) {
    out.calls += r.calls;
    out.successes += r.successes;
    out.billable += r.billable;
  }
  return out;
}
