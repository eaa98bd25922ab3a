/**
 * Derives auth records from (seed, seq). `core*()` draws what billing needs (time, app,
 * capability, operator, result); `json()` continues the same stream for the rest (codes,
 * masked phone, IP, ids) and writes the record's JSON directly from pre-quoted fragments —
 * the feed's hot path, so no intermediate objects and no JSON.stringify per record.
 *
 * Modelled facts: operator shares (China Mobile ≈ 58 %, Telecom ≈ 22 %, Unicom ≈ 20 %);
 * success rates that differ by operator, hour (evening congestion, night maintenance),
 * app platform (H5 is the weakest) and capability; verification outcomes match / mismatch
 * (both billable) or unknown (a failed check, not billable); a small share of late records.
 */
import { capabilities as CAPABILITY_LIST, operators as OPERATOR_LIST, type Capability, type Operator } from '../../shared/platform/domain';
import { SHANGHAI_OFFSET_MS, shanghaiDate } from '../../shared/time/shanghai';
import { FAILURE_KINDS, SERVER_CODES, type FailureKind } from '../data/failure-codes';
import { PHONE_SEGMENTS } from '../data/phone-segments';
import { asciiJson, ByteWriter, utf8 } from '../feed/byte-writer';
import { domainKey, Rng, WeightedTable, WideId } from '../random/prng';
import { DAY_MS, timeOfShare } from './diurnal';
import type { HistoryPlan } from './plan';
import type { TrafficApp } from './seeded-apps';
import { ScenarioSpecError, type Incident, type VolumeDrop } from '../scenario/spec';

/** Scenario knobs the generator applies (see scenario/spec.ts). */
export interface GeneratorScenario {
  incidents?: readonly Incident[];
  volumeDrops?: readonly VolumeDrop[];
}

export const OPERATORS: readonly Operator[] = OPERATOR_LIST;
export const CAPABILITIES: readonly Capability[] = CAPABILITY_LIST;
export const PLATFORMS = ['android', 'ios', 'h5'] as const;

export const OUTCOME_NONE = 0;
export const OUTCOME_MATCH = 1;
export const OUTCOME_MISMATCH = 2;
export const OUTCOME_UNKNOWN = 3;

/** Share of a day's slice that are late arrivals from up to MAX_LAG days before. */
export const LATE_SHARE = 0.004;
export const MAX_LAG = 3;
/** Verification outcomes when the check succeeds. */
const MATCH_SHARE = 0.88;

/** Operator shares in OPERATORS order (CMCC, CUCC, CTCC), cumulative. */
const OP_CUM = [0.58, 0.78, 1];

const LOGIN_BASE: Record<Operator, number> = { CMCC: 0.955, CUCC: 0.925, CTCC: 0.94 };
const VERIFY_BASE: Record<Operator, number> = { CMCC: 0.965, CUCC: 0.935, CTCC: 0.945 };
const PLATFORM_ADJ = { android: 0, ios: -0.008, h5: -0.045 } as const;
function hourAdj(h: number): number {
  if (h <= 5) return -0.015; // night maintenance windows
  if (h >= 19 && h <= 22) return -0.03; // evening congestion
  if (h === 12) return -0.01;
  return 0;
}

/** P(success) by [cap][op][hour][platform], flattened. */
const SUCCESS = new Float64Array(2 * 3 * 24 * 3);
for (let c = 0; c < 2; c++)
  for (let o = 0; o < 3; o++)
    for (let h = 0; h < 24; h++)
      for (let p = 0; p < 3; p++) {
        const op = OPERATORS[o]!;
        const base = c === 0 ? LOGIN_BASE[op] : VERIFY_BASE[op];
        SUCCESS[((c * 3 + o) * 24 + h) * 3 + p] = base + hourAdj(h) + PLATFORM_ADJ[PLATFORMS[p]!];
      }

const q = (s: string | null): string => asciiJson(s);

function resultFragment(code: string, success: boolean, outcome: string | null, carrierCode: string | null, description: string): Buffer {
  return utf8(
    `,"resultCode":${q(code)},"success":${success},"outcome":${q(outcome)},"carrierCode":${q(carrierCode)},"description":${q(description)},"maskedPhone":`,
  );
}

const LOGIN_OK = resultFragment('200', true, null, null, SERVER_CODES['200']!.description);
const VERIFY_MATCH = resultFragment('200', true, 'match', null, '是本机号码');
const VERIFY_MISMATCH = resultFragment('200', true, 'mismatch', null, '非本机号码');

/** Failure fragments per [platform][cap][op]: a table of kinds, each with its carrier-code table. */
type FailureTable = WeightedTable<WeightedTable<Buffer>>;
function buildFailureTables(): FailureTable[] {
  const tables: FailureTable[] = [];
  for (const platform of PLATFORMS)
    for (const cap of CAPABILITIES)
      for (const op of OPERATORS) {
        const kinds = FAILURE_KINDS.filter((k: FailureKind) => (!k.platforms || k.platforms.includes(platform)) && (!k.capability || k.capability === cap));
        tables.push(
          new WeightedTable(
            kinds.map((k) => {
              const server = SERVER_CODES[k.serverCode]!;
              const carriers = new WeightedTable(
                k
                  .carriers(op, cap)
                  .map(
                    ([c, w]) =>
                      [
                        resultFragment(server.code, false, cap === 'verify' ? 'unknown' : null, c?.code ?? null, c?.description ?? server.description),
                        w,
                      ] as const,
                  ),
              );
              return [carriers, k.weight] as const;
            }),
          ),
        );
      }
  return tables;
}
const FAILURES = buildFailureTables();

/** `"138****` per operator and segment. */
const SEGMENTS = OPERATORS.map((op) => PHONE_SEGMENTS[op].map((s) => utf8(`"${s}****`)));
/** `,"capability":"…","operator":"…","requestTime":"` per capability × operator. */
const CAP_OP = CAPABILITIES.flatMap((c) => OPERATORS.map((o) => utf8(`,"capability":"${c}","operator":"${o}","requestTime":"`)));
const REC_ID = utf8(',"recordId":"rec_');
const SEQ = utf8('{"seq":');
const TIME_TAIL = utf8('+08:00"');
const NULL = utf8('null');
const AUTH_TYPE = utf8(',"authType":');
const AUTH = [utf8('"1"'), utf8('"2"'), utf8('"3"')];
const CLIENT_IP = utf8(',"clientIp":');
const TRACE = utf8(',"traceId":"');
const END = utf8('"}');

export interface LiveWeights {
  /** Cumulative shares over the traffic apps (same length). */
  cum: Float64Array;
}

export class RecordGenerator {
  // Core results of the last draw.
  seq = 0;
  timeMs = 0;
  /** Days before the slice's day that the record actually happened (history only). */
  lag = 0;
  app = 0;
  cap = 0;
  op = 0;
  success = false;
  outcome = OUTCOME_NONE;
  /** Index of the incident that turned this record into a failure, or -1. */
  incident = -1;

  private readonly rng: Rng;
  private readonly incidents: readonly { op: number; cap: number; factor: number; fromMs: number; toMs: number; fragment: Buffer }[];
  private readonly drops: readonly { app: number; factor: number; fromMs: number; toMs: number }[];
  private readonly datePrefixes = new Map<number, Buffer>();
  private readonly appFragments: Buffer[];
  private readonly appPlatform: Int32Array;
  private readonly appVerifyShare: Float64Array;
  private readonly appIps: Buffer[][];
  private readonly A: number;
  /** 128-bit trace ids, unique per seq (the record stream's state is only 32 bits). */
  private readonly traceIds: WideId;

  constructor(
    seed: number,
    private readonly plan: HistoryPlan,
    apps: readonly TrafficApp[],
    scenario: GeneratorScenario = {},
  ) {
    this.rng = new Rng(domainKey(seed, 'records'));
    this.incidents = (scenario.incidents ?? []).map((i) => {
      const cap = CAPABILITIES.indexOf(i.capability);
      const description = SERVER_CODES[i.code]?.description ?? '平台异常';
      return {
        op: OPERATORS.indexOf(i.operator),
        cap,
        factor: i.factor,
        fromMs: i.fromMs,
        toMs: i.toMs,
        fragment: resultFragment(i.code, false, cap === 1 ? 'unknown' : null, null, description),
      };
    });
    this.drops = (scenario.volumeDrops ?? []).map((d) => {
      const app = apps.findIndex((a) => a.id === d.app || a.appId === d.app);
      if (app < 0) throw new ScenarioSpecError(`volume drop: no traffic app ${JSON.stringify(d.app)} (give an internal id or appId of an app with traffic)`);
      if (apps.length < 2) throw new ScenarioSpecError('volume drop: needs at least two traffic apps (the calls go to the others)');
      return { app, factor: d.factor, fromMs: d.fromMs, toMs: d.toMs };
    });
    this.traceIds = new WideId(seed, 'records.trace');
    this.A = apps.length;
    this.appFragments = apps.map((a) => utf8(`","id":${q(a.id)},"appId":${q(a.appId)}`));
    this.appPlatform = Int32Array.from(apps.map((a) => PLATFORMS.indexOf(a.platform)));
    this.appVerifyShare = Float64Array.from(apps.map((a) => a.verifyShare));
    this.appIps = apps.map((a) => (a.serverIps.length ? a.serverIps : ['203.0.113.1']).map((ip) => utf8(q(ip))));
  }

  /** Draws the core of history record `seq`, the `i`-th of day `d`'s slice. */
  coreHistory(seq: number, d: number, i: number): void {
    const rng = this.rng.reset(seq);
    const plan = this.plan;
    this.seq = seq;
    const late = rng.float() < LATE_SHARE && d > 0;
    let target = d;
    if (late) {
      this.lag = 1 + rng.int(Math.min(MAX_LAG, d));
      target = d - this.lag;
      this.timeMs = plan.dayStart[target]! + timeOfShare(rng.float());
    } else {
      this.lag = 0;
      this.timeMs = plan.dayStart[d]! + timeOfShare((i + rng.float()) / plan.dayFull[d]!);
    }
    this.common(plan.appCum, target * this.A);
  }

  /**
   * Draws the core of the `i`-th record of day `d`, also for a day past the history (the
   * 'diurnal' live traffic): the same draws as coreHistory, so inside the history's last day
   * it is exactly the record a later start would generate; past it, the last day's app shares.
   */
  coreDay(seq: number, d: number, i: number): void {
    const plan = this.plan;
    if (d < plan.days) {
      this.coreHistory(seq, d, i);
      return;
    }
    const rng = this.rng.reset(seq);
    this.seq = seq;
    const late = rng.float() < LATE_SHARE && d > 0;
    let target = d;
    if (late) {
      this.lag = 1 + rng.int(Math.min(MAX_LAG, d));
      target = d - this.lag;
      this.timeMs = plan.dayStartOf(target) + timeOfShare(rng.float());
    } else {
      this.lag = 0;
      this.timeMs = plan.dayStartOf(d) + timeOfShare((i + rng.float()) / plan.fullOf(d));
    }
    this.common(plan.appCum, Math.min(target, plan.days - 1) * this.A);
  }

  /** Draws the core of a live record at a given instant, with the given app shares. */
  coreLive(seq: number, timeMs: number, weights: LiveWeights): void {
    this.rng.reset(seq);
    this.seq = seq;
    this.lag = 0;
    this.timeMs = timeMs;
    this.common(weights.cum, 0);
  }

  private common(cum: Float64Array, base: number): void {
    const rng = this.rng;
    const A = this.A;
    const u = rng.float();
    let k = 0;
    while (k < A - 1 && u >= cum[base + k]!) k++;
    // A volume drop hands the calls it removes to the next app (extra draws only inside its window).
    for (const d of this.drops) if (d.app === k && this.timeMs >= d.fromMs && this.timeMs < d.toMs && rng.float() >= d.factor) k = (k + 1) % A;
    this.app = k;
    this.cap = rng.float() < this.appVerifyShare[k]! ? 1 : 0;
    const uo = rng.float();
    this.op = uo < OP_CUM[0]! ? 0 : uo < OP_CUM[1]! ? 1 : 2;
    const local = this.timeMs + SHANGHAI_OFFSET_MS;
    const hour = ((((local % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000) | 0;
    const pSuccess = SUCCESS[((this.cap * 3 + this.op) * 24 + hour) * 3 + this.appPlatform[k]!]!;
    this.success = rng.float() < pSuccess;
    this.incident = -1;
    if (this.success) {
      for (let j = 0; j < this.incidents.length; j++) {
        const inc = this.incidents[j]!;
        if (inc.op !== this.op || inc.cap !== this.cap || this.timeMs < inc.fromMs || this.timeMs >= inc.toMs) continue;
        // Failures × factor overall: this share of the usual successes fails with the incident's code.
        if (rng.float() < ((inc.factor - 1) * (1 - pSuccess)) / pSuccess) {
          this.success = false;
          this.incident = j;
        }
        break;
      }
    }
    this.outcome = this.cap === 0 ? OUTCOME_NONE : this.success ? (rng.float() < MATCH_SHARE ? OUTCOME_MATCH : OUTCOME_MISMATCH) : OUTCOME_UNKNOWN;
  }

  /** Billable per platform-api §3 (login success; verify match or mismatch). */
  get billable(): boolean {
    return this.cap === 0 ? this.success : this.outcome === OUTCOME_MATCH || this.outcome === OUTCOME_MISMATCH;
  }

  /** Writes the JSON of the record whose core was drawn last (continues its random stream). */
  write(w: ByteWriter): void {
    const rng = this.rng;
    const cap = this.cap;
    const op = this.op;
    const app = this.app;
    w.reserve(1024);
    w.bytes(SEQ);
    w.uint(this.seq);
    w.bytes(REC_ID);
    // Drawn in a fixed order, whatever the branch, so every field depends on (seed, seq) only.
    const rid = rng.u32();
    w.hex8(rid);
    w.base36(this.seq);
    w.bytes(this.appFragments[app]!);
    w.bytes(CAP_OP[cap * 3 + op]!);
    this.writeTime(w, this.timeMs);
    w.bytes(TIME_TAIL);
    if (this.success) w.bytes(cap === 0 ? LOGIN_OK : this.outcome === OUTCOME_MATCH ? VERIFY_MATCH : VERIFY_MISMATCH);
    else if (this.incident >= 0) w.bytes(this.incidents[this.incident]!.fragment);
    else w.bytes(FAILURES[(this.appPlatform[app]! * 2 + cap) * 3 + op]!.draw(rng).draw(rng));
    // Login failures never reached a number; verification always has the number the user typed.
    if (cap === 1 || this.success) {
      const segs = SEGMENTS[op]!;
      w.bytes(segs[rng.int(segs.length)]!);
      w.digits(rng.int(10_000), 4);
      w.byte(34);
    } else w.bytes(NULL);
    w.bytes(AUTH_TYPE);
    if (this.success) {
      const ua = rng.float();
      w.bytes(AUTH[ua < 0.78 ? 1 : ua < 0.98 || cap === 1 ? 0 : 2]!);
    } else w.bytes(NULL);
    w.bytes(CLIENT_IP);
    const ips = this.appIps[app]!;
    w.bytes(ips[rng.int(ips.length)]!);
    w.bytes(TRACE);
    for (const word of this.traceIds.words(this.seq)) w.hex8(word);
    w.bytes(END);
  }

  /** `YYYY-MM-DDTHH:mm:ss.SSS` in Shanghai time (the +08:00 is the caller's). */
  private writeTime(w: ByteWriter, ms: number): void {
    const local = ms + SHANGHAI_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    let prefix = this.datePrefixes.get(day);
    if (!prefix) {
      if (this.datePrefixes.size > 20_000) this.datePrefixes.clear();
      prefix = utf8(`${shanghaiDate(ms)}T`);
      this.datePrefixes.set(day, prefix);
    }
    w.bytes(prefix);
    let r = local - day * DAY_MS;
    const h = (r / 3_600_000) | 0;
    r -= h * 3_600_000;
    const m = (r / 60_000) | 0;
    r -= m * 60_000;
    const sec = (r / 1000) | 0;
    w.digits(h, 2);
    w.byte(58);
    w.digits(m, 2);
    w.byte(58);
    w.digits(sec, 2);
    w.byte(46);
    w.digits(r - sec * 1000, 3);
  }

  /** The record's JSON as a string (tests and one-off use; the feed writes bytes). */
  json(): string {
    const w = new ByteWriter(1024);
    this.write(w);
    return w.result().toString('utf8');
  }
}
