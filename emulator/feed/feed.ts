/**
 * The auth-record feed in seq order: the generated history (seq 1…H, derived on demand),
 * then whatever was appended while running — live traffic in runs derived from (seed, seq)
 * and gateway-call records kept as their JSON. Pages are written as one JSON string.
 */
import { Rng, domainKey } from '../random/prng';
import { ByteWriter, utf8 } from './byte-writer';
import { sha256Hex } from '../../shared/platform/signing';
import type { HistoryPlan } from '../history/plan';
import { CAPABILITIES, OPERATORS, type LiveWeights, type RecordGenerator } from '../history/record-gen';
import type { TrafficApp } from '../history/seeded-apps';
import type { LiveAggregates } from './live-aggregates';
import type { Capability, Operator } from '../../shared/platform/domain';

/** A record appended by a gateway call: its JSON and what billing needs of it. */
export interface ExplicitRecord {
  /** The record's JSON, UTF-8. */
  json: Buffer;
  timeMs: number;
  id: string;
  appId: string;
  capability: Capability;
  operator: Operator;
  success: boolean;
  billable: boolean;
}

interface RateRun {
  kind: 'rate';
  firstSeq: number;
  count: number;
  firstOrdinal: number;
  weights: LiveWeights;
}
/** 'diurnal' live traffic: records firstIndex… of day `day`'s slice, drawn like the history's. */
interface DayRun {
  kind: 'day';
  firstSeq: number;
  count: number;
  day: number;
  firstIndex: number;
}
interface Explicit {
  kind: 'explicit';
  firstSeq: number;
  record: ExplicitRecord;
}
type Segment = RateRun | DayRun | Explicit;

export interface FeedPage {
  /** The page's JSON, UTF-8. */
  body: Buffer;
  count: number;
  nextSeq: number;
  hasMore: boolean;
  /** The SHA-256 (hex) of body, on a page kept by the cache (its signature needs no hashing when served again). */
  sha256?: string;
}

const ITEMS_OPEN = utf8('{"items":[');
const COMMA = 44;

export class Feed {
  private readonly segments: Segment[] = [];
  private headSeq: number;
  private readonly timeRng: Rng;
  private prefetched: { afterSeq: number; limit: number; page: FeedPage } | null = null;
  /** Full pages kept once written, by `afterSeq:limit`, oldest first (see pageCacheBytes). */
  private readonly kept = new Map<string, FeedPage>();
  private keptBytes = 0;

  constructor(
    seed: number,
    private readonly plan: HistoryPlan,
    private readonly gen: RecordGenerator,
    private readonly apps: readonly TrafficApp[],
    private readonly live: LiveAggregates,
    /** Live traffic timing: ordinal k happens at rateStart + (k + jitter) / rate seconds. */
    private readonly rate: { perSecond: number; startMs: number },
    /**
     * Bytes of full pages kept once written (0: none), served again as they were: writing a page's
     * records is most of the emulator's work per request, and a client reading the same history again
     * (a console syncing from the start again, a benchmark's repeated passes) asks for the same pages.
     */
    private readonly pageCacheBytes = 0,
  ) {
    this.headSeq = plan.total;
    this.timeRng = new Rng(domainKey(seed, 'live-time'));
  }

  /** The highest seq in the feed. */
  head(): number {
    return this.headSeq;
  }

  /** When live-traffic record number `ordinal` (0-based) happens. */
  rateTime(ordinal: number): number {
    return this.rate.startMs + Math.floor(((ordinal + this.timeRng.reset(ordinal).float()) * 1000) / this.rate.perSecond);
  }

  /** Appends live-traffic records for ordinals [fromOrdinal, toOrdinal). */
  appendRate(fromOrdinal: number, toOrdinal: number, weights: LiveWeights): void {
    if (toOrdinal <= fromOrdinal) return;
    const last = this.segments[this.segments.length - 1];
    const firstSeq = this.headSeq + 1;
    const count = toOrdinal - fromOrdinal;
    if (last && last.kind === 'rate' && last.weights === weights && last.firstOrdinal + last.count === fromOrdinal && last.firstSeq + last.count === firstSeq)
      last.count += count;
    else this.segments.push({ kind: 'rate', firstSeq, count, firstOrdinal: fromOrdinal, weights });
    const gen = this.gen;
    for (let i = 0; i < count; i++) {
      gen.coreLive(firstSeq + i, this.rateTime(fromOrdinal + i), weights);
      const app = this.apps[gen.app]!;
      this.live.add(gen.timeMs, app.id, app.appId, CAPABILITIES[gen.cap]!, OPERATORS[gen.op]!, gen.success, gen.billable);
    }
    this.headSeq += count;
  }

  /** Appends records [fromIndex, toIndex) of day `day` (the history going on with the clock). */
  appendDay(day: number, fromIndex: number, toIndex: number): void {
    if (toIndex <= fromIndex) return;
    const last = this.segments[this.segments.length - 1];
    const firstSeq = this.headSeq + 1;
    const count = toIndex - fromIndex;
    if (last && last.kind === 'day' && last.day === day && last.firstIndex + last.count === fromIndex && last.firstSeq + last.count === firstSeq)
      last.count += count;
    else this.segments.push({ kind: 'day', firstSeq, count, day, firstIndex: fromIndex });
    const gen = this.gen;
    for (let i = 0; i < count; i++) {
      gen.coreDay(firstSeq + i, day, fromIndex + i);
      const app = this.apps[gen.app]!;
      this.live.add(gen.timeMs, app.id, app.appId, CAPABILITIES[gen.cap]!, OPERATORS[gen.op]!, gen.success, gen.billable);
    }
    this.headSeq += count;
  }

  /** Appends one gateway-call record; `build` receives its seq. */
  appendExplicit(build: (seq: number) => ExplicitRecord): ExplicitRecord {
    const seq = this.headSeq + 1;
    const record = build(seq);
    this.segments.push({ kind: 'explicit', firstSeq: seq, record });
    this.live.add(record.timeMs, record.id, record.appId, record.capability, record.operator, record.success, record.billable);
    this.headSeq = seq;
    return record;
  }

  /**
   * Builds the page a client following the cursor will most likely ask for next, while it is
   * still parsing this one (the server has a core of its own). Only full pages are kept: their
   * bytes cannot change as the feed grows, so serving them later is the same as building then.
   */
  prefetch(afterSeq: number, limit: number): void {
    if (!this.isFull(afterSeq, limit) || this.prefetched?.afterSeq === afterSeq || this.kept.has(`${afterSeq}:${limit}`)) return;
    this.prefetched = { afterSeq, limit, page: this.build(afterSeq, limit) };
  }

  /** Records afterSeq+1 … afterSeq+limit (as far as the head). */
  page(afterSeq: number, limit: number): FeedPage {
    const p = this.prefetched;
    if (p && p.afterSeq === afterSeq && p.limit === limit) {
      this.prefetched = null;
      return this.keep(afterSeq, limit, p.page);
    }
    return this.kept.get(`${afterSeq}:${limit}`) ?? this.keep(afterSeq, limit, this.build(afterSeq, limit));
  }

  /** Whether the page has `limit` records and more after them: its bytes can no longer change as the feed grows. */
  private isFull(afterSeq: number, limit: number): boolean {
    return afterSeq + limit < this.headSeq;
  }

  /** The page as served: the kept copy when it is kept. */
  private keep(afterSeq: number, limit: number, page: FeedPage): FeedPage {
    const size = page.body.length;
    if (!this.isFull(afterSeq, limit) || size > this.pageCacheBytes) return page;
    const already = this.kept.get(`${afterSeq}:${limit}`);
    if (already) return already;
    // The body alone, not the writer's spare room after it; its hash once, for every signature.
    const body = Buffer.from(page.body);
    const kept: FeedPage = { ...page, body, sha256: sha256Hex(body) };
    this.kept.set(`${afterSeq}:${limit}`, kept);
    this.keptBytes += size;
    for (const [key, old] of this.kept) {
      if (this.keptBytes <= this.pageCacheBytes) break;
      this.kept.delete(key);
      this.keptBytes -= old.body.length;
    }
    return kept;
  }

  private build(afterSeq: number, limit: number): FeedPage {
    const head = this.headSeq;
    const from = afterSeq + 1;
    const to = Math.min(afterSeq + limit, head);
    const w = new ByteWriter(Math.max(0, Math.min(to - from + 1, 5000)) * 420 + 64);
    w.bytes(ITEMS_OPEN);
    let seq = from;
    const plan = this.plan;
    const gen = this.gen;
    if (seq <= to && seq <= plan.total) {
      let d = plan.dayOfSeq(seq);
      const stopHistory = Math.min(to, plan.total);
      while (seq <= stopHistory) {
        const first = plan.firstSeq[d]!;
        const stop = Math.min(stopHistory, plan.firstSeq[d + 1]! - 1);
        for (; seq <= stop; seq++) {
          if (seq !== from) w.byte(COMMA);
          gen.coreHistory(seq, d, seq - first);
          gen.write(w);
        }
        d++;
      }
    }
    if (seq <= to) {
      let s = this.segmentOf(seq);
      while (seq <= to) {
        const seg = this.segments[s]!;
        if (seg.kind === 'explicit') {
          if (seq !== from) w.byte(COMMA);
          w.reserve(seg.record.json.length + 1);
          w.bytes(seg.record.json);
          seq++;
        } else if (seg.kind === 'day') {
          const stop = Math.min(to, seg.firstSeq + seg.count - 1);
          for (; seq <= stop; seq++) {
            if (seq !== from) w.byte(COMMA);
            gen.coreDay(seq, seg.day, seg.firstIndex + (seq - seg.firstSeq));
            gen.write(w);
          }
        } else {
          const stop = Math.min(to, seg.firstSeq + seg.count - 1);
          for (; seq <= stop; seq++) {
            if (seq !== from) w.byte(COMMA);
            const ordinal = seg.firstOrdinal + (seq - seg.firstSeq);
            gen.coreLive(seq, this.rateTime(ordinal), seg.weights);
            gen.write(w);
          }
        }
        s++;
      }
    }
    const count = Math.max(0, to - from + 1);
    const nextSeq = count ? to : Math.max(0, afterSeq);
    const hasMore = nextSeq < head;
    w.reserve(64);
    w.ascii(`],"nextSeq":${nextSeq},"hasMore":${hasMore}}`);
    return { body: w.result(), count, nextSeq, hasMore };
  }

  private segmentOf(seq: number): number {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segs[mid]!.firstSeq <= seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
