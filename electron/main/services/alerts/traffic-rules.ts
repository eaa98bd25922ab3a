/**
 * The rules about traffic, per app × operator × capability, from the hourly / daily rollups:
 * failure-rate spike (the window against the same hours of the previous days), success rate
 * below a threshold, volume drop (calls far below the usual for these hours) and a return
 * code surging (its share of calls today against the previous days).
 *
 * The finest rollup is the Shanghai hour, so a window means every hour bucket it touches (the
 * current one partly filled); rates compare fairly across partial buckets, volumes are only
 * compared over complete hours.
 */
import { lookupCarrierCode, lookupResultCode } from '../../../../shared/codes';
import type { RuleConfig, TopCode } from '../../../../shared/contract/alerts';
import type { Capability, Operator } from '../../../../shared/platform/domain';
import { addDays, shanghaiDate, shanghaiHour, startOfShanghaiDay, toShanghaiIso } from '../../../../shared/time/shanghai';
import { appLabel, findingKey, inScope, pct, round4, type Finding, type RuleInput } from './finding';
import type { Bucket, CellRow, FailureRow, RollupSource } from './rollup-query';

const HOUR_MS = 3_600_000;

interface Counts {
  calls: number;
  successes: number;
}

type CellKey = string;
const cellKey = (id: string, operator: string, capability: string): CellKey => `${id}\u0000${operator}\u0000${capability}`;
function splitCell(k: CellKey): { id: string; operator: Operator; capability: Capability } {
  const [id, operator, capability] = k.split('\u0000') as [string, Operator, Capability];
  return { id, operator, capability };
}

/** The hour buckets touched by (now − minutes, now]. */
export function windowBuckets(now: number, minutes: number): Bucket[] {
  const out: Bucket[] = [];
  const first = Math.floor((now - minutes * 60_000 + 1) / HOUR_MS) * HOUR_MS;
  for (let t = first; t <= now; t += HOUR_MS) out.push({ date: shanghaiDate(t), hour: shanghaiHour(t) });
  return out;
}

function shift(b: Bucket, days: number): Bucket {
  return { date: addDays(b.date, days), hour: b.hour };
}

function add(map: Map<CellKey, Counts>, k: CellKey, r: { calls: number; successes: number }): void {
  const c = map.get(k);
  if (c) {
    c.calls += r.calls;
    c.successes += r.successes;
  } else map.set(k, { calls: r.calls, successes: r.successes });
}

/** Window and baseline counts per cell: the window's buckets, and the same buckets on each of the previous `days` days. */
function windowAndBaseline(source: RollupSource, buckets: readonly Bucket[], days: number): { win: Map<CellKey, Counts>; base: Map<CellKey, Counts> } {
  const all = [...buckets];
  for (let d = 1; d <= days; d++) for (const b of buckets) all.push(shift(b, -d));
  const inWindow = new Set(buckets.map((b) => `${b.date}/${b.hour}`));
  const win = new Map<CellKey, Counts>();
  const base = new Map<CellKey, Counts>();
  for (const r of source.hourly(all)) add(inWindow.has(`${r.date}/${r.hour}`) ? win : base, cellKey(r.id, r.operator, r.capability), r);
  return { win, base };
}

function meaningOf(resultCode: string, carrierCode: string, operator: Operator): string | null {
  const e = carrierCode ? lookupCarrierCode(carrierCode, operator) : null;
  const s = lookupResultCode(resultCode);
  const text = (x: typeof e) => (x ? (x.meaningEn ?? x.meaning) : null);
  return text(e) ?? text(s);
}

/**
 * The failure codes of a cell today ranked by how far they exceed their usual share of calls
 * (rollup_failures is per day, so "the window's codes" are today's, weighted by the excess).
 */
export function topCodesOf(
  failures: readonly FailureRow[],
  calls: Map<string, Counts>,
  today: string,
  cell: CellKey,
  operator: Operator,
  limit = 3,
): TopCode[] {
  const todayCalls = calls.get(`${today}\u0000${cell}`)?.calls ?? 0;
  let baseCalls = 0;
  for (const [k, c] of calls) if (!k.startsWith(today) && k.endsWith(`\u0000${cell}`)) baseCalls += c.calls;
  const byCode = new Map<string, { resultCode: string; carrierCode: string; today: number; base: number }>();
  for (const f of failures) {
    if (cellKey(f.id, f.operator, f.capability) !== cell) continue;
    const k = `${f.resultCode}/${f.carrierCode}`;
    const e = byCode.get(k) ?? { resultCode: f.resultCode, carrierCode: f.carrierCode, today: 0, base: 0 };
    if (f.date === today) e.today += f.failures;
    else e.base += f.failures;
    byCode.set(k, e);
  }
  return [...byCode.values()]
    .filter((e) => e.today > 0)
    .map((e) => ({ e, excess: e.today - (baseCalls > 0 ? (e.base / baseCalls) * todayCalls : 0) }))
    .sort((a, b) => b.excess - a.excess || b.e.today - a.e.today)
    .slice(0, limit)
    .map(({ e }) => ({ code: e.resultCode, carrierCode: e.carrierCode || null, failures: e.today, meaning: meaningOf(e.resultCode, e.carrierCode, operator) }));
}

/**
 * The records behind a finding: the cell's failures from the window's start. `to` is the end of
 * today (a bare date; nothing later exists yet), and a window starting at midnight is given as
 * the bare date too, which is what the records view's date picker shows.
 */
function recordsLink(id: string, operator: Operator, capability: Capability, from: number, now: number, extra: Record<string, string> = {}): Finding['link'] {
  const fromText = startOfShanghaiDay(shanghaiDate(from)) === from ? shanghaiDate(from) : toShanghaiIso(from);
  return { view: 'records', query: { app: id, operator, capability, result: 'failure', from: fromText, to: addDays(shanghaiDate(now), 1), ...extra } };
}

/** Daily calls per `${date}\0${cell}` over today and the `days` before, for the top-codes and code-surge rules. */
function dailyCalls(source: RollupSource, today: string, days: number): Map<string, Counts> {
  const dates = Array.from({ length: days + 1 }, (_, i) => addDays(today, -i));
  const calls = new Map<string, Counts>();
  for (const r of source.daily(dates)) add(calls, `${r.date}\u0000${cellKey(r.id, r.operator, r.capability)}`, r);
  return calls;
}

export function failureSpike(config: RuleConfig, input: RuleInput, source: RollupSource): Finding[] {
  const p = config.params as { windowMinutes: number; baselineDays: number; minCalls: number; minFailures: number; factor: number; minRisePercent: number };
  const buckets = windowBuckets(input.now, p.windowMinutes);
  const { win, base } = windowAndBaseline(source, buckets, p.baselineDays);
  const out: Finding[] = [];
  let daily: Map<string, Counts> | null = null;
  const today = shanghaiDate(input.now);
  const windowStart = startOfShanghaiDay(buckets[0]!.date) + buckets[0]!.hour * HOUR_MS;
  for (const [k, w] of win) {
    const { id, operator, capability } = splitCell(k);
    if (!inScope(config, input.apps, id, operator)) continue;
    const failures = w.calls - w.successes;
    if (w.calls < p.minCalls || failures < p.minFailures) continue;
    const b = base.get(k) ?? { calls: 0, successes: 0 };
    // With no history for these hours, an unseen-before cell is measured against a 1-in-(calls+1) floor.
    const baseRate = b.calls > 0 ? (b.calls - b.successes) / b.calls : 0;
    const floor = 1 / (b.calls + 1);
    const rate = failures / w.calls;
    const ref = Math.max(baseRate, floor);
    // A rise that chance alone would not give: the binomial z-score of the window against the baseline rate.
    const z = (failures - w.calls * ref) / Math.sqrt(w.calls * ref * (1 - ref) || 1);
    if (rate < p.factor * ref || rate - baseRate < p.minRisePercent / 100 || z < 4) continue;
    daily ??= dailyCalls(source, today, p.baselineDays);
    const topCodes = topCodesOf(source.cellFailures(addDays(today, -p.baselineDays), today, id, operator, capability), daily, today, k, operator);
    out.push({
      rule: 'failureSpike',
      key: findingKey('failureSpike', [id, operator, capability]),
      scope: { app: id, operator, capability },
      subject: { appName: appLabel(input.apps, id) },
      numbers: {
        windowCalls: w.calls,
        windowFailures: failures,
        failureRate: round4(rate),
        baselineRate: round4(baseRate),
        baselineCalls: b.calls,
        factor: round4(rate / ref),
        windowMinutes: p.windowMinutes,
      },
      topCodes,
      detail:
        `${appLabel(input.apps, id)} ${operator} ${capability}: failure rate ${pct(rate)} (${failures}/${w.calls}) vs ${pct(baseRate)} usually at these hours` +
        (topCodes.length
          ? `; top codes ${topCodes.map((c) => `${c.code}${c.carrierCode ? `/${c.carrierCode}` : ''}${c.meaning ? ` ${c.meaning}` : ''} ×${c.failures}`).join(', ')}`
          : ''),
      link: recordsLink(id, operator, capability, windowStart, input.now),
    });
  }
  return out;
}

export function successBelow(config: RuleConfig, input: RuleInput, source: RollupSource): Finding[] {
  const p = config.params as { windowMinutes: number; thresholdPercent: number; minCalls: number };
  const buckets = windowBuckets(input.now, p.windowMinutes);
  const { win } = windowAndBaseline(source, buckets, 0);
  const windowStart = startOfShanghaiDay(buckets[0]!.date) + buckets[0]!.hour * HOUR_MS;
  const out: Finding[] = [];
  for (const [k, w] of win) {
    const { id, operator, capability } = splitCell(k);
    if (!inScope(config, input.apps, id, operator) || w.calls < p.minCalls) continue;
    const rate = w.successes / w.calls;
    if (rate >= p.thresholdPercent / 100) continue;
    out.push({
      rule: 'successBelow',
      key: findingKey('successBelow', [id, operator, capability]),
      scope: { app: id, operator, capability },
      subject: { appName: appLabel(input.apps, id) },
      numbers: {
        windowCalls: w.calls,
        successes: w.successes,
        successRate: round4(rate),
        thresholdPercent: p.thresholdPercent,
        windowMinutes: p.windowMinutes,
      },
      topCodes: [],
      detail: `${appLabel(input.apps, id)} ${operator} ${capability}: success rate ${pct(rate)} (${w.successes}/${w.calls}) below ${p.thresholdPercent}%`,
      link: recordsLink(id, operator, capability, windowStart, input.now),
    });
  }
  return out;
}

/**
 * Calls of an app over the last complete hours that the records sync has covered, against the
 * same hours of the previous days. Silence after the last sync is not evidence: the window ends
 * where the synced data ends.
 */
export function volumeDrop(config: RuleConfig, input: RuleInput, source: RollupSource, recordsSyncedAt: number | null): Finding[] {
  const p = config.params as { windowHours: number; baselineDays: number; dropToPercent: number; minBaselineCalls: number };
  if (recordsSyncedAt === null) return [];
  const end = Math.floor(Math.min(input.now, recordsSyncedAt) / HOUR_MS) * HOUR_MS;
  const buckets: Bucket[] = [];
  for (let t = end - p.windowHours * HOUR_MS; t < end; t += HOUR_MS) buckets.push({ date: shanghaiDate(t), hour: shanghaiHour(t) });
  const { win, base } = windowAndBaseline(source, buckets, p.baselineDays);
  const perApp = (m: Map<CellKey, Counts>) => {
    const out = new Map<string, number>();
    for (const [k, c] of m) {
      const { id, operator } = splitCell(k);
      if (!inScope(config, input.apps, id, operator)) continue;
      out.set(id, (out.get(id) ?? 0) + c.calls);
    }
    return out;
  };
  const w = perApp(win);
  const b = perApp(base);
  const out: Finding[] = [];
  for (const [id, baseCalls] of b) {
    const usual = baseCalls / p.baselineDays;
    if (usual < p.minBaselineCalls) continue;
    const calls = w.get(id) ?? 0;
    if (calls >= (p.dropToPercent / 100) * usual) continue;
    out.push({
      rule: 'volumeDrop',
      key: findingKey('volumeDrop', [id]),
      scope: { app: id },
      subject: { appName: appLabel(input.apps, id) },
      numbers: { windowCalls: calls, usualCalls: Math.round(usual), ratio: round4(calls / usual), windowHours: p.windowHours, windowEnd: toShanghaiIso(end) },
      topCodes: [],
      detail: `${appLabel(input.apps, id)}: ${calls} calls in the ${p.windowHours} h to ${toShanghaiIso(end).slice(11, 16)} against ${Math.round(usual)} usually (${pct(calls / usual)})`,
      link: { view: 'statistics', query: { app: id, from: shanghaiDate(end - p.baselineDays * 86_400_000), to: addDays(shanghaiDate(end), 1) } },
    });
  }
  return out;
}

/** A return code's share of a cell's calls today against the previous days'. */
export function codeSurge(config: RuleConfig, input: RuleInput, source: RollupSource): Finding[] {
  const p = config.params as { factor: number; minFailures: number; baselineDays: number };
  const today = shanghaiDate(input.now);
  const candidates = source.codeCounts(addDays(today, -p.baselineDays), today, p.minFailures);
  if (!candidates.length) return [];
  const calls = dailyCalls(source, today, p.baselineDays);
  const byCode = new Map<string, { today: number; base: number }>();
  for (const c of candidates) byCode.set(`${cellKey(c.id, c.operator, c.capability)}\u0000${c.resultCode}`, { today: c.today, base: c.before });
  const out: Finding[] = [];
  for (const [k, e] of byCode) {
    if (e.today < p.minFailures) continue;
    const cut = k.lastIndexOf('\u0000');
    const cell = k.slice(0, cut);
    const code = k.slice(cut + 1);
    const { id, operator, capability } = splitCell(cell);
    if (!inScope(config, input.apps, id, operator)) continue;
    const todayCalls = calls.get(`${today}\u0000${cell}`)?.calls ?? 0;
    let baseCalls = 0;
    for (let d = 1; d <= p.baselineDays; d++) baseCalls += calls.get(`${addDays(today, -d)}\u0000${cell}`)?.calls ?? 0;
    if (todayCalls === 0) continue;
    const rate = e.today / todayCalls;
    const baseRate = baseCalls > 0 ? e.base / baseCalls : 0;
    const ref = Math.max(baseRate, 1 / (baseCalls + 1));
    if (rate < p.factor * ref) continue;
    const meaning = lookupResultCode(code);
    out.push({
      rule: 'codeSurge',
      key: findingKey('codeSurge', [id, operator, capability, code]),
      scope: { app: id, operator, capability },
      subject: { appName: appLabel(input.apps, id), code, ...(meaning ? { meaning: meaning.meaningEn ?? meaning.meaning } : {}) },
      numbers: { code, failuresToday: e.today, callsToday: todayCalls, rate: round4(rate), baselineRate: round4(baseRate), factor: round4(rate / ref) },
      topCodes: [{ code, carrierCode: null, failures: e.today, meaning: meaning ? (meaning.meaningEn ?? meaning.meaning) : null }],
      detail: `${appLabel(input.apps, id)} ${operator} ${capability}: code ${code}${meaning ? ` (${meaning.meaningEn ?? meaning.meaning})` : ''} ×${e.today} today, ${pct(rate)} of calls vs ${pct(baseRate)} before`,
      link: recordsLink(id, operator, capability, startOfShanghaiDay(today), input.now, { code }),
    });
  }
  return out;
}

export type { CellRow };
