/**
 * The platform's finance side (platform-api §2.5, §3): the usage statement (用量话单) per
 * month, bills and packages. The statement counts the records whose requestTime falls in the
 * month, every seq up to the feed head (history totals + live totals); with --drift some of
 * its lines are wrong on purpose. Bills are computed from the statement — as a real platform
 * bills from its own statement — with the shared billing engine: packages first (earliest
 * expiry, within validity, over all days), then the progressive ladder, rounded once.
 */
import { coverByPackages, type DailyBillable, type PackageInput } from '../../shared/billing/packages';
import { DEFAULT_LADDER, priceProgressive } from '../../shared/billing/ladder';
import { formatFen, formatMills, roundToFen } from '../../shared/money/mills';
import type { PlatformBill, PlatformPackages, PlatformPricing, PlatformUsageStatement, PlatformUsageLine } from '../../shared/platform/schemas';
import { addMonths, daysInMonth, shanghaiMonth, startOfShanghaiDay, startOfShanghaiMonth, toShanghaiIso } from '../../shared/time/shanghai';
import type { HistoryPlan } from '../history/plan';
import { CAPABILITIES, OPERATORS } from '../history/record-gen';
import type { LiveAggregates } from '../feed/live-aggregates';
import { domainKey } from '../random/prng';
import { hex8 } from '../state/ids';
import { EmulatorError } from '../server/errors';
import { applyDrift, type Counts, type DriftKind, type DriftTarget } from './drift';
import { FIELDS, lineIndex, type HistoryAggregates } from './history-aggregates';

export const TRIAL_QUOTA = 500;
export const TRIAL_MONTHS = 3;

export interface DriftReportLine {
  date: string;
  id: string;
  appId: string;
  capability: 'login' | 'verify';
  operator: 'CMCC' | 'CUCC' | 'CTCC';
  kind: DriftKind;
  /** What the records say (null: no such line). */
  records: Counts | null;
  /** What the statement says (null: the line is missing). */
  statement: Counts | null;
}

const CAP_ORDER = { login: 0, verify: 1 } as const;
const OP_ORDER = { CMCC: 0, CUCC: 1, CTCC: 2 } as const;

function compareLines(a: PlatformUsageLine, b: PlatformUsageLine): number {
  return a.date < b.date
    ? -1
    : a.date > b.date
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : CAP_ORDER[a.capability] - CAP_ORDER[b.capability] || OP_ORDER[a.operator] - OP_ORDER[b.operator];
}

/** `date` plus n months, day clamped to the month's length (a 3-month package from 31 Aug ends 30 Nov). */
function addMonthsToDate(date: string, n: number): string {
  const month = addMonths(date.slice(0, 7), n);
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(month));
  return `${month}-${String(day).padStart(2, '0')}`;
}

export class Ledger {
  private readonly historyByMonth = new Map<string, PlatformUsageLine[]>();
  private readonly driftByDay = new Map<number, DriftTarget[]>();
  private trial: PackageInput;

  constructor(
    seed: number,
    private readonly plan: HistoryPlan,
    private readonly hist: HistoryAggregates,
    private readonly live: LiveAggregates,
    private readonly drift: readonly DriftTarget[],
  ) {
    for (const t of drift) {
      const list = this.driftByDay.get(t.day) ?? [];
      list.push(t);
      this.driftByDay.set(t.day, list);
    }
    const start = plan.dates[0]!;
    this.trial = {
      packageId: `PKG-TRIAL-${hex8(domainKey(seed, 'package')).toUpperCase()}`,
      quota: TRIAL_QUOTA,
      validFrom: startOfShanghaiDay(start),
      validTo: startOfShanghaiDay(addMonthsToDate(start, TRIAL_MONTHS)),
    };
  }

  /**
   * Scenario knob: sizes the trial package so that `percentLeft` of it is unused at `now`
   * (what it would have covered with no limit, over the share used).
   */
  setTrialLeft(percentLeft: number, now: number): void {
    this.trial = { ...this.trial, quota: Number.MAX_SAFE_INTEGER };
    let used = 0;
    for (const d of coverByPackages(this.dailyBillable(shanghaiMonth(now)), [this.trial])) used += d.covered;
    const share = 1 - percentLeft / 100;
    this.trial = { ...this.trial, quota: share <= 0 ? Math.max(used, 1) * 100 : Math.max(1, Math.ceil(used / share)) };
  }

  pricing(): PlatformPricing {
    return { currency: 'CNY', tiers: DEFAULT_LADDER.map((t) => ({ from: t.from, to: t.to, unitPrice: formatMills(t.unitPriceMills) })) };
  }

  /** 404 for a month after the current one. */
  private assertNotFuture(month: string, now: number): void {
    if (month > shanghaiMonth(now)) throw new EmulatorError('NOT_FOUND', `no statement for ${month}: it has not started yet`);
  }

  private generatedAt(month: string, now: number): string {
    return month === shanghaiMonth(now) ? toShanghaiIso(now) : toShanghaiIso(startOfShanghaiMonth(addMonths(month, 1)));
  }

  usage(month: string, now: number): PlatformUsageStatement {
    this.assertNotFuture(month, now);
    return { month, items: this.lines(month), generatedAt: this.generatedAt(month, now) };
  }

  /** The statement's lines of a month: history (with drift) merged with live totals, sorted. */
  lines(month: string): PlatformUsageLine[] {
    const history = this.historyLines(month);
    const live = this.live.linesOfMonth(month);
    if (live.length === 0) return history;
    const merged = new Map<string, PlatformUsageLine>();
    for (const l of history) merged.set(`${l.date}|${l.id}|${l.capability}|${l.operator}`, { ...l });
    for (const l of live) {
      const key = `${l.date}|${l.id}|${l.capability}|${l.operator}`;
      const have = merged.get(key);
      if (have) {
        have.calls += l.calls;
        have.successes += l.successes;
        have.billable += l.billable;
      } else
        merged.set(key, {
          date: l.date,
          id: l.id,
          appId: l.appId,
          capability: l.capability,
          operator: l.operator,
          calls: l.calls,
          successes: l.successes,
          billable: l.billable,
        });
    }
    return [...merged.values()].sort(compareLines);
  }

  private historyLines(month: string): PlatformUsageLine[] {
    const cached = this.historyByMonth.get(month);
    if (cached) return cached;
    const plan = this.plan;
    const out: PlatformUsageLine[] = [];
    const first = plan.dayIndexOfDate(`${month}-01`);
    const n = daysInMonth(month);
    for (let d = Math.max(0, first); d < Math.min(plan.days, first + n); d++) {
      const counts = this.hist.day(d);
      const drifts = this.driftByDay.get(d);
      for (let k = 0; k < plan.apps.length; k++)
        for (let c = 0; c < 2; c++)
          for (let o = 0; o < 3; o++) {
            const at = lineIndex(k, c, o) * FIELDS;
            let line: Counts | null = counts[at]! > 0 ? { calls: counts[at]!, successes: counts[at + 1]!, billable: counts[at + 2]! } : null;
            const t = drifts?.find((x) => x.app === k && x.cap === c && x.op === o);
            if (t) line = applyDrift(t, line).line;
            if (line) {
              const app = plan.apps[k]!;
              out.push({ date: plan.dates[d]!, id: app.id, appId: app.appId, capability: CAPABILITIES[c]!, operator: OPERATORS[o]!, ...line });
            }
          }
    }
    out.sort(compareLines);
    this.historyByMonth.set(month, out);
    return out;
  }

  /** Billable calls per day by the statement, from the first day with data through `month`. */
  private dailyBillable(throughMonth: string): DailyBillable[] {
    const firstLive = this.live.firstDate();
    let month = this.plan.dates[0]!.slice(0, 7);
    if (firstLive && firstLive.slice(0, 7) < month) month = firstLive.slice(0, 7);
    const days: DailyBillable[] = [];
    for (; month <= throughMonth; month = addMonths(month, 1)) {
      const byDate = new Map<string, number>();
      for (const l of this.lines(month)) byDate.set(l.date, (byDate.get(l.date) ?? 0) + l.billable);
      for (const [date, billable] of byDate) days.push({ date, billable });
    }
    return days;
  }

  bill(month: string, now: number): PlatformBill {
    this.assertNotFuture(month, now);
    const coverage = coverByPackages(this.dailyBillable(month), [this.trial]);
    let billable = 0;
    let covered = 0;
    for (const d of coverage) {
      if (!d.date.startsWith(month)) continue;
      billable += d.billable;
      covered += d.covered;
    }
    const charged = billable - covered;
    const priced = priceProgressive(charged, DEFAULT_LADDER);
    return {
      month,
      status: month === shanghaiMonth(now) ? 'open' : 'final',
      billable,
      packageCovered: covered,
      charged,
      tiers: priced.tiers.map((t) => ({
        from: t.from,
        to: t.to,
        unitPrice: formatMills(t.unitPriceMills),
        count: t.count,
        amount: formatMills(t.amountMills),
      })),
      amount: formatFen(roundToFen(priced.amountMills)),
      generatedAt: this.generatedAt(month, now),
    };
  }

  /**
   * The trial package (seed 000 §4.3: 500 calls, 3 months from the start of history) with its
   * usage so far. The commercial package (商用包) of the account is pay-as-you-go: it has no
   * quota, so it is reported as `subscribed: true`, not as an item.
   */
  packages(now: number): PlatformPackages {
    const coverage = coverByPackages(this.dailyBillable(shanghaiMonth(now)), [this.trial]);
    let used = 0;
    for (const d of coverage) used += d.covered;
    const p = this.trial;
    const status = now >= p.validTo ? 'expired' : used >= p.quota ? 'exhausted' : 'active';
    return {
      subscribed: true,
      items: [
        { packageId: p.packageId, kind: 'trial', quota: p.quota, used, validFrom: toShanghaiIso(p.validFrom), validTo: toShanghaiIso(p.validTo), status },
      ],
    };
  }

  /** The drifted lines, what the records say and what the statement says (for tests and demos). */
  driftReport(): DriftReportLine[] {
    return this.drift.map((t) => {
      const counts = this.hist.day(t.day);
      const at = lineIndex(t.app, t.cap, t.op) * FIELDS;
      const truth = counts[at]! > 0 ? { calls: counts[at]!, successes: counts[at + 1]!, billable: counts[at + 2]! } : null;
      const applied = applyDrift(t, truth);
      const app = this.plan.apps[t.app]!;
      return {
        date: this.plan.dates[t.day]!,
        id: app.id,
        appId: app.appId,
        capability: CAPABILITIES[t.cap]!,
        operator: OPERATORS[t.op]!,
        kind: applied.kind,
        records: truth,
        statement: applied.line,
      };
    });
  }
}
