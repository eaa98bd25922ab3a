/**
 * `--rate diurnal`: live traffic at the history's own pace. The history's last day (today,
 * cut at start-up) goes on filling as the clock moves — record i of a day exists once the day's
 * curve has reached (i + 1) / full — and the days after it follow at the last day's size. The
 * records are drawn like the history's (RecordGenerator.coreDay), so what a running emulator
 * has appended by a time is exactly the history an emulator started at that time generates
 * (as long as no gateway call put a record in between): a console's copy stays valid across
 * restarts, and the dashboard of a running demo moves at a realistic rate.
 */
import { DAY_MS, shareBefore } from '../history/diurnal';
import type { HistoryPlan } from '../history/plan';
import type { Feed } from './feed';

/** If the clock jumps further ahead than this, the days in between are skipped (they never happened). */
const MAX_BACKLOG_DAYS = 2;

export class DiurnalPump {
  /** The day being filled, and how many of its records exist. */
  private day: number;
  private produced: number;

  constructor(
    private readonly feed: Feed,
    private readonly plan: HistoryPlan,
    startedAt: number,
  ) {
    const last = plan.days - 1;
    const today = Math.max(last, Math.floor((startedAt - plan.startMs) / DAY_MS));
    this.day = today;
    // The history's last day holds what it generated; a later day (history ended earlier) starts now.
    this.produced = today === last ? plan.dayCount[last]! : this.dueBy(today, startedAt);
  }

  private dueBy(day: number, now: number): number {
    return Math.floor(shareBefore(now - this.plan.dayStartOf(day)) * this.plan.fullOf(day));
  }

  /** Appends the records due by `now`. */
  pump(now: number): void {
    const nowDay = Math.floor((now - this.plan.startMs) / DAY_MS);
    if (nowDay - this.day > MAX_BACKLOG_DAYS) {
      this.day = nowDay - MAX_BACKLOG_DAYS;
      this.produced = 0;
    }
    for (;;) {
      const due = this.dueBy(this.day, now);
      if (due > this.produced) {
        this.feed.appendDay(this.day, this.produced, due);
        this.produced = due;
      }
      if (now < this.plan.dayStartOf(this.day + 1)) return;
      this.day++;
      this.produced = 0;
    }
  }
}
