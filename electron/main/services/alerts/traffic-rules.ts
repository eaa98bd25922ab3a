/**
 * The rules about traffic, per app × operator × capability, from the rollups: failure-rate
 * spike (the window against the same minutes of the previous days), success rate below a
 * threshold, volume drop (calls far below the usual for these hours) and a return code surging
 * (its share of calls today against the previous days).
 *
 * Windows are spans of ten-minute slots (rollup_slots): the spike's window is the slots from
 * the one holding `now − windowMinutes` to the one holding `now` (the current one partly
 * filled, so it covers at least windowMinutes); rates compare fairly across a partial slot,
 * volumes are only compared over complete slots.
 */
import { lookupCarrierCode, lookupResultCode } from '../../../../shared/codes';
import type { AlertRule, AlertScope, RuleConfig, TopCode } from '../../../../shared/contract/alerts';
import type { Capability, Operator } from '../../../../shared/platform/domain';
import { addDays, shanghaiDate, startOfShanghaiDay, toShanghaiIso } from '../../../../shared/time/shanghai';
import { SLOT_MS } from '../store/slot-rollups-repo';
import {
  appLabel,
  DeferredFinding,
  findingKey,
  inScope,
  lazyFinding,
  pct,
  round4,
  type Finding,
  type FindingText,
  type Numbers,
  type RuleInput,
} from './finding';
import { appCount, appIdAt, cellApp, cellAt, CellSums, codeAt, onRenumber, type CellSumsView, type CodeRow, type RollupSource } from './rollup-query';

const DAY_MS = 86_400_000;

/** The window of a rule at `now`: [from, to), slot-aligned, covering (now − minutes, now]. */
export function ruleWindow(now: number, minutes: number): { from: number; to: number } {
  return { from: Math.floor((now - minutes * 60_000) / SLOT_MS) * SLOT_MS, to: Math.floor(now / SLOT_MS) * SLOT_MS + SLOT_MS };
}

/** The days a baseline of `days` days before [from, to) reads. */
function baselineDates(from: number, to: number, days: number): [string, string] {
  return [shanghaiDate(from - days * DAY_MS), shanghaiDate(to - 1 - DAY_MS)];
}

/**
 * Counts per cell in the same span on each of the previous `days` days, summed. Past days only,
 * so it is kept between evaluations (per span, per number of days: one per window position).
 */
function baselineCounts(source: RollupSource, from: number, to: number, days: number): CellSumsView {
  return source.pastValue(`base/${from}/${to}/${days}`, ...baselineDates(from, to, days), () => {
    const m = new CellSums();
    for (let d = 1; d <= days; d++) source.addSpan(from - d * DAY_MS, to - d * DAY_MS, m);
    return m;
  });
}

/** The last window's baseline days (the same for every cell of a window). */
let datesMemo: { key: string; dates: [string, string] } = { key: '', dates: ['', ''] };

/** A window's baseline failure codes, by cell number (filled in as cells need them). */
type CodesByCell = (readonly CodeRow[] | undefined)[];

/**
 * A window's baseline failure codes per cell, filled in as cells need them. Past days only, so
 * kept between evaluations (one array per window position, dropped when a record of one of its
 * days arrives, so a later evaluation starts a new one). Looked up once per evaluation; each
 * cell's rows are then at its number.
 */
function baselineCodesByCell(source: RollupSource, from: number, to: number, days: number): CodesByCell {
  const key = `${from}/${to}/${days}`;
  const dates = (datesMemo.key === key ? datesMemo : (datesMemo = { key, dates: baselineDates(from, to, days) })).dates;
  return source.pastValue(`basecodes/${key}`, dates[0], dates[1], (): CodesByCell => []);
}

/** A cell's failures per code in the same span of the previous `days` days (rows never changed once made). */
function baselineCodes(
  source: RollupSource,
  byCell: CodesByCell,
  from: number,
  to: number,
  days: number,
  k: number,
  id: string,
  operator: Operator,
  capability: Capability,
): readonly CodeRow[] {
  const kept = byCell[k];
  if (kept) return kept;
  // Summed per code once per window position (topCodesOf sums them the same way; this is only sooner).
  const byCode = new Map<string, CodeRow>();
  for (let d = 1; d <= days; d++)
    for (const r of source.spanFailures(from - d * DAY_MS, to - d * DAY_MS, id, operator, capability, k)) {
      const key = `${r.resultCode}/${r.carrierCode}`;
      const e = byCode.get(key);
      if (e) e.failures += r.failures;
      else byCode.set(key, { ...r });
    }
  const rows = [...byCode.values()];
  byCell[k] = rows;
  return rows;
}

/**
 * Finding keys by rule and by what they are about (an app's id: the volume drop; cells keep
 * theirs in their facts), made once: a sync page finds most findings again, and a key kept is
 * neither built nor hashed again where episodes are matched by it. Bounded (dropped whole beyond
 * 20,000 per rule).
 */
const keysByRule = new Map<string, Map<string, string>>();
function keptKey(rule: AlertRule, of: string, parts: readonly string[]): string {
  let keys = keysByRule.get(rule);
  if (!keys) keysByRule.set(rule, (keys = new Map()));
  let key = keys.get(of);
  if (key === undefined) {
    if (keys.size >= 20_000) keys.clear();
    keys.set(of, (key = findingKey(rule, parts)));
  }
  return key;
}

/** What a cell's findings share: its parts, one frozen scope object, and its finding keys made once. */
interface CellFacts {
  readonly id: string;
  readonly operator: Operator;
  readonly capability: Capability;
  readonly scope: Readonly<AlertScope>;
  spikeKey: string | null;
  belowKey: string | null;
  /** The code surge's finding keys by result code number. */
  readonly surgeKeys: (string | undefined)[];
}

/**
 * Each cell's facts by cell number (rollup-query.ts's), made once: a sync page finds some 300
 * cells' findings again, and one array index gives what splitting the cell's key, making its
 * scope and its finding keys would otherwise look up one by one. As many as the cells; dropped
 * when the numbering starts afresh.
 */
const cellFacts: (CellFacts | undefined)[] = [];
onRenumber(() => {
  cellFacts.length = 0;
});
function factsAt(n: number): CellFacts {
  let facts = cellFacts[n];
  if (!facts) {
    const { id, operator, capability } = cellAt(n);
    cellFacts[n] = facts = {
      id,
      operator,
      capability,
      scope: Object.freeze({ app: id, operator, capability }),
      spikeKey: null,
      belowKey: null,
      surgeKeys: [],
    };
  }
  return facts;
}

/** Whether a cell is one an incremental evaluation looks at (all when there is no `only`). */
function wanted(input: RuleInput, n: number): boolean {
  return !input.only || input.only.cells.has(n);
}

/** Meanings looked up (the catalogue does not change while the app runs; bounded against odd codes). */
const meanings = new Map<string, string | null>();

function meaningOf(resultCode: string, carrierCode: string, operator: Operator): string | null {
  const key = `${operator}\u0000${resultCode}\u0000${carrierCode}`;
  const hit = meanings.get(key);
  if (hit !== undefined) return hit;
  const e = carrierCode ? lookupCarrierCode(carrierCode, operator) : null;
  const s = lookupResultCode(resultCode);
  const text = (x: typeof e) => (x ? (x.meaningEn ?? x.meaning) : null);
  const meaning = text(e) ?? text(s);
  if (meanings.size >= 4096) meanings.clear();
  meanings.set(key, meaning);
  return meaning;
}

/**
 * The failure codes of a cell's window ranked by how far they exceed their usual share of calls
 * in the same minutes of the baseline days (the steepest first, then the most failures, then as
 * the window listed them). `windowFailures`, when given, are the window rows' counts (a finding
 * keeps them apart from rows that are patched later). Plain loops over a cell's few codes: this
 * runs for every spike that opens an episode, a hundred and more on one page, mostly not yet
 * optimised, where a Map, spread rows and a sort chain cost more than the ranking.
 */
export function topCodesOf(
  window: readonly CodeRow[],
  baseline: readonly CodeRow[],
  windowCalls: number,
  baselineCalls: number,
  operator: Operator,
  limit = 3,
  windowFailures?: readonly number[],
): TopCode[] {
  // The window's codes in the order they first come, with their failures summed.
  const codes: CodeRow[] = [];
  const now: number[] = [];
  for (let i = 0; i < window.length; i++) {
    const r = window[i]!;
    const n = windowFailures ? windowFailures[i]! : r.failures;
    const j = codeIndex(codes, r);
    if (j < 0) {
      codes.push(r);
      now.push(n);
    } else now[j]! += n;
  }
  // Codes seen only in the baseline have no failures now: they are never ranked.
  const base = new Array<number>(codes.length).fill(0);
  for (let i = 0; i < baseline.length; i++) {
    const j = codeIndex(codes, baseline[i]!);
    if (j >= 0) base[j]! += baseline[i]!.failures;
  }
  // The best `limit` in order, kept by insertion (a stable sort's order: a later code goes after its equals).
  const top: { j: number; excess: number }[] = [];
  for (let j = 0; j < codes.length; j++) {
    if (!(now[j]! > 0)) continue;
    const excess = now[j]! - (baselineCalls > 0 ? (base[j]! / baselineCalls) * windowCalls : 0);
    let at = top.length;
    while (at > 0 && (excess - top[at - 1]!.excess || now[j]! - now[top[at - 1]!.j]!) > 0) at--;
    if (at < limit) {
      top.splice(at, 0, { j, excess });
      if (top.length > limit) top.pop();
    }
  }
  const out: TopCode[] = [];
  for (const { j } of top) {
    const c = codes[j]!;
    out.push({ code: c.resultCode, carrierCode: c.carrierCode || null, failures: now[j]!, meaning: meaningOf(c.resultCode, c.carrierCode, operator) });
  }
  return out;
}

/** Where a row's code (result and carrier code) is among `codes`, or -1. */
function codeIndex(codes: readonly CodeRow[], r: CodeRow): number {
  for (let j = 0; j < codes.length; j++) if (codes[j]!.resultCode === r.resultCode && codes[j]!.carrierCode === r.carrierCode) return j;
  return -1;
}

/**
 * The records behind a finding: the cell's failures from the window's start. `to` is the end of
 * today (a bare date; nothing later exists yet), and a window starting at midnight is given as
 * the bare date too, which is what the records view's date picker shows.
 */
function recordsLink(id: string, operator: Operator, capability: Capability, span: LinkSpan): Finding['link'] {
  return { view: 'records', query: { app: id, operator, capability, result: 'failure', from: span.from, to: span.to } };
}

/**
 * The same, narrowed to one result code (a code surge's). A function of its own, with the code in
 * its literal: when it was an optional argument added by assignment, the first code surge of a
 * process deoptimised the link code that spikes and success-rate findings had optimised without it.
 */
function codeRecordsLink(id: string, operator: Operator, capability: Capability, span: LinkSpan, code: string): Finding['link'] {
  return { view: 'records', query: { app: id, operator, capability, result: 'failure', from: span.from, to: span.to, code } };
}

interface LinkSpan {
  from: string;
  to: string;
}

/** The records link's dates, formatted once per rule (every finding of a rule shares them). */
function linkSpan(from: number, now: number): LinkSpan {
  const fromDate = shanghaiDate(from);
  return { from: startOfShanghaiDay(fromDate) === from ? fromDate : toShanghaiIso(from), to: addDays(shanghaiDate(now), 1) };
}

/** Calls per cell on `today`, and summed over the `days` before it (past days only: kept between evaluations). */
function dailyCalls(source: RollupSource, today: string, days: number): { today: CellSumsView; before: CellSumsView } {
  const before = source.pastValue(`daycalls/${today}/${days}`, addDays(today, -days), addDays(today, -1), () => {
    const m = new CellSums();
    for (let d = 1; d <= days; d++) m.addAll(source.dayCalls(addDays(today, -d)));
    return m;
  });
  return { today: source.dayCalls(today), before };
}

/** What every spike finding of one evaluation shares. */
interface SpikeShared {
  apps: RuleInput['apps'];
  from: number;
  now: number;
  since: string;
  windowMinutes: number;
  span: LinkSpan | null;
}

/**
 * A failure spike: its figures in fields, its numbers and text made on first read (after a sync
 * page some 145 cells spike again and only the ones opening an episode are read).
 */
class SpikeFinding extends DeferredFinding {
  constructor(
    key: string,
    scope: Readonly<AlertScope>,
    cell: number,
    private readonly shared: SpikeShared,
    private readonly calls: number,
    private readonly failures: number,
    private readonly baseCalls: number,
    private readonly baseRate: number,
    private readonly ref: number,
    private readonly windowRows: readonly CodeRow[],
    private readonly windowFailures: readonly number[],
    private readonly baseCodes: readonly CodeRow[],
  ) {
    super('failureSpike', key, scope, cell);
  }
  private nums: Numbers | null = null;
  get numbers(): Numbers {
    return (this.nums ??= this.makeNumbers());
  }
  private makeNumbers(): Numbers {
    const rate = this.failures / this.calls;
    return {
      windowCalls: this.calls,
      windowFailures: this.failures,
      failureRate: round4(rate),
      baselineRate: round4(this.baseRate),
      baselineCalls: this.baseCalls,
      factor: round4(rate / this.ref),
      windowMinutes: this.shared.windowMinutes,
      windowStart: this.shared.since,
    };
  }
  protected makeText(): FindingText {
    const { calls, failures, baseRate, shared } = this;
    const id = this.scope.app!;
    const operator = this.scope.operator!;
    const capability = this.scope.capability!;
    const rate = failures / calls;
    const topCodes = topCodesOf(this.windowRows, this.baseCodes, calls, this.baseCalls, operator, 3, this.windowFailures);
    const label = appLabel(shared.apps, id);
    return {
      subject: { appName: label },
      topCodes,
      detail: `${label} ${operator} ${capability}: failure rate ${pct(rate)} (${failures}/${calls}) since ${shared.since.slice(11, 16)} vs ${pct(baseRate)} usually at these times${topCodesText(topCodes)}`,
      link: recordsLink(id, operator, capability, (shared.span ??= linkSpan(shared.from, shared.now))),
    };
  }
}

/** A spike's top codes as its detail ends with them (none: nothing); a loop, not map and join with a closure made per finding. */
function topCodesText(topCodes: readonly TopCode[]): string {
  let out = '';
  for (let i = 0; i < topCodes.length; i++) {
    const c = topCodes[i]!;
    out += `${i ? ', ' : '; top codes '}${c.code}${c.carrierCode ? `/${c.carrierCode}` : ''}${c.meaning ? ` ${c.meaning}` : ''} ×${c.failures}`;
  }
  return out;
}

export function failureSpike(config: RuleConfig, input: RuleInput, source: RollupSource): Finding[] {
  const p = config.params as { windowMinutes: number; baselineDays: number; minCalls: number; minFailures: number; factor: number; minRisePercent: number };
  const { from, to } = ruleWindow(input.now, p.windowMinutes);
  const win = source.window(from, to);
  const out: Finding[] = [];
  let base: CellSumsView | null = null;
  let codes: CodesByCell | null = null;
  let shared: SpikeShared | null = null;
  // Reading ahead: the window's failure codes too (every cell's, in one read per slot; kept and
  // patched as records arrive), so the first cell to spike does not read them on a sync page.
  if (input.prepare && win.cells.length) {
    const k = win.cells[0]!;
    const { id, operator, capability } = cellAt(k);
    source.spanFailures(from, to, id, operator, capability, k);
  }
  // In the window's order (as its rows came), looking at the touched cells only when incremental.
  const cells = win.cells;
  const winCalls = win.calls;
  const winSuccesses = win.successes;
  for (let i = 0; i < cells.length; i++) {
    const k = cells[i]!;
    if (!wanted(input, k)) continue;
    const calls = winCalls[k]!;
    const failures = calls - winSuccesses[k]!;
    // Reading ahead (the window has not filled yet): every cell's baseline codes, whatever its counts so far.
    if (!input.prepare && (calls < p.minCalls || failures < p.minFailures)) continue;
    const facts = factsAt(k);
    const { id, operator, capability } = facts;
    if (!inScope(config, input.apps, id, operator)) continue;
    base ??= baselineCounts(source, from, to, p.baselineDays);
    codes ??= baselineCodesByCell(source, from, to, p.baselineDays);
    if (input.prepare) {
      baselineCodes(source, codes, from, to, p.baselineDays, k, id, operator, capability);
      continue;
    }
    const baseCalls = base.calls[k] ?? 0;
    // With no history for these minutes, an unseen-before cell is measured against a 1-in-(calls+1) floor.
    const baseRate = baseCalls > 0 ? (baseCalls - base.successes[k]!) / baseCalls : 0;
    const floor = 1 / (baseCalls + 1);
    const rate = failures / calls;
    const ref = Math.max(baseRate, floor);
    // A rise that chance alone would not give: the binomial z-score of the window against the baseline rate.
    const z = (failures - calls * ref) / Math.sqrt(calls * ref * (1 - ref) || 1);
    if (rate < p.factor * ref || rate - baseRate < p.minRisePercent / 100 || z < 4) continue;
    shared ??= { apps: input.apps, from, now: input.now, since: toShanghaiIso(from), windowMinutes: p.windowMinutes, span: null };
    out.push(spikeFinding(source, codes, to, p.baselineDays, facts, k, shared, calls, failures, baseCalls, baseRate, ref));
  }
  return out;
}

/**
 * A spiking cell's finding. Made apart from failureSpike's loop over the cells (which runs after
 * every sync page), so that loop stays a small function for V8 to optimise: its compile runs on
 * a helper thread while later pages are evaluated.
 */
function spikeFinding(
  source: RollupSource,
  codes: CodesByCell,
  to: number,
  baselineDays: number,
  facts: CellFacts,
  k: number,
  shared: SpikeShared,
  calls: number,
  failures: number,
  baseCalls: number,
  baseRate: number,
  ref: number,
): SpikeFinding {
  const { id, operator, capability } = facts;
  const from = shared.from;
  // What the text is made of, fixed now: the baseline's rows are never changed once made, the
  // window's kept rows are patched as records arrive (so their counts are copied).
  const baseCodes = baselineCodes(source, codes, from, to, baselineDays, k, id, operator, capability);
  const windowRows = source.spanFailures(from, to, id, operator, capability, k);
  // Pushed, not mapped: an array made by map is packed while this runs unoptimised and holey once V8
  // has optimised it (inlined map allocates the array whole), and topCodesOf, optimised on the first
  // kind, was thrown away (and compiled again) at the first spike made by optimised code.
  const windowFailures: number[] = [];
  for (let i = 0; i < windowRows.length; i++) windowFailures.push(windowRows[i]!.failures);
  return new SpikeFinding(
    (facts.spikeKey ??= findingKey('failureSpike', [id, operator, capability])),
    facts.scope,
    k,
    shared,
    calls,
    failures,
    baseCalls,
    baseRate,
    ref,
    windowRows,
    windowFailures,
    baseCodes,
  );
}

export function successBelow(config: RuleConfig, input: RuleInput, source: RollupSource): Finding[] {
  const p = config.params as { windowMinutes: number; thresholdPercent: number; minCalls: number };
  const { from, to } = ruleWindow(input.now, p.windowMinutes);
  const win = source.window(from, to);
  const out: Finding[] = [];
  let shared: BelowShared | null = null;
  const cells = win.cells;
  // The same for every cell (worked out once: code that runs once a page is seldom optimised, and
  // each number it works out is one more object to collect).
  const t = p.thresholdPercent / 100;
  const noise = 2 * Math.sqrt(t * (1 - t));
  // A whole percentage: the integer test below is exact (its products are integers well within 2^53).
  const percent = Number.isInteger(p.thresholdPercent) ? p.thresholdPercent : Number.POSITIVE_INFINITY;
  for (let i = 0; i < cells.length; i++) {
    const k = cells[i]!;
    const calls = win.calls[k]!;
    if (calls < p.minCalls || !wanted(input, k)) continue;
    const successes = win.successes[k]!;
    // Most cells are well above the threshold: told in integers (successes / calls > percent / 100
    // exactly, so the rate as computed below is ≥ t too: rounding keeps the order), before working
    // out the rate makes a heap number for each cell in code that runs once a page and is seldom optimised.
    if (successes * 100 > percent * calls) continue;
    const rate = successes / calls;
    // Below the threshold by more than sampling noise (two standard errors at the threshold): a
    // cell that usually runs near it does not page on every unlucky ten minutes.
    if (rate >= t || (t - rate) * Math.sqrt(calls) < noise) continue;
    const facts = factsAt(k);
    if (!inScope(config, input.apps, facts.id, facts.operator)) continue;
    shared ??= { apps: input.apps, from, now: input.now, span: null };
    out.push(belowFinding(facts, k, calls, successes, rate, p, shared));
  }
  return out;
}

/** What every success-rate finding of one evaluation shares. */
interface BelowShared {
  apps: RuleInput['apps'];
  from: number;
  now: number;
  span: LinkSpan | null;
}

/**
 * A success-rate finding. Made apart from successBelow's loop: the text's closure holds the cell's
 * figures, and a closure over the loop's own variables would have V8 make a context for them on
 * every cell looked at (some 300 a page), finding or not.
 */
function belowFinding(
  facts: CellFacts,
  k: number,
  calls: number,
  successes: number,
  rate: number,
  p: { windowMinutes: number; thresholdPercent: number },
  shared: BelowShared,
): Finding {
  const { id, operator, capability } = facts;
  return lazyFinding(
    'successBelow',
    (facts.belowKey ??= findingKey('successBelow', [id, operator, capability])),
    { app: id, operator, capability },
    { windowCalls: calls, successes, successRate: round4(rate), thresholdPercent: p.thresholdPercent, windowMinutes: p.windowMinutes },
    () => ({
      subject: { appName: appLabel(shared.apps, id) },
      topCodes: [],
      detail: `${appLabel(shared.apps, id)} ${operator} ${capability}: success rate ${pct(rate)} (${successes}/${calls}) below ${p.thresholdPercent}%`,
      link: recordsLink(id, operator, capability, (shared.span ??= linkSpan(shared.from, shared.now))),
    }),
    k,
  );
}

/** The volume drop's window: the last complete slot the sync has covered ends it. */
export function volumeWindow(now: number, recordsSyncedAt: number, hours: number): { start: number; end: number } {
  const end = Math.floor(Math.min(now, recordsSyncedAt) / SLOT_MS) * SLOT_MS;
  return { start: end - hours * 3_600_000, end };
}

/**
 * What a traffic rule's findings depend on besides the rollups of the cells it looks at (and the
 * configuration and apps, which evaluate.ts adds): two evaluations with the same frame and no new
 * records for a cell find the same for that cell. Written out as a short string (made after every
 * sync page, for every rule).
 */
export function trafficFrame(config: RuleConfig, now: number, recordsSyncedAt: number | null): string {
  const p = config.params;
  switch (config.rule) {
    case 'failureSpike':
    case 'successBelow': {
      const { from, to } = ruleWindow(now, p.windowMinutes ?? 0);
      return `${from}/${to}/${shanghaiDate(now)}`;
    }
    case 'volumeDrop': {
      if (recordsSyncedAt === null) return 'none';
      const { start, end } = volumeWindow(now, recordsSyncedAt, p.windowHours ?? 0);
      return `${start}/${end}`;
    }
    default:
      return shanghaiDate(now);
  }
}

/** Calls per app by app number, and the apps in the order their cells came (in scope; the touched ones only, given `touched`). */
interface AppCalls {
  /** A plain array of counts (read without making a heap number each, as CellSums's). */
  sums: number[];
  order: number[];
}
function callsPerApp(m: CellSumsView, config: RuleConfig, apps: RuleInput['apps'], touched: Uint8Array | null): AppCalls {
  const sums = new Array<number>(appCount()).fill(0);
  const seen = new Uint8Array(appCount());
  const order: number[] = [];
  for (let i = 0; i < m.cells.length; i++) {
    const n = m.cells[i]!;
    const a = cellApp(n);
    if (touched && !touched[a]) continue;
    if (!inScope(config, apps, appIdAt(a), cellAt(n).operator)) continue;
    if (!seen[a]) {
      seen[a] = 1;
      order.push(a);
    }
    sums[a]! += m.calls[n]!;
  }
  return { sums, order };
}

/**
 * A baseline's calls per app, made once per baseline, configuration and apps list (the baseline
 * is of past days and kept between evaluations: summing its cells again after every sync page
 * would find the same). Every app's: an incremental evaluation skips the untouched ones, which
 * leaves the touched ones in the same order and with the same sums as summing them alone.
 */
/** Whether a configuration's scope cannot change under a value made from it (the rules repository's are deep-frozen). */
function scopeFrozen(config: RuleConfig): boolean {
  const { scope } = config;
  return (
    Object.isFrozen(config) && Object.isFrozen(scope) && (!scope.apps || Object.isFrozen(scope.apps)) && (!scope.operators || Object.isFrozen(scope.operators))
  );
}
const baselineApps = new WeakMap<CellSumsView, { config: RuleConfig; apps: RuleInput['apps']; calls: AppCalls }>();
function baselinePerApp(base: CellSumsView, config: RuleConfig, apps: RuleInput['apps']): AppCalls {
  const kept = baselineApps.get(base);
  if (kept && kept.config === config && kept.apps === apps && scopeFrozen(config)) return kept.calls;
  const calls = callsPerApp(base, config, apps, null);
  baselineApps.set(base, { config, apps, calls });
  return calls;
}

/**
 * Calls of an app over the last complete hours that the records sync has covered, against the
 * same hours of the previous days. Silence after the last sync is not evidence: the window ends
 * where the synced data ends.
 */
export function volumeDrop(config: RuleConfig, input: RuleInput, source: RollupSource, recordsSyncedAt: number | null): Finding[] {
  const p = config.params as { windowHours: number; baselineDays: number; dropToPercent: number; minBaselineCalls: number };
  if (recordsSyncedAt === null) return [];
  const { start, end } = volumeWindow(input.now, recordsSyncedAt, p.windowHours);
  const win = source.window(start, end);
  const base = baselineCounts(source, start, end, p.baselineDays);
  // Incremental: the apps of the touched cells, by app number.
  let touchedApps: Uint8Array | null = null;
  if (input.only) {
    touchedApps = new Uint8Array(appCount());
    const list = input.only.cells.list;
    for (let i = 0; i < list.length; i++) touchedApps[cellApp(list[i]!)] = 1;
  }
  const w = callsPerApp(win, config, input.apps, touchedApps);
  const b = baselinePerApp(base, config, input.apps);
  const out: Finding[] = [];
  for (let i = 0; i < b.order.length; i++) {
    const a = b.order[i]!;
    if (touchedApps && !touchedApps[a]) continue;
    const id = appIdAt(a);
    const usual = b.sums[a]! / p.baselineDays;
    if (usual < p.minBaselineCalls) continue;
    const calls = w.sums[a]!;
    if (calls >= (p.dropToPercent / 100) * usual) continue;
    out.push(dropFinding(id, calls, usual, end, p, input.apps));
  }
  return out;
}

/**
 * A volume drop finding. Made apart from volumeDrop's loop, as successBelow's are: a text closure
 * over the loop's variables would have V8 make a context for them on every app looked at, finding
 * or not, and would make volumeDrop (which runs once a sync page) a larger function to optimise.
 */
function dropFinding(
  id: string,
  calls: number,
  usual: number,
  end: number,
  p: { windowHours: number; baselineDays: number },
  apps: RuleInput['apps'],
): Finding {
  return lazyFinding(
    'volumeDrop',
    keptKey('volumeDrop', id, [id]),
    { app: id },
    { windowCalls: calls, usualCalls: Math.round(usual), ratio: round4(calls / usual), windowHours: p.windowHours, windowEnd: toShanghaiIso(end) },
    () => ({
      subject: { appName: appLabel(apps, id) },
      topCodes: [],
      detail: `${appLabel(apps, id)}: ${calls} calls in the ${p.windowHours} h to ${toShanghaiIso(end).slice(11, 16)} against ${Math.round(usual)} usually (${pct(calls / usual)})`,
      link: { view: 'statistics', query: { app: id, from: shanghaiDate(end - p.baselineDays * DAY_MS), to: addDays(shanghaiDate(end), 1) } },
    }),
  );
}

/** What every code surge finding of one evaluation shares. */
interface SurgeShared {
  apps: RuleInput['apps'];
  today: string;
  now: number;
  span: LinkSpan | null;
  meanings: Map<string, ReturnType<typeof lookupResultCode>>;
}

/** A code surging: its figures in fields, its numbers and text made on first read (as a spike's). */
class SurgeFinding extends DeferredFinding {
  constructor(
    key: string,
    scope: Readonly<AlertScope>,
    cell: number,
    private readonly shared: SurgeShared,
    private readonly code: string,
    private readonly failuresToday: number,
    private readonly callsToday: number,
    private readonly baseRate: number,
    private readonly ref: number,
  ) {
    super('codeSurge', key, scope, cell);
  }
  private nums: Numbers | null = null;
  get numbers(): Numbers {
    return (this.nums ??= this.makeNumbers());
  }
  private makeNumbers(): Numbers {
    const rate = this.failuresToday / this.callsToday;
    return {
      code: this.code,
      failuresToday: this.failuresToday,
      callsToday: this.callsToday,
      rate: round4(rate),
      baselineRate: round4(this.baseRate),
      factor: round4(rate / this.ref),
    };
  }
  protected makeText(): FindingText {
    const { code, failuresToday, shared } = this;
    const id = this.scope.app!;
    const operator = this.scope.operator!;
    const capability = this.scope.capability!;
    const rate = failuresToday / this.callsToday;
    let meaning = shared.meanings.get(code);
    if (meaning === undefined) shared.meanings.set(code, (meaning = lookupResultCode(code)));
    const text = meaning ? (meaning.meaningEn ?? meaning.meaning) : null;
    // One label for the subject and the detail; the meaning added by assignment (no spread: this
    // runs for every surge a page opens, a hundred and more at once, mostly not optimised yet).
    const label = appLabel(shared.apps, id);
    const subject: Record<string, string> = { appName: label, code };
    if (text) subject.meaning = text;
    return {
      subject,
      topCodes: [{ code, carrierCode: null, failures: failuresToday, meaning: text }],
      detail: `${label} ${operator} ${capability}: code ${code}${text ? ` (${text})` : ''} ×${failuresToday} today, ${pct(rate)} of calls vs ${pct(this.baseRate)} before`,
      link: codeRecordsLink(id, operator, capability, (shared.span ??= linkSpan(startOfShanghaiDay(shared.today), shared.now)), code),
    };
  }
}

/** A surging code's finding, made apart from codeSurge's visitor (as a spike's, to keep that small). */
function surgeFinding(
  facts: CellFacts,
  n: number,
  code: number,
  shared: SurgeShared,
  failuresToday: number,
  todayCalls: number,
  baseRate: number,
  ref: number,
): SurgeFinding {
  const { id, operator, capability } = facts;
  const resultCode = codeAt(code);
  return new SurgeFinding(
    (facts.surgeKeys[code] ??= findingKey('codeSurge', [id, operator, capability, resultCode])),
    facts.scope,
    n,
    shared,
    resultCode,
    failuresToday,
    todayCalls,
    baseRate,
    ref,
  );
}

/** A return code's share of a cell's calls today against the previous days'. */
export function codeSurge(config: RuleConfig, input: RuleInput, source: RollupSource): Finding[] {
  const p = config.params as { factor: number; minFailures: number; baselineDays: number };
  const today = shanghaiDate(input.now);
  const from = addDays(today, -p.baselineDays);
  if (input.prepare) {
    // Reading ahead: the days before (the dear part, read once a day) are kept now; nothing is found.
    source.codeCounts(from, today, p.minFailures, () => {}, { readAhead: true, ...(input.only ? { cells: input.only.cells } : {}) });
    dailyCalls(source, today, p.baselineDays);
    return [];
  }
  let calls: ReturnType<typeof dailyCalls> | null = null;
  const out: Finding[] = [];
  let shared: SurgeShared | null = null;
  // Candidates come by cell and code number, in the order the day's codes came (or the touched cells').
  source.codeCounts(
    from,
    today,
    p.minFailures,
    (n, code, failuresToday, before) => {
      if (failuresToday < p.minFailures || !wanted(input, n)) return;
      const facts = factsAt(n);
      const { id, operator } = facts;
      if (!inScope(config, input.apps, id, operator)) return;
      calls ??= dailyCalls(source, today, p.baselineDays);
      const todayCalls = calls.today.calls[n] ?? 0;
      const baseCalls = calls.before.calls[n] ?? 0;
      if (todayCalls === 0) return;
      const rate = failuresToday / todayCalls;
      const baseRate = baseCalls > 0 ? before / baseCalls : 0;
      const ref = Math.max(baseRate, 1 / (baseCalls + 1));
      if (rate < p.factor * ref) return;
      shared ??= { apps: input.apps, today, now: input.now, span: null, meanings: new Map() };
      out.push(surgeFinding(facts, n, code, shared, failuresToday, todayCalls, baseRate, ref));
    },
    input.only ? { cells: input.only.cells } : {},
  );
  return out;
}
