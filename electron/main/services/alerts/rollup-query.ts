/**
 * What the rules read: the rollup tables kept current by ingest (never auth_records). The
 * statistics screens' functions answer one filter at a time; the rules look at every
 * app × operator × capability at once, so these are the same tables read grouped, in one
 * statement each, keyed by their primary keys (date[, hour | slot] leads every one).
 *
 * A window is a span of ten-minute slots. Its whole Shanghai hours are read from rollup_hourly
 * (one bucket per hour) and only its ragged edges from rollup_slots, so a 24-hour window costs
 * about as many reads as a 30-minute one.
 */
import { capabilities, operators, type Capability, type Operator } from '../../../../shared/platform/domain';
import { addDays, shanghaiDate, shanghaiHour } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared-once';
import { rollupWitness } from '../store/auth-records-repo';
import { watchRollups, type RollupDelta } from '../store/rollup-journal';
import { SLOT_MS, shanghaiSlot } from '../store/slot-rollups-repo';

const HOUR_MS = 3_600_000;

export interface CellRow {
  id: string;
  operator: Operator;
  capability: Capability;
  calls: number;
  successes: number;
}

export interface DayCellRow extends CellRow {
  date: string;
}

export interface CodeRow {
  id: string;
  operator: Operator;
  capability: Capability;
  resultCode: string;
  carrierCode: string;
  failures: number;
}

export interface CodeCounts {
  id: string;
  operator: Operator;
  capability: Capability;
  resultCode: string;
  /** Failures on `today`. */
  today: number;
  /** Failures on the other days asked for. */
  before: number;
  /** The cell's key, when the source has it at hand. */
  cell?: CellKey;
  /** The cell's key and the result code, as one string (kept: the same string every evaluation). */
  key?: string;
}

export interface Counts {
  calls: number;
  successes: number;
}

/** An app × operator × capability, as one string. */
export type CellKey = string;
export const cellKey = (id: string, operator: string, capability: string): CellKey => `${id}\u0000${operator}\u0000${capability}`;
/** Cells split before (rules split every cell they look at, after every sync page); bounded. */
const splitCells = new Map<CellKey, Readonly<{ id: string; operator: Operator; capability: Capability }>>();
export function splitCell(k: CellKey): Readonly<{ id: string; operator: Operator; capability: Capability }> {
  let cell = splitCells.get(k);
  if (!cell) {
    const [id, operator, capability] = k.split('\u0000') as [string, Operator, Capability];
    if (splitCells.size >= 20_000) splitCells.clear();
    splitCells.set(k, (cell = Object.freeze({ id, operator, capability })));
  }
  return cell;
}

/**
 * A cell's failures per result code on one day, and the most of any code (most cells have none
 * near a threshold). Parallel arrays, in the order a read gives the codes, then as they arrive:
 * a page's failure rows are added by code number, touching three arrays, not an object per code.
 */
interface CellCodes {
  most: number;
  /** Result codes by number (RollupCache's codeAt). */
  codes: number[];
  failures: number[];
  /** cell + result code: the key of a day's codes and of a baseline's (made once). */
  keys: string[];
}

/** Failures per code of one slot (rollup_slot_failures), every cell's: its rows in the table's order, by cell number. */
type FailPiece = (CodeRow[] | undefined)[];

/** Failures per cell and result code of one day (rollup_failures, carrier codes summed), by cell number. */
interface DayCodes {
  cells: (CellCodes | undefined)[];
  /** Cell numbers in the order they came (a read's, then new ones as they arrive). */
  order: number[];
}

/** One row of a day's failures per cell × result code, as read. */
interface DayCodeRow {
  id: string;
  operator: Operator;
  capability: Capability;
  resultCode: string;
  failures: number;
}

export interface RollupSource {
  /** Counts per cell over [from, to): slot-aligned epoch ms (rows of one cell may repeat: sum them). */
  span(from: number, to: number): readonly CellRow[];
  /** Counts per cell over [from, to), summed (do not modify: it may be kept between evaluations). */
  window(from: number, to: number): ReadonlyMap<CellKey, Counts>;
  /** Adds the counts per cell over [from, to) to `into` (for sums of several spans: baselines). */
  addSpan(from: number, to: number, into: Map<CellKey, Counts>): void;
  /**
   * Failures of one cell per code over [from, to) (slot-aligned), from rollup_slot_failures (the
   * rows may be kept, and patched as records arrive: do not modify, copy what must stay); `cell`,
   * the cell's key when the caller has it.
   */
  spanFailures(from: number, to: number, id: string, operator: Operator, capability: Capability, cell?: CellKey): CodeRow[];
  /** Calls per cell on one day (rollup_daily). */
  dayCalls(date: string): ReadonlyMap<CellKey, number>;
  /**
   * Failures per cell × result code: `today` and the days in [from, today), for codes with at
   * least `minToday` failures today (summed in SQL: the rule only looks at those); with `cells`,
   * those cells' at least (a source with the day kept gives no others: an incremental evaluation).
   */
  codeCounts(from: string, today: string, minToday: number, opts?: { readAhead?: boolean; cells?: ReadonlySet<CellKey> }): CodeCounts[];
  /**
   * A value derived from the rollups of the days first … last only (a baseline), kept between
   * evaluations when the source has a cache, until a record of one of those days arrives; `key`
   * must name everything it depends on.
   */
  pastValue<T>(key: string, first: string, last: string, load: () => T): T;
}

/** What changed in the rollups since the previous evaluation: `all`, or the cells (and their apps) records arrived for. */
export interface RollupChanges {
  all: boolean;
  cells: ReadonlySet<CellKey>;
  apps: ReadonlySet<string>;
}

interface Entry<T> {
  at: number;
  value: T;
}

/** A window's sums and the pieces (hour or slot buckets) they were read from. */
interface WindowSums {
  pieces: ReadonlySet<string>;
  counts: Map<CellKey, Counts>;
}

/** Deltas held back at most: a long sync run with no evaluation in between is simpler read afresh. */
const MAX_PENDING = 256;

function bump(m: Map<CellKey, Counts>, k: CellKey, calls: number, successes: number): void {
  const c = m.get(k);
  if (c) {
    c.calls += calls;
    c.successes += successes;
  } else m.set(k, { calls, successes });
}

/**
 * What the rules read from one workspace's rollups, kept between evaluations and kept exact: the
 * ingest writer tells it what each page added (store/rollup-journal.ts) and it adds the same
 * sums to the buckets, windows and days it holds, so after a sync page an evaluation reads
 * nothing but what it has not seen yet. A rebuild, a discard, another connection's commit, a
 * rolled-back page (the day's calls it holds exceed rollup_daily's) or a page of a day it does
 * not hold drops everything. Past days' derived values (baselines) are dropped when a
 * record of one of their days arrives. Entries are also read afresh after `ttlMs`, a bound on
 * memory and on any writer that does not tell. One cache per workspace database.
 *
 * It also keeps, per rule, the findings of the previous evaluation by scope (evaluate.ts), and
 * the account rules' findings for a minute (`get`).
 */
export class RollupCache {
  private readonly pieces = new Map<string, Entry<Map<CellKey, Counts>>>();
  /** Failures per cell × code of one slot (rollup_slot_failures), all cells in one read: the spike's top codes. */
  private readonly failPieces = new Map<string, Entry<FailPiece>>();
  private readonly windows = new Map<string, Entry<WindowSums>>();
  private readonly days = new Map<string, Entry<Map<CellKey, number>>>();
  /** Failures per cell, then per result code, of a day (rollup_failures): the code surge's today. */
  private readonly dayCodes = new Map<string, Entry<DayCodes>>();
  private readonly past = new Map<string, Entry<unknown> & { first: string; last: string }>();
  private readonly rows = new Map<string, Entry<unknown>>();
  private db: Db | null = null;
  private unwatch: (() => void) | null = null;
  private witness: ReturnType<typeof rollupWitness> | null = null;
  private pending: RollupDelta[] = [];
  private lost = true;
  private dataVersion = -1;
  private touched = new Set<CellKey>();
  /** Per rule: the previous evaluation's findings by scope (evaluate.ts). */
  readonly memo = new Map<string, { frame: string; evaluation: number; byScope: Map<string, unknown[]> }>();
  /** Evaluations made with this cache (a rule's memo is only carried from the one before). */
  evaluations = 0;

  /** `ttlMs`: how long a rollup read is trusted at most (patching keeps it exact; this bounds memory and any writer that does not tell). */
  constructor(readonly ttlMs = 60 * 60_000) {}

  /**
   * Brings the cache up to date with `db` before an evaluation and returns what changed since
   * the previous call; null when the cache cannot be used now (inside an open transaction,
   * whose writes are not settled). With `keep`, what changed is also left for the next call
   * (reading ahead between evaluations must not hide a cell's new records from the next one).
   */
  refresh(db: Db, opts: { keep?: boolean } = {}): RollupChanges | null {
    if (db.inTransaction) {
      this.lost = true;
      return null;
    }
    if (this.db !== db) {
      this.unwatch?.();
      this.db = db;
      this.witness = rollupWitness(db);
      this.unwatch = watchRollups(db, {
        added: (d) => {
          if (this.lost) return;
          if (this.pending.length >= MAX_PENDING) this.lost = true;
          else this.pending.push(d);
        },
        reset: () => {
          this.lost = true;
        },
      });
      this.lost = true;
    }
    const version = this.witness!.dataVersion();
    if (version !== this.dataVersion) this.lost = true;
    this.dataVersion = version;
    // Every day a page counted must be held (its calls are the check that the page committed).
    const dates = new Set<string>();
    for (const d of this.pending) for (const r of d.daily) dates.add(r[0]);
    for (const date of dates) if (!this.days.has(date)) this.lost = true;
    if (!this.lost) {
      for (const d of this.pending) this.apply(d);
      for (const date of dates) {
        let held = 0;
        for (const calls of this.days.get(date)!.value.values()) held += calls;
        if (held !== this.witness!.dayCalls(date)) this.lost = true;
      }
    }
    this.pending = [];
    if (this.lost) {
      this.clearRollups();
      this.lost = false;
      this.touched = new Set();
      return { all: true, cells: new Set(), apps: new Set() };
    }
    const cells = this.touched;
    if (opts.keep) return { all: false, cells: new Set(cells), apps: new Set() };
    this.touched = new Set();
    const apps = new Set<string>();
    for (const k of cells) apps.add(this.appAt[this.numberOfCell(k)]!);
    return { all: false, cells, apps };
  }

  private clearRollups(): void {
    this.pieces.clear();
    this.failPieces.clear();
    this.windows.clear();
    this.days.clear();
    this.dayCodes.clear();
    this.past.clear();
    this.memo.clear();
    this.pieceKeys.clear();
    this.dense = new WeakMap();
  }

  /**
   * Cells by number, made once: a page brings a thousand rows for a few hundred cells, and a
   * number indexes an array, where a key must be hashed and compared. An app's operator ×
   * capability pairs take six numbers side by side; other values (none today) one each.
   */
  private readonly appBase = new Map<string, number>();
  private readonly oddCells = new Map<CellKey, number>();
  private readonly cellAt: CellKey[] = [];
  private readonly appAt: string[] = [];
  /** Each cell's app, operator and capability (splitCell's frozen object). */
  private readonly partsAt: Readonly<{ id: string; operator: Operator; capability: Capability }>[] = [];
  private readonly numberOfKey = new Map<CellKey, number>();
  /** Bucket keys, made once ('s' | 'h' | 'f', then the date, then the slot or hour). */
  private readonly pieceKeys = new Map<string, Map<string, Map<number, string>>>();
  /**
   * Each kept Counts map by cell number (its values, the same objects): a row is added through
   * an array, and a new cell set in both. Made on a map's first patch; the maps are only ever
   * changed here once made (readers are told not to modify them).
   */
  private dense = new WeakMap<Map<CellKey, Counts>, (Counts | undefined)[]>();

  private cellNumber(id: string, operator: string, capability: string): number {
    const o = operators.indexOf(operator as Operator);
    const c = capabilities.indexOf(capability as Capability);
    if (o < 0 || c < 0) {
      const key = cellKey(id, operator, capability);
      let n = this.oddCells.get(key);
      if (n === undefined) this.oddCells.set(key, (n = this.newCell(key, id)));
      return n;
    }
    let base = this.appBase.get(id);
    if (base === undefined) {
      this.appBase.set(id, (base = this.cellAt.length));
      for (const op of operators) for (const cap of capabilities) this.newCell(cellKey(id, op, cap), id);
    }
    return base + o * capabilities.length + c;
  }

  private newCell(key: CellKey, id: string): number {
    const n = this.cellAt.length;
    this.cellAt.push(key);
    this.partsAt.push(splitCell(key));
    this.appAt.push(id);
    this.numberOfKey.set(key, n);
    return n;
  }

  private numberOfCell(key: CellKey): number {
    const n = this.numberOfKey.get(key);
    if (n !== undefined) return n;
    const { id, operator, capability } = splitCell(key);
    return this.cellNumber(id, operator, capability);
  }

  private denseOf(m: Map<CellKey, Counts>): (Counts | undefined)[] {
    let a = this.dense.get(m);
    if (!a) {
      a = [];
      for (const [k, c] of m) a[this.numberOfCell(k)] = c;
      this.dense.set(m, a);
    }
    return a;
  }

  private pieceKey(kind: string, date: string, n: number): string {
    let x = this.pieceKeys.get(kind);
    if (!x) this.pieceKeys.set(kind, (x = new Map()));
    let y = x.get(date);
    if (!y) x.set(date, (y = new Map()));
    let k = y.get(n);
    if (k === undefined) y.set(n, (k = `${kind}/${date}/${n}`));
    return k;
  }

  /** Adds one page's sums to what is held. */
  private apply(d: RollupDelta): void {
    // Bucket keys of a few recent days are worth keeping (late records are rare); cell numbers stay.
    for (const x of this.pieceKeys.values()) if (x.size > 8) x.clear();
    // Which held windows each bucket is part of, so a row costs one lookup however many are held.
    const inWindows = new Map<string, Map<CellKey, Counts>[]>();
    for (const { value: w } of this.windows.values())
      for (const p of w.pieces) {
        const list = inWindows.get(p);
        if (list) list.push(w.counts);
        else inWindows.set(p, [w.counts]);
      }
    // A page's rows come grouped by bucket: what a bucket's rows are added to (its kept sums, the
    // windows it is part of) is looked up once per run of them, and rows no one holds cost no more.
    let lastKind = '';
    let lastDate = '';
    let lastN = -1;
    let maps: Map<CellKey, Counts>[] = [];
    let arrays: (Counts | undefined)[][] = [];
    const targets = (kind: string, date: string, n: number): number => {
      if (n !== lastN || date !== lastDate || kind !== lastKind) {
        lastKind = kind;
        lastDate = date;
        lastN = n;
        const key = this.pieceKey(kind, date, n);
        maps = [];
        const p = this.pieces.get(key);
        if (p) maps.push(p.value);
        const ws = inWindows.get(key);
        if (ws) for (const w of ws) maps.push(w);
        arrays = maps.map((m) => this.denseOf(m));
      }
      return maps.length;
    };
    const add = (i: number, cell: number, calls: number, successes: number) => {
      const c = arrays[i]![cell];
      if (c) {
        c.calls += calls;
        c.successes += successes;
      } else {
        const made = { calls, successes };
        arrays[i]![cell] = made;
        maps[i]!.set(this.cellAt[cell]!, made);
      }
    };
    // Rows read by index, not destructured: an evaluation after a sync page often runs before this
    // code is optimised, and destructuring steps an iterator for every field.
    for (let j = 0; j < d.slots.length; j++) {
      const r = d.slots[j]!;
      const n = targets('s', r[0], r[1]);
      if (!n) continue;
      const cell = this.cellNumber(r[2], r[3], r[4]);
      for (let i = 0; i < n; i++) add(i, cell, r[5], r[6]);
    }
    for (let j = 0; j < d.hourly.length; j++) {
      const r = d.hourly[j]!;
      const n = targets('h', r[0], r[1]);
      if (!n) continue;
      const cell = this.cellNumber(r[2], r[3], r[4]);
      for (let i = 0; i < n; i++) add(i, cell, r[5], r[6]);
    }
    let lastFailDate = '';
    let lastFailSlot = -1;
    let failPiece: FailPiece | undefined;
    for (let j = 0; j < d.slotFailures.length; j++) {
      const x = d.slotFailures[j]!;
      const date = x[0];
      const slot = x[1];
      const id = x[2];
      const operator = x[3];
      const capability = x[4];
      const resultCode = x[5];
      const carrierCode = x[6];
      const failures = x[7];
      // Rows come grouped by slot: the slot's kept rows are looked up once per run of them.
      if (slot !== lastFailSlot || date !== lastFailDate) {
        lastFailDate = date;
        lastFailSlot = slot;
        failPiece = this.failPieces.get(this.pieceKey('f', date, slot))?.value;
      }
      const piece = failPiece;
      if (!piece) continue;
      const n = this.cellNumber(id, operator, capability);
      const rows = piece[n];
      let row: CodeRow | undefined;
      if (rows)
        for (const r of rows)
          if (r.resultCode === resultCode && r.carrierCode === carrierCode) {
            row = r;
            break;
          }
      if (row) row.failures += failures;
      else {
        const add: CodeRow = { id, operator: operator as Operator, capability: capability as Capability, resultCode, carrierCode, failures };
        if (!rows) piece[n] = [add];
        else {
          // In the table's order (its primary key), as a read would give them: ties in the top codes rank alike.
          const at = rows.findIndex((r) => r.resultCode > resultCode || (r.resultCode === resultCode && r.carrierCode > carrierCode));
          rows.splice(at < 0 ? rows.length : at, 0, add);
        }
      }
    }
    const dates = new Set<string>();
    let lastDay: string | null = null;
    let day: Map<CellKey, number> | undefined;
    for (let j = 0; j < d.daily.length; j++) {
      const x = d.daily[j]!;
      const date = x[0];
      const calls = x[4];
      const k = this.cellAt[this.cellNumber(x[1], x[2], x[3])]!;
      this.touched.add(k);
      // A page's rows are of one or two days: the day's kept calls are looked up once per run of them.
      if (date !== lastDay) {
        lastDay = date;
        dates.add(date);
        day = this.days.get(date)?.value;
      }
      if (day) day.set(k, (day.get(k) ?? 0) + calls);
    }
    let lastCodesDay: string | null = null;
    let codes: DayCodes | undefined;
    for (let j = 0; j < d.failures.length; j++) {
      const x = d.failures[j]!;
      const date = x[0];
      if (date !== lastCodesDay) {
        lastCodesDay = date;
        codes = this.dayCodes.get(date)?.value;
      }
      if (codes) this.addDayCode(codes, this.cellNumber(x[1], x[2], x[3]), x[4], x[6]);
    }
    for (const [key, e] of this.past) for (const date of dates) if (date >= e.first && date <= e.last) this.past.delete(key);
  }

  /** A kept value, or `load`'s; beyond `cap` entries the expired and then the oldest go. */
  private static fetch<T>(map: Map<string, Entry<T>>, key: string, now: number, ttlMs: number, load: () => T, cap = 2000): T {
    const hit = map.get(key);
    if (hit && now - hit.at < ttlMs && now >= hit.at) return hit.value;
    const value = load();
    map.delete(key);
    map.set(key, { at: now, value });
    if (map.size > cap) for (const [k, v] of map) if (now - v.at >= ttlMs || now < v.at || map.size > cap * 0.75) map.delete(k);
    return value;
  }

  /** Buckets: a day's baselines read some 30 of them an hour, each a row per cell. */
  piece(key: string, now: number, load: () => Map<CellKey, Counts>): Map<CellKey, Counts> {
    return RollupCache.fetch(this.pieces, key, now, this.ttlMs, load, 600);
  }

  /** A slot's failure codes per cell: a window's four and its baseline days' (some 30 a window position). */
  failPiece(key: string, now: number, load: () => Iterable<CodeRow>): FailPiece {
    return RollupCache.fetch(
      this.failPieces,
      key,
      now,
      this.ttlMs,
      () => {
        const piece: FailPiece = [];
        for (const r of load()) {
          const n = this.cellNumber(r.id, r.operator, r.capability);
          const list = piece[n];
          if (list) list.push(r);
          else piece[n] = [r];
        }
        return piece;
      },
      160,
    );
  }

  /** A cell's number (the index of kept pieces by cell: failPiece's). */
  cellNumberOf(key: CellKey): number {
    return this.numberOfCell(key);
  }

  /** Windows: every delta is added to each one held, so only a few are (the rules' current ones). */
  window(key: string, now: number, load: () => WindowSums): WindowSums {
    return RollupCache.fetch(this.windows, key, now, this.ttlMs, load, 16);
  }

  day(date: string, now: number, load: () => Map<CellKey, number>): Map<CellKey, number> {
    return RollupCache.fetch(this.days, date, now, this.ttlMs, load);
  }

  /**
   * A day's failures per cell × result code, read by `load` when not held, visited for the cells
   * `cells` (all, in the order they came, without it) and codes with at least `min` failures.
   */
  visitDayCodes(
    date: string,
    now: number,
    load: () => Iterable<DayCodeRow>,
    min: number,
    cells: ReadonlySet<CellKey> | undefined,
    visit: (
      cell: Readonly<{ id: string; operator: Operator; capability: Capability }>,
      resultCode: string,
      failures: number,
      key: string,
      cellKey: CellKey,
    ) => void,
  ): void {
    const day = RollupCache.fetch(this.dayCodes, date, now, this.ttlMs, () => {
      const made: DayCodes = { cells: [], order: [] };
      for (const r of load()) this.addDayCode(made, this.cellNumber(r.id, r.operator, r.capability), r.resultCode, r.failures);
      return made;
    });
    const one = (n: number) => {
      const of = day.cells[n];
      if (!of || of.most < min) return;
      for (let i = 0; i < of.codes.length; i++)
        if (of.failures[i]! >= min) visit(this.partsAt[n]!, this.codeAt[of.codes[i]!]!, of.failures[i]!, of.keys[i]!, this.cellAt[n]!);
    };
    if (cells) {
      for (const k of cells) one(this.numberOfCell(k));
    } else for (const n of day.order) one(n);
  }

  /** Result codes by number, made once and kept like the cell numbers (a catalogue's worth in use). */
  private readonly codeNumbers = new Map<string, number>();
  private readonly codeAt: string[] = [];

  /** Adds failures of a cell × result code to a held day. */
  private addDayCode(day: DayCodes, n: number, resultCode: string, failures: number): void {
    let code = this.codeNumbers.get(resultCode);
    if (code === undefined) {
      this.codeNumbers.set(resultCode, (code = this.codeAt.length));
      this.codeAt.push(resultCode);
    }
    let of = day.cells[n];
    if (!of) {
      day.cells[n] = of = { most: 0, codes: [], failures: [], keys: [] };
      day.order.push(n);
    }
    const at = of.codes.indexOf(code);
    let now: number;
    if (at >= 0) now = of.failures[at]! += failures;
    else {
      of.codes.push(code);
      of.failures.push((now = failures));
      of.keys.push(`${this.cellAt[n]!}\u0000${resultCode}`);
    }
    if (now > of.most) of.most = now;
  }

  pastValue<T>(key: string, first: string, last: string, now: number, load: () => T): T {
    const hit = this.past.get(key);
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.value as T;
    const value = load();
    this.past.set(key, { at: now, value, first, last });
    if (this.past.size > 2000) for (const [k, v] of this.past) if (now - v.at >= this.ttlMs || now < v.at || this.past.size > 1500) this.past.delete(k);
    return value;
  }

  /** Marks the entries of `get` whose key starts with `prefix` out of date (what a sync run may have changed): `get` reads them again, `peek` still has them. */
  expire(prefix: string): void {
    for (const [k, e] of this.rows) if (k.startsWith(prefix)) e.at = Number.NEGATIVE_INFINITY;
  }

  /** A value of `get`, however old (undefined when there is none). */
  peek<T>(key: string): T | undefined {
    return this.rows.get(key)?.value as T | undefined;
  }

  /** A value kept for `ttlMs` whatever the rollups do (the account rules' findings). */
  get<T>(key: string, now: number, load: () => T, ttlMs = this.ttlMs): T {
    return RollupCache.fetch(this.rows as Map<string, Entry<T>>, key, now, ttlMs, load);
  }
}

type Piece = { kind: 'h' | 's'; date: string; n: number; start: number; end: number };

/** The pieces of [from, to): whole Shanghai hours as hour buckets, the rest as slots. */
export function spanPieces(from: number, to: number): Piece[] {
  const out: Piece[] = [];
  for (let t = from; t < to;) {
    // Shanghai hours start on UTC hours (UTC+8, no DST).
    if (t % HOUR_MS === 0 && t + HOUR_MS <= to) {
      out.push({ kind: 'h', date: shanghaiDate(t), n: shanghaiHour(t), start: t, end: t + HOUR_MS });
      t += HOUR_MS;
    } else {
      out.push({ kind: 's', date: shanghaiDate(t), n: shanghaiSlot(t), start: t, end: t + SLOT_MS });
      t += SLOT_MS;
    }
  }
  return out;
}

const pieceKey = (p: Piece) => `${p.kind}/${p.date}/${p.n}`;

/** The statements of one database, prepared once (an evaluation after every sync page should not pay for them). */
const statementsOf = preparedOnce(prepare);

function prepare(db: Db) {
  return {
    hourly: db.prepare<[string, number], CellRow>('SELECT id, operator, capability, calls, successes FROM rollup_hourly WHERE date = ? AND hour = ?'),
    slots: db.prepare<[string, number], CellRow>('SELECT id, operator, capability, calls, successes FROM rollup_slots WHERE date = ? AND slot = ?'),
    slotFailuresAll: db.prepare<[string, number], CodeRow>(
      `SELECT id, operator, capability, result_code AS resultCode, carrier_code AS carrierCode, failures
       FROM rollup_slot_failures WHERE date = ? AND slot = ?`,
    ),
    slotFailures: db.prepare<[string, number, string, string, string], CodeRow>(
      `SELECT id, operator, capability, result_code AS resultCode, carrier_code AS carrierCode, failures
       FROM rollup_slot_failures WHERE date = ? AND slot = ? AND id = ? AND operator = ? AND capability = ?`,
    ),
    daily: db.prepare<[string], DayCellRow>('SELECT date, id, operator, capability, calls, successes FROM rollup_daily WHERE date = ?'),
    codes: db.prepare<[string, string, string, string, number], CodeCounts>(
      `SELECT id, operator, capability, result_code AS resultCode,
              SUM(CASE WHEN date = ? THEN failures ELSE 0 END) AS today,
              SUM(CASE WHEN date < ? THEN failures ELSE 0 END) AS before
       FROM rollup_failures WHERE date BETWEEN ? AND ?
       GROUP BY id, operator, capability, result_code HAVING today >= ?`,
    ),
    before: db.prepare<[string, string], Omit<CodeCounts, 'today' | 'before'> & { failures: number }>(
      `SELECT id, operator, capability, result_code AS resultCode, SUM(failures) AS failures
       FROM rollup_failures WHERE date BETWEEN ? AND ? GROUP BY id, operator, capability, result_code`,
    ),
    dayCodes: db.prepare<[string], DayCodeRow>(
      `SELECT id, operator, capability, result_code AS resultCode, SUM(failures) AS failures
       FROM rollup_failures WHERE date = ? GROUP BY id, operator, capability, result_code`,
    ),
  };
}

/**
 * Each read is a lookup on the table's primary key (date, hour | slot first), one bucket at a
 * time: an OR of buckets or an IN list would let SQLite fall back to scanning the table, whose
 * size grows with the store's history. With a cache, the buckets, windows and days read are kept
 * (and patched as records arrive: RollupCache); call `cache.store.refresh(db)` first.
 */
export function rollupSource(db: Db, cache: { store: RollupCache; now: number } | null = null): RollupSource {
  const s = statementsOf(db);
  const readPiece = (p: Piece): Map<CellKey, Counts> => {
    const m = new Map<CellKey, Counts>();
    for (const r of (p.kind === 'h' ? s.hourly : s.slots).all(p.date, p.n)) bump(m, cellKey(r.id, r.operator, r.capability), r.calls, r.successes);
    return m;
  };
  // Within one evaluation every piece is read once, whichever rules ask.
  const memo = new Map<string, Map<CellKey, Counts>>();
  const piece = (p: Piece): Map<CellKey, Counts> => {
    const key = pieceKey(p);
    let m = memo.get(key);
    if (!m) {
      m = cache ? cache.store.piece(key, cache.now, () => readPiece(p)) : readPiece(p);
      memo.set(key, m);
    }
    return m;
  };
  const sumWindow = (from: number, to: number): WindowSums => {
    const pieces = spanPieces(from, to);
    const counts = new Map<CellKey, Counts>();
    for (const p of pieces) for (const [k, c] of piece(p)) bump(counts, k, c.calls, c.successes);
    return { pieces: new Set(pieces.map(pieceKey)), counts };
  };
  const readDay = (date: string): Map<CellKey, number> => {
    const m = new Map<CellKey, number>();
    for (const r of s.daily.all(date)) {
      const k = cellKey(r.id, r.operator, r.capability);
      m.set(k, (m.get(k) ?? 0) + r.calls);
    }
    return m;
  };
  const failMemo = new Map<string, FailPiece>();
  /** The slots' failure pieces of [from, to), looked up once per evaluation and span. */
  const failSpans = new Map<string, FailPiece[]>();
  let lastSpan: { from: number; to: number; list: FailPiece[] } | null = null;
  const failSpan = (from: number, to: number): FailPiece[] => {
    // Every spiking cell of a window asks for the same span: the last one answers without a key.
    if (lastSpan && lastSpan.from === from && lastSpan.to === to) return lastSpan.list;
    const key = `${from}/${to}`;
    let list = failSpans.get(key);
    if (!list) {
      list = [];
      for (let t = from; t < to; t += SLOT_MS) list.push(failPiece(shanghaiDate(t), shanghaiSlot(t)));
      failSpans.set(key, list);
    }
    lastSpan = { from, to, list };
    return list;
  };

  const failPiece = (date: string, slot: number): FailPiece => {
    const key = `f/${date}/${slot}`;
    let m = failMemo.get(key);
    if (!m) failMemo.set(key, (m = cache!.store.failPiece(key, cache!.now, () => s.slotFailuresAll.all(date, slot))));
    return m;
  };
  // Today's calls are always held: they are how the cache recognises a page that did not commit.
  if (cache) cache.store.day(shanghaiDate(cache.now), cache.now, () => readDay(shanghaiDate(cache.now)));
  return {
    span(from, to) {
      const out: CellRow[] = [];
      for (const p of spanPieces(from, to)) for (const [k, c] of piece(p)) out.push({ ...splitCell(k), calls: c.calls, successes: c.successes });
      return out;
    },
    addSpan(from, to, into) {
      for (const p of spanPieces(from, to)) for (const [k, c] of piece(p)) bump(into, k, c.calls, c.successes);
    },
    window: (from, to) => (cache ? cache.store.window(`${from}/${to}`, cache.now, () => sumWindow(from, to)) : sumWindow(from, to)).counts,
    spanFailures(from, to, id, operator, capability, cell) {
      const out: CodeRow[] = [];
      if (!cache) {
        for (let t = from; t < to; t += SLOT_MS) out.push(...s.slotFailures.all(shanghaiDate(t), shanghaiSlot(t), id, operator, capability));
        return out;
      }
      // Kept: every cell's codes of a slot in one read, shared by the findings of all cells (and patched as records arrive).
      const n = cache.store.cellNumberOf(cell ?? cellKey(id, operator, capability));
      for (const piece of failSpan(from, to)) {
        const rows = piece[n];
        if (rows) for (const r of rows) out.push(r);
      }
      return out;
    },
    dayCalls: (date) => (cache ? cache.store.day(date, cache.now, () => readDay(date)) : readDay(date)),
    codeCounts(from, todayDate, minToday, opts = {}) {
      if (!cache) return s.codes.all(todayDate, todayDate, from, todayDate, minToday);
      // Reading ahead, the days before are read whatever today holds: the first code to reach minToday should not wait for them.
      let base: Map<string, number> | null = null;
      const out: CodeCounts[] = [];
      const before = (): Map<string, number> => {
        const prev = addDays(todayDate, -1);
        return cache.store.pastValue(`f/${from}/${prev}`, from, prev, cache.now, () => {
          const m = new Map<string, number>();
          for (const r of s.before.all(from, prev)) m.set(`${cellKey(r.id, r.operator, r.capability)}\u0000${r.resultCode}`, r.failures);
          return m;
        });
      };
      cache.store.visitDayCodes(
        todayDate,
        cache.now,
        () => s.dayCodes.iterate(todayDate),
        minToday,
        opts.cells,
        ({ id, operator, capability }, resultCode, today, key, cell) => {
          base ??= before();
          out.push({ id, operator, capability, resultCode, today, before: base.get(key) ?? 0, cell, key });
        },
      );
      if (opts.readAhead) base ??= before();
      return out;
    },
    pastValue: (key, first, last, load) => (cache ? cache.store.pastValue(key, first, last, cache.now, load) : load()),
  };
}
