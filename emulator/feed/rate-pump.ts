/**
 * `--rate N`: live traffic. The number of live records that exist is a function of the clock
 * (N per second since start-up; N may be a fraction, 0.5 is one every two seconds), so the pump only catches up — on a timer and before any
 * request that reads the feed, usage or bills — and a test with a manual clock sees exactly
 * the records its clock implies.
 */
import type { TrafficApp } from '../history/seeded-apps';
import type { LiveWeights } from '../history/record-gen';
import type { AppsStore } from '../state/apps-store';
import type { Feed } from './feed';

/** If the clock jumps far ahead, only this many seconds of traffic are produced (the rest never happened). */
const MAX_BACKLOG_SECONDS = 600;

export class RatePump {
  private produced = 0;
  private weights: LiveWeights | null = null;
  private dirty = true;

  constructor(
    private readonly feed: Feed,
    private readonly perSecond: number,
    private readonly startMs: number,
    private readonly traffic: readonly TrafficApp[],
    private readonly store: AppsStore,
  ) {
    store.onChange(() => {
      this.dirty = true;
    });
  }

  /** Appends the live records due by `now`. */
  pump(now: number): void {
    if (this.perSecond <= 0) return;
    const due = Math.floor(((now - this.startMs) * this.perSecond) / 1000);
    if (due <= this.produced) return;
    const backlog = Math.max(1, Math.min(2_000_000, Math.floor(this.perSecond * MAX_BACKLOG_SECONDS)));
    if (due - this.produced > backlog) this.produced = due - backlog;
    const weights = this.currentWeights();
    if (weights) this.feed.appendRate(this.produced, due, weights);
    this.produced = due;
  }

  /** Shares of the traffic apps that may call right now (approved); a new object whenever that changes. */
  private currentWeights(): LiveWeights | null {
    if (!this.dirty) return this.weights;
    this.dirty = false;
    const w = this.traffic.map((a) => (this.store.get(a.id)?.status === 'approved' ? a.weight : 0));
    const sum = w.reduce((x, y) => x + y, 0);
    const cum = new Float64Array(w.length);
    let acc = 0;
    w.forEach((x, i) => {
      acc += x;
      cum[i] = sum > 0 ? acc / sum : 0;
    });
    const same = this.weights && sum > 0 && this.weights.cum.every((v, i) => v === cum[i]);
    if (!same) this.weights = sum > 0 ? { cum } : null;
    return this.weights;
  }
}
