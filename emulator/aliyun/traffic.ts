/**
 * The Alibaba face's traffic: daily statistics per scheme × authentication type, a pure
 * function of (seed, scheme code, date, type) and — for today only — of how much of the day has
 * passed, so a resync re-reads today's growing counts and yesterday's final ones. Monthly
 * billing lines are derived from the same counts: successful calls are billed (login and verify
 * counted together for the tier), priced with the all-units book (shared/billing price books).
 */
import { createHash } from 'node:crypto';
import { BUILT_IN_BOOKS } from '../../shared/billing/price-books';
import { priceAllUnits } from '../../shared/billing/ladder';
import { formatFen, formatMills, roundToFen, type Mills } from '../../shared/money/mills';
import { datesOfMonth, shanghaiDate, startOfShanghaiDay } from '../../shared/time/shanghai';

/** Statistics numbering (QueryGateVerifyStatisticPublic): 1 一键登录, 2 本机号码校验. */
export type StatType = 1 | 2;

export interface Scheme {
  code: string;
  name: string;
  appName: string;
  osType: 'Android' | 'iOS';
  /** Seeded schemes carry the generated traffic; schemes created through the API have none yet. */
  seeded: boolean;
  deleted: boolean;
}

export interface DayCounts {
  success: number;
  fail: number;
  unknown: number;
}

const DAY_MS = 86_400_000;

function fractions(...key: (string | number)[]): number[] {
  const h = createHash('sha256').update(key.join('|')).digest();
  const out: number[] = [];
  for (let i = 0; i < 8; i++) out.push(h.readUInt32BE(i * 4) / 4294967296);
  return out;
}

export function seededSchemes(seed: number, n: number): Scheme[] {
  const apps = ['阿里云演示商城', '演示出行', '演示银行', '演示外卖', '演示资讯'];
  return Array.from({ length: n }, (_, i) => {
    const f = fractions(seed, 'scheme', i);
    return {
      code: `FC1000${String(Math.floor(f[0]! * 1e10)).padStart(10, '0')}`,
      name: `演示方案 ${i + 1}`,
      appName: apps[i % apps.length]!,
      osType: f[1]! < 0.6 ? 'Android' : 'iOS',
      seeded: true,
      deleted: false,
    };
  });
}

export interface TrafficConfig {
  seed: number;
  /** First day with traffic (Shanghai). */
  start: string;
  /** About this many calls per scheme per day (both types). */
  daily: number;
  now: () => number;
}

/** One scheme's counts for one day and type; zero outside [start, today], partial today. */
export function dayCounts(cfg: TrafficConfig, scheme: Scheme, date: string, type: StatType): DayCounts {
  const now = cfg.now();
  const today = shanghaiDate(now);
  if (!scheme.seeded || date < cfg.start || date > today) return { success: 0, fail: 0, unknown: 0 };
  const [w, day, sRate, uRate] = fractions(cfg.seed, scheme.code, date, type);
  const schemeWeight = 0.3 + 1.4 * fractions(cfg.seed, scheme.code, 'weight')[0]!;
  const weekday = new Date(startOfShanghaiDay(date) + 8 * 3_600_000).getUTCDay();
  const weekFactor = weekday === 0 || weekday === 6 ? 0.8 : 1;
  const share = type === 1 ? 0.7 : 0.3;
  let total = Math.round(cfg.daily * schemeWeight * weekFactor * share * (0.85 + 0.3 * day!) + w! * 3);
  // Today is still being counted: only the part of the day that has passed.
  if (date === today) total = Math.floor((total * (now - startOfShanghaiDay(date))) / DAY_MS);
  const unknown = type === 2 ? Math.floor(total * 0.02 * uRate!) : Math.floor(total * 0.005 * uRate!);
  const success = Math.floor((total - unknown) * (type === 1 ? 0.9 + 0.07 * sRate! : 0.92 + 0.05 * sRate!));
  return { success, fail: total - unknown - success, unknown };
}

/** Billing numbering (QueryGateVerifyBillingPublic): 0 本机号码校验, 1 一键登录, 2 全部. */
export type BillingType = 0 | 1 | 2;

export const ITEM_NAMES: Record<StatType, string> = { 1: '一键登录', 2: '本机号码校验' };

export interface BillingLine {
  sceneCode: string;
  sceneName: string;
  appName: string;
  itemName: string;
  type: StatType;
  add: number;
}

/** A month's true billed calls per scheme × type (before any drift). */
export function monthLines(cfg: TrafficConfig, schemes: readonly Scheme[], month: string): BillingLine[] {
  const dates = datesOfMonth(month);
  const out: BillingLine[] = [];
  for (const s of schemes) {
    for (const type of [1, 2] as const) {
      let add = 0;
      for (const d of dates) add += dayCounts(cfg, s, d, type).success;
      if (add > 0) out.push({ sceneCode: s.code, sceneName: s.name, appName: s.appName, itemName: ITEM_NAMES[type], type, add });
    }
  }
  return out;
}

/** The unit price of a month (all-units: the tier the month's total lands in), in mills. */
export function monthUnitPrice(totalBilled: number): Mills {
  return priceAllUnits(totalBilled, BUILT_IN_BOOKS['aliyun-dypns'].tiers).tier.unitPriceMills;
}

/** "0.035", "0.04": the price as Alibaba prints it (no trailing zeros past the fen). */
export function priceString(mills: Mills): string {
  const s = formatMills(mills);
  return s.endsWith('0') ? s.slice(0, -1) : s;
}

export function lineAmount(add: number, unitMills: Mills): { mills: Mills; text: string } {
  const mills = roundToFen(add * unitMills);
  return { mills, text: formatFen(mills) };
}
