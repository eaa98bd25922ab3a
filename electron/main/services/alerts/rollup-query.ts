/**
 * What the rules read: the rollup tables kept current by ingest (never auth_records). The
 * statistics screens' functions answer one filter at a time; the rules look at every
 * app × operator × capability at once, so these are the same tables read grouped, in one
 * statement each, keyed by their primary keys (date[, hour | slot] leads every one).
 *
 * A window is a span of ten-minute slots. Its whole Shanghai hours are read from rollup_hourly
 * (one bucket per hour) and only its ragged edges from rollup_slots, so a 24-hour window costs
 * about as many reads as a 30-minute one.
 *
 * Cells (app × operator × capability) and result codes go by number (cellNumber, codeNumber):
 * sums are typed arrays indexed by cell number, so a sync page's rows and the rules' loops touch
 * a few flat arrays instead of an object per cell behind a string-keyed map.
 */
import { capabilities, operators, type Capability, type Operator } from '../../../../shared/platform/domain';
import { addDays, shanghaiDate, shanghaiHour } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared-once';
import { rollupWitness } from '../store/auth-records-repo';
import {
  watchRollups,
  type DailyDelta,
  type FailureDelta,
  type HourlyDelta,
  type RollupDelta,
  type SlotDelta,
  type SlotFailureDelta,
} from '../store/rollup-journal';
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

interface CodeCountRow {
  id: string;
  operator: Operator;
  capability: Capability;
  resultCode: string;
  today: number;
  before: number;
}

/** An app × operator × capability, as one string. */
export type CellKey = string;
export const cellKey = (id: string, operator: string, capability: string): CellKey => `${id}\u0000${operator}\u0000${capability}`;
/**
 * Cells by number, made once in this process (numbers index the sums kept by every cache and the
 * rules' per-cell facts): a page brings a thousand rows for a few hundred cells, and a number
 * indexes an array where a key must be hashed and compared. An app's operator × capability pairs
 * take six numbers side by side; other values (none today) one each. As many as the cells seen
 * (some hundreds; an app's six whether or not all are used), up to NUMBERS_CAP: beyond, the
 * numbering starts afresh between evaluations (renumberIfFull).
 */
const appBase = new Map<string, number>();
const oddCells = new Map<CellKey, number>();
const keyAt: CellKey[] = [];
const partsAt: Readonly<{ id: string; operator: Operator; capability: Capability }>[] = [];
/** Each cell's app by number (apps numbered as first seen). */
const appOfCell: number[] = [];
const appNumbers = new Map<string, number>();
const appIds: string[] = [];

function newCell(id: string, operator: string, capability: string): number {
  const n = keyAt.length;
  const key = cellKey(id, operator, capability);
  keyAt.push(key);
  partsAt.push(Object.freeze({ id, operator: operator as Operator, capability: capability as Capability }));
  let app = appNumbers.get(id);
  if (app === undefined) {
    appNumbers.set(id, (app = appIds.length));
    appIds.push(id);
  }
  appOfCell.push(app);
  return n;
}

/** A cell's number. */
export function cellNumber(id: string, operator: string, capability: string): number {
  const o = operators.indexOf(operator as Operator);
  const c = capabilities.indexOf(capability as Capability);
  if (o < 0 || c < 0) {
    const key = cellKey(id, operator, capability);
    let n = oddCells.get(key);
    if (n === undefined) oddCells.set(key, (n = newCell(id, operator, capability)));
    return n;
  }
  let base = appBase.get(id);
  if (base === undefined) {
    appBase.set(id, (base = keyAt.length));
    for (const op of operators) for (const cap of capabilities) newCell(id, op, cap);
  }
  return base + o * capabilities.length + c;
}

/** A cell's key (made once per cell). */
export const cellKeyAt = (n: number): CellKey => keyAt[n]!;
/** A cell's app, operator and capability (one frozen object per cell). */
export const cellAt = (n: number): Readonly<{ id: string; operator: Operator; capability: Capability }> => partsAt[n]!;
/** A cell's app, by number. */
export const cellApp = (n: number): number => appOfCell[n]!;
/** An app's id by number (cellApp's). */
export const appIdAt = (a: number): string => appIds[a]!;
/** How many cells and apps have numbers (a bound for arrays indexed by them). */
export const cellCount = (): number => keyAt.length;
export const appCount = (): number => appIds.length;

/** Result codes by number, made once and kept like the cell numbers (a catalogue's worth in use). */
const codeNumbers = new Map<string, number>();
const codes: string[] = [];
export function codeNumber(resultCode: string): number {
  let code = codeNumbers.get(resultCode);
  if (code === undefined) {
    codeNumbers.set(resultCode, (code = codes.length));
    codes.push(resultCode);
  }
  return code;
}
export const codeAt = (code: number): string => codes[code]!;

/** Cells or result codes numbered at most before the numbering starts afresh (as the string maps they replaced were bounded). */
export const NUMBERS_CAP = 20_000;
/** How many times the numbering started afresh: what holds numbers of an earlier one drops them. */
let numbering = 0;
/** What else keeps values by number in this process (traffic-rules.ts's per-cell facts): dropped with the numbers. */
const renumberHooks: (() => void)[] = [];
export function onRenumber(drop: () => void): void {
  renumberHooks.push(drop);
}

/**
 * Starts the numbering of cells and codes afresh once more than `cap` of either are numbered (a
 * process that has seen many workspaces' apps). Called only where no numbers are in use: first
 * thing in RollupCache.refresh, between evaluations (which run synchronously, one at a time); each
 * cache then finds its numbering old and reads its rollups afresh, as after a rebuild.
 */
export function renumberIfFull(cap = NUMBERS_CAP): boolean {
  if (keyAt.length <= cap && codes.length <= cap) return false;
  appBase.clear();
  oddCells.clear();
  keyAt.length = 0;
  partsAt.length = 0;
  appOfCell.length = 0;
  appNumbers.clear();
  appIds.length = 0;
  codeNumbers.clear();
  codes.length = 0;
  numbering++;
  for (const drop of renumberHooks) drop();
  return true;
}

/** Calls and successes per cell, by cell number (read only: do not modify what a source returns). */
export interface CellSumsView {
  /** The cells with a row, in the order they came (a read's, then new ones as they were added). */
  readonly cells: readonly number[];
  /** By cell number (undefined beyond the array: none). */
  readonly calls: readonly number[];
  readonly successes: readonly number[];
}

/** `n` zeros. */
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/**
 * Sums per cell by cell number, grown as numbers come. Plain arrays of counts, not Float64Arrays:
 * the rules read every cell's sums after each sync page in code that is seldom optimised yet, and
 * there each read of a Float64Array element makes a heap number (16 bytes: some 60 KB a page, which
 * tips the young generation into a collection during the evaluation), where an array of small
 * integers hands out the integer itself. Counts above 2^30 still sum exactly (the array then holds
 * doubles).
 */
export class CellSums implements CellSumsView {
  readonly cells: number[] = [];
  readonly calls: number[];
  readonly successes: number[];
  private seen: Uint8Array;
  constructor(size = cellCount()) {
    const n = Math.max(64, size);
    this.calls = zeros(n);
    this.successes = zeros(n);
    this.seen = new Uint8Array(n);
  }
  add(n: number, calls: number, successes: number): void {
    if (n >= this.seen.length) this.grow(n + 1);
    if (this.seen[n] === 0) {
      this.seen[n] = 1;
      this.cells.push(n);
    }
    this.calls[n]! += calls;
    this.successes[n]! += successes;
  }
  addAll(other: CellSumsView): void {
    const { cells, calls, successes } = other;
    for (let i = 0; i < cells.length; i++) {
      const n = cells[i]!;
      this.add(n, calls[n]!, successes[n]!);
    }
  }
  private grow(min: number): void {
    const size = Math.max(min, this.seen.length * 2);
    for (let i = this.calls.length; i < size; i++) {
      this.calls.push(0);
      this.successes.push(0);
    }
    const seen = new Uint8Array(size);
    seen.set(this.seen);
    this.seen = seen;
  }
}

/** A set of cell numbers: a list in the order they came and a mask by number. */
export class CellSet {
  readonly list: number[] = [];
  private mask = new Uint8Array(Math.max(64, cellCount()));
  has(n: number): boolean {
    return n < this.mask.length && this.mask[n] === 1;
  }
  add(n: number): void {
    if (n >= this.mask.length) {
      const mask = new Uint8Array(Math.max(n + 1, this.mask.length * 2));
      mask.set(this.mask);
      this.mask = mask;
    }
    if (this.mask[n] === 0) {
      this.mask[n] = 1;
      this.list.push(n);
    }
  }
  copy(): CellSet {
    const c = new CellSet();
    for (const n of this.list) c.add(n);
    return c;
  }
}

/**
 * A cell's failures per result code on one day (or summed over days), and the most of any code
 * (most cells have none near a threshold). Parallel arrays, in the order a read gives the codes,
 * then as they arrive: a page's failure rows are added by code number, touching two arrays.
 */
interface CellCodes {
  most: number;
  /** Result codes by number (codeNumber). */
  codes: number[];
  failures: number[];
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

/** Adds failures of a cell × result code (by number) to a day's or days' codes. */
function addCode(day: DayCodes, n: number, code: number, failures: number): void {
  let of = day.cells[n];
  if (!of) {
    day.cells[n] = of = { most: 0, codes: [], failures: [] };
    day.order.push(n);
  }
  const at = of.codes.indexOf(code);
  let now: number;
  if (at >= 0) now = of.failures[at]! += failures;
  else {
    of.codes.push(code);
    of.failures.push((now = failures));
  }
  if (now > of.most) of.most = now;
}

/** What a bucket no one holds adds its rows to (shared, never filled). */
const NO_TARGETS: CellSums[] = [];

/** Adds one row of a page's failures per slot, cell and code to a slot's kept rows (in the table's order when new). */
function addSlotFailure(piece: FailPiece, x: SlotFailureDelta): void {
  const resultCode = x[5];
  const carrierCode = x[6];
  const n = cellNumber(x[2], x[3], x[4]);
  const rows = piece[n];
  if (rows)
    for (let i = 0; i < rows.length; i++)
      if (rows[i]!.resultCode === resultCode && rows[i]!.carrierCode === carrierCode) {
        rows[i]!.failures += x[7];
        return;
      }
  const add: CodeRow = { id: x[2], operator: x[3] as Operator, capability: x[4] as Capability, resultCode, carrierCode, failures: x[7] };
  if (!rows) piece[n] = [add];
  else {
    // In the table's order (its primary key), as a read would give them: ties in the top codes rank alike.
    const at = rows.findIndex((r) => r.resultCode > resultCode || (r.resultCode === resultCode && r.carrierCode > carrierCode));
    rows.splice(at < 0 ? rows.length : at, 0, add);
  }
}

/** A code surge candidate: a cell, a result code (numbers), its failures today and on the days before. */
export type CodeVisit = (cell: number, code: number, today: number, before: number) => void;

export interface RollupSource {
  /** Counts per cell over [from, to): slot-aligned epoch ms (rows of one cell may repeat: sum them). */
  span(from: number, to: number): readonly CellRow[];
  /** Counts per cell over [from, to), summed (do not modify: it may be kept between evaluations). */
  window(from: number, to: number): CellSumsView;
  /** Adds the counts per cell over [from, to) to `into` (for sums of several spans: baselines). */
  addSpan(from: number, to: number, into: CellSums): void;
  /**
   * Failures of one cell per code over [from, to) (slot-aligned), from rollup_slot_failures (the
   * rows may be kept, and patched as records arrive: do not modify, copy what must stay); `cell`,
   * the cell's number when the caller has it.
   */
  spanFailures(from: number, to: number, id: string, operator: Operator, capability: Capability, cell?: number): CodeRow[];
  /** Calls (and successes) per cell on one day (rollup_daily; do not modify). */
  dayCalls(date: string): CellSumsView;
  /**
   * Failures per cell × result code: `today` and the days in [from, today), for codes with at
   * least `minToday` failures today (summed in SQL: the rule only looks at those), each given to
   * `visit`; with `cells`, those cells' at least (a source with the day kept gives no others: an
   * incremental evaluation).
   */
  codeCounts(from: string, today: string, minToday: number, visit: CodeVisit, opts?: { readAhead?: boolean; cells?: CellSet }): void;
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
  cells: CellSet;
  apps: ReadonlySet<string>;
}

interface Entry<T> {
  at: number;
  value: T;
}

/** A window's sums and the pieces (hour or slot buckets) they were read from. */
interface WindowSums {
  pieces: ReadonlySet<string>;
  sums: CellSums;
}

/** Deltas held back at most: a long sync run with no evaluation in between is simpler read afresh. */
const MAX_PENDING = 256;

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
  private readonly pieces = new Map<string, Entry<CellSums>>();
  /** Failures per cell × code of one slot (rollup_slot_failures), all cells in one read: the spike's top codes. */
  private readonly failPieces = new Map<string, Entry<FailPiece>>();
  private readonly windows = new Map<string, Entry<WindowSums>>();
  private readonly days = new Map<string, Entry<CellSums>>();
  /** Failures per cell, then per result code, of a day (rollup_failures): the code surge's today. */
  private readonly dayCodes = new Map<string, Entry<DayCodes>>();
  private readonly past = new Map<string, Entry<unknown> & { first: string; last: string }>();
  /**
   * The latest last day of the past values held, or later (a bound: raised as values are kept,
   * made exact when a page's days reach it): a page of days after it drops none of them, and is
   * not compared with each (a console that has run for long holds some thousands).
   */
  private pastLast = '';
  private readonly rows = new Map<string, Entry<unknown>>();
  private db: Db | null = null;
  private unwatch: (() => void) | null = null;
  private witness: ReturnType<typeof rollupWitness> | null = null;
  private pending: RollupDelta[] = [];
  private lost = true;
  private dataVersion = -1;
  private touched = new CellSet();
  /** The numbering (renumberIfFull) the cells and codes held are numbered in. */
  private numbering = numbering;
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
    renumberIfFull();
    if (this.numbering !== numbering) {
      this.numbering = numbering;
      this.lost = true;
    }
    const version = this.witness!.dataVersion();
    if (version !== this.dataVersion) this.lost = true;
    this.dataVersion = version;
    // Every day a page counted must be held (its calls are the check that the page committed).
    // Indexed loops: this runs after every sync page, often before it is optimised, where for…of
    // makes an iterator result per row. A page's rows are of one day or two: a short list of them.
    const dates: string[] = [];
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) {
      const daily = pending[i]!.daily;
      for (let j = 0; j < daily.length; j++) if (!dates.includes(daily[j]![0])) dates.push(daily[j]![0]);
    }
    for (let i = 0; i < dates.length; i++) if (!this.days.has(dates[i]!)) this.lost = true;
    if (!this.lost) {
      for (let i = 0; i < pending.length; i++) this.apply(pending[i]!);
      for (let i = 0; i < dates.length; i++) {
        const date = dates[i]!;
        const day = this.days.get(date)!.value;
        let held = 0;
        const { cells, calls } = day;
        for (let j = 0; j < cells.length; j++) held += calls[cells[j]!]!;
        if (held !== this.witness!.dayCalls(date)) this.lost = true;
      }
    }
    this.pending = [];
    if (this.lost) {
      this.clearRollups();
      this.lost = false;
      this.touched = new CellSet();
      return { all: true, cells: new CellSet(), apps: new Set() };
    }
    const cells = this.touched;
    if (opts.keep) return { all: false, cells: cells.copy(), apps: new Set() };
    this.touched = new CellSet();
    const apps = new Set<string>();
    for (let i = 0; i < cells.list.length; i++) apps.add(partsAt[cells.list[i]!]!.id);
    return { all: false, cells, apps };
  }

  private clearRollups(): void {
    this.windowsIndex = null;
    this.pieces.clear();
    this.failPieces.clear();
    this.windows.clear();
    this.days.clear();
    this.dayCodes.clear();
    this.past.clear();
    this.pastLast = '';
    this.memo.clear();
    this.pieceKeys.clear();
  }

  /** Bucket keys, made once ('s' | 'h' | 'f', then the date, then the slot or hour). */
  private readonly pieceKeys = new Map<string, Map<string, Map<number, string>>>();

  private pieceKey(kind: string, date: string, n: number): string {
    let x = this.pieceKeys.get(kind);
    if (!x) this.pieceKeys.set(kind, (x = new Map()));
    let y = x.get(date);
    if (!y) x.set(date, (y = new Map()));
    let k = y.get(n);
    if (k === undefined) y.set(n, (k = `${kind}/${date}/${n}`));
    return k;
  }

  /**
   * Which held windows each bucket is part of, so a row costs one lookup however many are held;
   * made again only after the windows held changed (a window is read when it moves on: every ten
   * minutes, not every page).
   */
  private windowsIndex: Map<string, CellSums[]> | null = null;
  private windowsByPiece(): Map<string, CellSums[]> {
    if (this.windowsIndex) return this.windowsIndex;
    const inWindows = new Map<string, CellSums[]>();
    for (const { value: w } of this.windows.values())
      for (const p of w.pieces) {
        const list = inWindows.get(p);
        if (list) list.push(w.sums);
        else inWindows.set(p, [w.sums]);
      }
    return (this.windowsIndex = inWindows);
  }

  /**
   * Adds one page's sums to what is held. In one small method per kind of row: this runs once a
   * sync page, and V8 optimises it only after some pages, on a helper thread, while later pages
   * are evaluated; one method of all of it was a compile of some 100 ms (and more code to
   * optimise again when a row's types change), where each of these is a few milliseconds.
   */
  private apply(d: RollupDelta): void {
    // Bucket keys of a few recent days are worth keeping (late records are rare); cell numbers stay.
    for (const x of this.pieceKeys.values()) if (x.size > 8) x.clear();
    this.addBuckets('s', d.slots);
    this.addBuckets('h', d.hourly);
    this.addSlotFailures(d.slotFailures);
    const dates = this.addDaily(d.daily);
    this.addDayCodes(d.failures);
    this.dropPast(dates);
  }

  /**
   * A page's slot or hour rows added to the bucket they belong to (when kept) and the windows it is
   * part of. The rows come grouped by bucket: what a bucket's rows are added to is looked up once
   * per run of them, and rows no one holds cost no more. Rows read by index, not destructured: an
   * evaluation after a sync page often runs before this code is optimised, and destructuring steps
   * an iterator for every field.
   */
  private addBuckets(kind: 's' | 'h', rows: readonly (SlotDelta | HourlyDelta)[]): void {
    let lastDate = '';
    let lastN = -1;
    let targets: CellSums[] = NO_TARGETS;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j]!;
      if (r[1] !== lastN || r[0] !== lastDate) {
        lastDate = r[0];
        lastN = r[1];
        targets = this.bucketTargets(kind, lastDate, lastN);
      }
      if (!targets.length) continue;
      const cell = cellNumber(r[2], r[3], r[4]);
      for (let i = 0; i < targets.length; i++) targets[i]!.add(cell, r[5], r[6]);
    }
  }

  /** What a bucket's rows are added to: its kept sums, then the windows it is part of. */
  private bucketTargets(kind: 's' | 'h', date: string, n: number): CellSums[] {
    const key = this.pieceKey(kind, date, n);
    const p = this.pieces.get(key);
    const ws = this.windowsByPiece().get(key);
    if (!p && !ws) return NO_TARGETS;
    const targets: CellSums[] = p ? [p.value] : [];
    if (ws) for (let i = 0; i < ws.length; i++) targets.push(ws[i]!);
    return targets;
  }

  /** A page's failures per slot, cell and code added to the slots' kept rows. */
  private addSlotFailures(rows: readonly SlotFailureDelta[]): void {
    let lastFailDate = '';
    let lastFailSlot = -1;
    let piece: FailPiece | undefined;
    for (let j = 0; j < rows.length; j++) {
      const x = rows[j]!;
      // Rows come grouped by slot: the slot's kept rows are looked up once per run of them.
      if (x[1] !== lastFailSlot || x[0] !== lastFailDate) {
        lastFailDate = x[0];
        lastFailSlot = x[1];
        piece = this.failPieces.get(this.pieceKey('f', lastFailDate, lastFailSlot))?.value;
      }
      if (piece) addSlotFailure(piece, x);
    }
  }

  /** A page's calls per day and cell added to the days held, its cells marked touched; returns the days it counted. */
  private addDaily(rows: readonly DailyDelta[]): Set<string> {
    const dates = new Set<string>();
    let lastDay: string | null = null;
    let day: CellSums | undefined;
    for (let j = 0; j < rows.length; j++) {
      const x = rows[j]!;
      const date = x[0];
      const n = cellNumber(x[1], x[2], x[3]);
      this.touched.add(n);
      // A page's rows are of one or two days: the day's kept calls are looked up once per run of them.
      if (date !== lastDay) {
        lastDay = date;
        dates.add(date);
        day = this.days.get(date)?.value;
      }
      if (day) day.add(n, x[4], x[5]);
    }
    return dates;
  }

  /** A page's failures per day, cell and result code added to the days' codes held. */
  private addDayCodes(rows: readonly FailureDelta[]): void {
    let lastCodesDay: string | null = null;
    let codes: DayCodes | undefined;
    for (let j = 0; j < rows.length; j++) {
      const x = rows[j]!;
      const date = x[0];
      if (date !== lastCodesDay) {
        lastCodesDay = date;
        codes = this.dayCodes.get(date)?.value;
      }
      if (codes) addCode(codes, cellNumber(x[1], x[2], x[3]), codeNumber(x[4]), x[6]);
    }
  }

  /** Drops the past values (baselines) of any of `dates`: records of those days arrived. */
  private dropPast(dates: ReadonlySet<string>): void {
    let earliest: string | null = null;
    for (const date of dates) if (earliest === null || date < earliest) earliest = date;
    if (earliest === null || earliest > this.pastLast) return;
    let last = '';
    for (const [key, e] of this.past) {
      let dropped = false;
      for (const date of dates)
        if (date >= e.first && date <= e.last) {
          this.past.delete(key);
          dropped = true;
          break;
        }
      if (!dropped && e.last > last) last = e.last;
    }
    this.pastLast = last;
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
  piece(key: string, now: number, load: () => CellSums): CellSums {
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
          const n = cellNumber(r.id, r.operator, r.capability);
          const list = piece[n];
          if (list) list.push(r);
          else piece[n] = [r];
        }
        return piece;
      },
      160,
    );
  }

  /** Windows: every delta is added to each one held, so only a few are (the rules' current ones). */
  window(key: string, now: number, load: () => WindowSums): WindowSums {
    return RollupCache.fetch(
      this.windows,
      key,
      now,
      this.ttlMs,
      () => {
        // Only a load adds or drops held windows (fetch drops entries when it adds one).
        this.windowsIndex = null;
        return load();
      },
      16,
    );
  }

  day(date: string, now: number, load: () => CellSums): CellSums {
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
    cells: CellSet | undefined,
    visit: (cell: number, code: number, failures: number) => void,
  ): void {
    const day = RollupCache.fetch(this.dayCodes, date, now, this.ttlMs, () => {
      const made: DayCodes = { cells: [], order: [] };
      for (const r of load()) addCode(made, cellNumber(r.id, r.operator, r.capability), codeNumber(r.resultCode), r.failures);
      return made;
    });
    // One loop, no closure per call: this runs after every sync page, mostly before it is optimised.
    const order = cells ? cells.list : day.order;
    const byCell = day.cells;
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      const of = byCell[n];
      if (!of || of.most < min) continue;
      const codes = of.codes;
      const failures = of.failures;
      for (let j = 0; j < codes.length; j++) if (failures[j]! >= min) visit(n, codes[j]!, failures[j]!);
    }
  }

  pastValue<T>(key: string, first: string, last: string, now: number, load: () => T): T {
    const hit = this.past.get(key);
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.value as T;
    const value = load();
    this.past.set(key, { at: now, value, first, last });
    if (last > this.pastLast) this.pastLast = last;
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
    codes: db.prepare<[string, string, string, string, number], CodeCountRow>(
      `SELECT id, operator, capability, result_code AS resultCode,
              SUM(CASE WHEN date = ? THEN failures ELSE 0 END) AS today,
              SUM(CASE WHEN date < ? THEN failures ELSE 0 END) AS before
       FROM rollup_failures WHERE date BETWEEN ? AND ?
       GROUP BY id, operator, capability, result_code HAVING today >= ?`,
    ),
    before: db.prepare<[string, string], DayCodeRow>(
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
  const readPiece = (p: Piece): CellSums => {
    const m = new CellSums();
    for (const r of (p.kind === 'h' ? s.hourly : s.slots).all(p.date, p.n)) m.add(cellNumber(r.id, r.operator, r.capability), r.calls, r.successes);
    return m;
  };
  // Within one evaluation every piece is read once, whichever rules ask.
  const memo = new Map<string, CellSums>();
  const piece = (p: Piece): CellSums => {
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
    const sums = new CellSums();
    for (const p of pieces) sums.addAll(piece(p));
    return { pieces: new Set(pieces.map(pieceKey)), sums };
  };
  const readDay = (date: string): CellSums => {
    const m = new CellSums();
    for (const r of s.daily.all(date)) m.add(cellNumber(r.id, r.operator, r.capability), r.calls, r.successes);
    return m;
  };
  const failMemo = new Map<string, FailPiece>();
  /** The slots' failure pieces of [from, to), looked up once per evaluation and span. */
  const failSpans = new Map<string, FailPiece[]>();
  // Never null (NaN matches no span): its fields are read on every call, the first one included.
  // A query reading ahead asks once, so with null they were never read before the first spike of
  // a process asked twice, and that deoptimised spanFailures, optimised without them.
  let lastSpan: { from: number; to: number; list: FailPiece[] } = { from: Number.NaN, to: Number.NaN, list: [] };
  const failSpan = (from: number, to: number): FailPiece[] => {
    // Every spiking cell of a window asks for the same span: the last one answers without a key.
    // All three fields read and both bounds compared before the test (no short circuit), so that
    // each has run before the answer's path is first taken.
    const { from: lastFrom, to: lastTo, list: lastList } = lastSpan;
    const sameFrom = lastFrom === from;
    const sameTo = lastTo === to;
    if (sameFrom && sameTo) return lastList;
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
      for (const p of spanPieces(from, to)) {
        const m = piece(p);
        for (const n of m.cells) out.push({ ...partsAt[n]!, calls: m.calls[n]!, successes: m.successes[n]! });
      }
      return out;
    },
    addSpan(from, to, into) {
      for (const p of spanPieces(from, to)) into.addAll(piece(p));
    },
    window: (from, to) => (cache ? cache.store.window(`${from}/${to}`, cache.now, () => sumWindow(from, to)) : sumWindow(from, to)).sums,
    spanFailures(from, to, id, operator, capability, cell) {
      const out: CodeRow[] = [];
      if (!cache) {
        for (let t = from; t < to; t += SLOT_MS) out.push(...s.slotFailures.all(shanghaiDate(t), shanghaiSlot(t), id, operator, capability));
        return out;
      }
      // Kept: every cell's codes of a slot in one read, shared by the findings of all cells (and patched as records arrive).
      const n = cell ?? cellNumber(id, operator, capability);
      const pieces = failSpan(from, to);
      for (let i = 0; i < pieces.length; i++) {
        const rows = pieces[i]![n];
        if (rows) for (let j = 0; j < rows.length; j++) out.push(rows[j]!);
      }
      return out;
    },
    dayCalls: (date) => (cache ? cache.store.day(date, cache.now, () => readDay(date)) : readDay(date)),
    codeCounts(from, todayDate, minToday, visit, opts = {}) {
      if (!cache) {
        for (const r of s.codes.all(todayDate, todayDate, from, todayDate, minToday))
          visit(cellNumber(r.id, r.operator, r.capability), codeNumber(r.resultCode), r.today, r.before);
        return;
      }
      // Reading ahead, the days before are read whatever today holds: the first code to reach minToday should not wait for them.
      let base: DayCodes | null = null;
      const before = (): DayCodes => {
        const prev = addDays(todayDate, -1);
        return cache.store.pastValue(`f/${from}/${prev}`, from, prev, cache.now, () => {
          const made: DayCodes = { cells: [], order: [] };
          for (const r of s.before.iterate(from, prev)) addCode(made, cellNumber(r.id, r.operator, r.capability), codeNumber(r.resultCode), r.failures);
          return made;
        });
      };
      cache.store.visitDayCodes(
        todayDate,
        cache.now,
        () => s.dayCodes.iterate(todayDate),
        minToday,
        opts.cells,
        (n, code, today) => {
          base ??= before();
          const of = base.cells[n];
          const at = of ? of.codes.indexOf(code) : -1;
          visit(n, code, today, at >= 0 ? of!.failures[at]! : 0);
        },
      );
      if (opts.readAhead) base ??= before();
    },
    pastValue: (key, first, last, load) => (cache ? cache.store.pastValue(key, first, last, cache.now, load) : load()),
  };
}
