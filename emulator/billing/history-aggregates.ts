/**
 * Per-day totals of the generated history (calls, successes, billable by app × capability ×
 * operator), for the usage statement and bills. Computed lazily by running only the cheap
 * core draws over the days a request needs, then kept: they never change, so a statement
 * over millions of records is counted once, and memory stays at a few numbers per day.
 *
 * A day's slice of the feed also holds late records of up to MAX_LAG earlier days, so a
 * requestTime day is complete once the slices of that day and the MAX_LAG days after it
 * have been counted.
 */
import type { HistoryPlan } from '../history/plan';
import { MAX_LAG, type RecordGenerator } from '../history/record-gen';

/** Values per line: calls, successes, billable. */
export const FIELDS = 3;
/** Lines per day: app × capability(2) × operator(3). */
export const lineIndex = (app: number, cap: number, op: number): number => (app * 2 + cap) * 3 + op;

export class HistoryAggregates {
  private readonly byDay: Int32Array[];
  private readonly counted: Uint8Array;
  private readonly perDay: number;

  constructor(
    private readonly plan: HistoryPlan,
    private readonly gen: RecordGenerator,
  ) {
    this.perDay = plan.apps.length * 6 * FIELDS;
    this.byDay = Array.from({ length: plan.days }, () => new Int32Array(this.perDay));
    this.counted = new Uint8Array(plan.days);
  }

  /** Totals of requestTime day `d` (index into the plan), complete. */
  day(d: number): Int32Array {
    const last = Math.min(d + MAX_LAG, this.plan.days - 1);
    for (let g = d; g <= last; g++) if (!this.counted[g]) this.countSlice(g);
    return this.byDay[d]!;
  }

  private countSlice(g: number): void {
    const plan = this.plan;
    const gen = this.gen;
    const first = plan.firstSeq[g]!;
    const n = plan.dayCount[g]!;
    for (let i = 0; i < n; i++) {
      gen.coreHistory(first + i, g, i);
      const arr = this.byDay[g - gen.lag]!;
      const at = lineIndex(gen.app, gen.cap, gen.op) * FIELDS;
      arr[at]! += 1;
      if (gen.success) arr[at + 1]! += 1;
      if (gen.billable) arr[at + 2]! += 1;
    }
    this.counted[g] = 1;
  }
}
