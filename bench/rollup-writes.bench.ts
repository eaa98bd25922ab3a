/**
 * What keeping the six rollups costs the sync's writer, and where it goes (issue 13: the writer path
 * within 20 % of the bare insert; the sync bench prints the total, (a) minus the same pages without
 * their rollup sums). At the large account's density (BENCH_ROLLUP_DAYS × BENCH_SYNC_DAILY, default
 * 1 × 200,000), the emulator's records pages are read into batches as the page worker reads them
 * (readRecordsBatch), grouped as the writer groups them (recordsGroup) and their sums merged as it
 * merges them (mergeRollups). Printed, same run, CPU time of this thread:
 *   1. the product's writer (authRecordsWriter.insertBatches) with the pages' rollup sums and
 *      without, alternating, the statements and the COMMIT timed apart: the COMMIT's share is the
 *      WAL frames of the rollup pages each commit dirties;
 *   2. per rollup table, each alone in a fresh store: upserts per commit, µs per upsert (COMMIT
 *      included), WAL frames per commit, and the statement floor (a statement binding the same
 *      values that touches no table: binding and stepping, not B-tree work) — for the tables as they
 *      are and for candidate changes: the keys of a commit sorted in key order, rollup_failures
 *      without its two code indexes (which the records search reads, covering, for a code filter
 *      with other terms), and integer-keyed tables (day number and dictionary ids, the same key
 *      columns, the values converted before timing, as a page worker would hand them over), and the
 *      same packed into one integer key where a table allows (PACKED_SCHEMA). A probe to choose a
 *      schema change by its measured gain; not the product's schema;
 *   3. the same tables after BENCH_ROLLUP_HISTORY_DAYS (default 90) earlier days: the sync bench
 *      starts from an empty store, where every key of a commit is near the end of its table; in a
 *      store that has synced for months a key or index that leads with the code has each code's
 *      latest day on a page of its own, so a commit dirties a page per code there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatedPlatform } from '../emulator/platform';
import { resolveOptions } from '../emulator/options';
import type { Db } from '../electron/main/services/db/open';
import { readRecordsBatch } from '../electron/main/services/platform/records-page-parser';
import { authRecordsWriter } from '../electron/main/services/store/auth-records-repo';
import { mergeRollups, type BatchRollups, type RecordBatch } from '../electron/main/services/store/record-batch';
import { recordsGroup } from '../electron/main/services/sync/engine';
import { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';
import { machineLoad } from './machine-load';

const DAYS = Number(process.env.BENCH_ROLLUP_DAYS ?? 1);
const DAILY = Number(process.env.BENCH_SYNC_DAILY ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROLLUP_ROUNDS ?? 3);
/** Days of history in the store before the run's (section 3; 0 leaves it out). */
const HISTORY = Number(process.env.BENCH_ROLLUP_HISTORY_DAYS ?? 90);

type Table = 'daily' | 'hourly' | 'failures' | 'codes' | 'slots' | 'slotFailures';
/** Table, columns (key first), key length, counts added on conflict — as auth-records-repo.ts and slot-rollups-repo.ts upsert them. */
const TEXT: Record<Table, [string, string[], number]> = {
  daily: ['rollup_daily', ['date', 'id', 'operator', 'capability', 'calls', 'successes', 'billable'], 4],
  hourly: ['rollup_hourly', ['date', 'hour', 'id', 'operator', 'capability', 'calls', 'successes', 'billable'], 5],
  failures: ['rollup_failures', ['date', 'id', 'operator', 'capability', 'result_code', 'carrier_code', 'failures'], 6],
  codes: ['rollup_codes_hourly', ['code', 'date', 'hour', 'failures'], 3],
  slots: ['rollup_slots', ['date', 'slot', 'id', 'operator', 'capability', 'calls', 'successes'], 5],
  slotFailures: ['rollup_slot_failures', ['date', 'slot', 'id', 'operator', 'capability', 'result_code', 'carrier_code', 'failures'], 7],
};
const TABLES = Object.keys(TEXT) as Table[];
/** The same grains keyed by integers: day number, app / operator / capability / code as dictionary ids ('' carrier code: 0). */
const INTEGER_SCHEMA = `
CREATE TABLE i_daily (day INTEGER NOT NULL, app INTEGER NOT NULL, operator INTEGER NOT NULL, capability INTEGER NOT NULL,
  calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL, PRIMARY KEY (day, app, operator, capability)) WITHOUT ROWID;
CREATE TABLE i_hourly (day INTEGER NOT NULL, hour INTEGER NOT NULL, app INTEGER NOT NULL, operator INTEGER NOT NULL, capability INTEGER NOT NULL,
  calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL, PRIMARY KEY (day, hour, app, operator, capability)) WITHOUT ROWID;
CREATE TABLE i_failures (day INTEGER NOT NULL, app INTEGER NOT NULL, operator INTEGER NOT NULL, capability INTEGER NOT NULL,
  result_code INTEGER NOT NULL, carrier_code INTEGER NOT NULL, failures INTEGER NOT NULL,
  PRIMARY KEY (day, app, operator, capability, result_code, carrier_code)) WITHOUT ROWID;
CREATE INDEX i_failures_code ON i_failures(result_code, day, failures);
CREATE INDEX i_failures_carrier ON i_failures(carrier_code, day, failures);
CREATE TABLE i_codes_hourly (code INTEGER NOT NULL, day INTEGER NOT NULL, hour INTEGER NOT NULL, failures INTEGER NOT NULL,
  PRIMARY KEY (code, day, hour)) WITHOUT ROWID;
CREATE TABLE i_slots (day INTEGER NOT NULL, slot INTEGER NOT NULL, app INTEGER NOT NULL, operator INTEGER NOT NULL, capability INTEGER NOT NULL,
  calls INTEGER NOT NULL, successes INTEGER NOT NULL, PRIMARY KEY (day, slot, app, operator, capability)) WITHOUT ROWID;
CREATE TABLE i_slot_failures (day INTEGER NOT NULL, slot INTEGER NOT NULL, app INTEGER NOT NULL, operator INTEGER NOT NULL, capability INTEGER NOT NULL,
  result_code INTEGER NOT NULL, carrier_code INTEGER NOT NULL, failures INTEGER NOT NULL,
  PRIMARY KEY (day, slot, app, operator, capability, result_code, carrier_code)) WITHOUT ROWID;
`;
const INTEGER_TABLE: Record<Table, string> = {
  daily: 'i_daily',
  hourly: 'i_hourly',
  failures: 'i_failures',
  codes: 'i_codes_hourly',
  slots: 'i_slots',
  slotFailures: 'i_slot_failures',
};
/** The integer tables' columns, in the text tables' order. */
const integerColumns = (cols: string[]): string[] => cols.map((c) => (c === 'date' ? 'day' : c === 'id' ? 'app' : c));

/**
 * The same with each key packed into one integer where it can be — (day, hour or slot, app, operator,
 * capability) as one number, the codes beside it — so daily, hourly and slot rows live in rowid
 * tables (bench/rollup-key-floor.ts's shape, here upserted): the floor of a schema change, whose
 * readers would filter apps, operators and capabilities by arithmetic on the key, not by an index.
 */
const PACKED_SCHEMA = `
CREATE TABLE p_daily (k INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL);
CREATE TABLE p_hourly (k INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL);
CREATE TABLE p_failures (k INTEGER NOT NULL, result_code INTEGER NOT NULL, carrier_code INTEGER NOT NULL, failures INTEGER NOT NULL,
  PRIMARY KEY (k, result_code, carrier_code)) WITHOUT ROWID;
CREATE INDEX p_failures_code ON p_failures(result_code, k, failures);
CREATE INDEX p_failures_carrier ON p_failures(carrier_code, k, failures);
CREATE TABLE p_codes_hourly (code INTEGER NOT NULL, hk INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (code, hk)) WITHOUT ROWID;
CREATE TABLE p_slots (k INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL);
CREATE TABLE p_slot_failures (k INTEGER NOT NULL, result_code INTEGER NOT NULL, carrier_code INTEGER NOT NULL, failures INTEGER NOT NULL,
  PRIMARY KEY (k, result_code, carrier_code)) WITHOUT ROWID;
`;
/** The packed tables: name, columns (key first), key length. */
const PACKED: Record<Table, [string, string[], number]> = {
  daily: ['p_daily', ['k', 'calls', 'successes', 'billable'], 1],
  hourly: ['p_hourly', ['k', 'calls', 'successes', 'billable'], 1],
  failures: ['p_failures', ['k', 'result_code', 'carrier_code', 'failures'], 3],
  codes: ['p_codes_hourly', ['code', 'hk', 'failures'], 2],
  slots: ['p_slots', ['k', 'calls', 'successes'], 1],
  slotFailures: ['p_slot_failures', ['k', 'result_code', 'carrier_code', 'failures'], 3],
};

const VARIANTS = ['as they are', 'keys sorted', 'failures without code indexes', 'integer keys', 'packed integer keys'] as const;
type Variant = (typeof VARIANTS)[number];

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (v: number[]): number => v.slice().sort((a, b) => a - b)[v.length >> 1]!;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const freshStore = (dir: string, name: string): Db => openWorkspaceDatabase(join(dir, `${name}.db`));

/** WAL frames written since the last TRUNCATE checkpoint (autocheckpoint off). */
const walFrames = (db: Db): number => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;

/** 1. The writer with and without the pages' rollup sums: statements and COMMIT apart. */
function writerSplit(dir: string, groups: RecordBatch[][]): string[] {
  const none: BatchRollups = { daily: [], hourly: [], failures: [], slots: [], slotFailures: [], codes: [] };
  const run = (withRollups: boolean, round: number): { statements: number; commit: number } => {
    const db = freshStore(dir, `writer-${withRollups ? 'r' : 'n'}-${round}`);
    const writer = authRecordsWriter(db);
    const kept = groups.map((g) => g.map((b) => b.rollups));
    if (!withRollups) for (const g of groups) for (const b of g) b.rollups = none;
    let statements = 0;
    let commit = 0;
    try {
      for (const g of groups) {
        let c = cpuMs();
        db.exec('BEGIN');
        writer.insertBatches(g);
        statements += cpuMs() - c;
        c = cpuMs();
        db.exec('COMMIT');
        commit += cpuMs() - c;
      }
    } finally {
      groups.forEach((g, i) => g.forEach((b, j) => (b.rollups = kept[i]![j]!)));
    }
    db.close();
    return { statements, commit };
  };
  const diffs = { statements: [] as number[], commit: [] as number[], all: [] as number[], base: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    // Alternating which goes first, so neither always follows the other's garbage.
    let a;
    let b;
    if (r % 2 === 0) {
      a = run(true, r);
      b = run(false, r);
    } else {
      b = run(false, r);
      a = run(true, r);
    }
    diffs.statements.push(a.statements - b.statements);
    diffs.commit.push(a.commit - b.commit);
    diffs.all.push(a.statements + a.commit - b.statements - b.commit);
    diffs.base.push(b.statements + b.commit);
  }
  return [
    `writer, records only      ${fmt(median(diffs.base))} ms CPU (statements and COMMITs, ${groups.length} commits; median of ${ROUNDS})`,
    `the rollups add           ${fmt(median(diffs.all))} ms: ${fmt(median(diffs.statements))} in the statements (merge, six upserts, totals), ${fmt(median(diffs.commit))} in the COMMITs (the rollup pages each commit writes to the WAL)  (${machineLoad()})`,
  ];
}

interface TableFigures {
  upserts: number;
  cpuMs: number;
  frames: number;
  floorMs: number;
}

/** 2. One table's upserts of every commit, alone in a fresh store, as a variant stores them. */
function tableRun(dir: string, variant: Variant, table: Table, commits: unknown[][][], tag: string, history = 0): TableFigures {
  const db = freshStore(dir, `t-${tag}`);
  db.pragma('wal_autocheckpoint = 0');
  let [name, cols, key] = TEXT[table];
  if (variant === 'integer keys') {
    db.exec(INTEGER_SCHEMA);
    name = INTEGER_TABLE[table];
    cols = integerColumns(cols);
  }
  if (variant === 'packed integer keys') {
    db.exec(PACKED_SCHEMA);
    [name, cols, key] = PACKED[table];
  }
  if (variant === 'failures without code indexes') db.exec('DROP INDEX rollup_failures_code; DROP INDEX rollup_failures_carrier');
  const counts = cols.slice(key);
  const upsert = db.prepare(
    `INSERT INTO ${name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
     ON CONFLICT(${cols.slice(0, key).join(', ')}) DO UPDATE SET ${counts.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
  if (history > 0) {
    // Earlier days as a store that has synced for a while holds them: the run's rows, dates shifted back by whole runs.
    const dateCol = cols.includes('date') ? 'date' : 'day';
    const at = cols.indexOf(dateCol);
    const first = commits
      .flat()
      .reduce<string | number | null>((m, r) => (m === null || (r[at] as string | number) < m ? (r[at] as string | number) : m), null);
    const shifted = cols.map((c) => (c !== dateCol ? c : c === 'date' ? `date(date, '-' || (n * ${DAYS}) || ' days')` : `day - n * ${DAYS}`));
    db.transaction(() => {
      for (const rows of commits) for (const r of rows) upsert.run(r);
      db.exec(
        `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ${history})
         INSERT INTO ${name} (${cols.join(', ')}) SELECT ${shifted.join(', ')} FROM ${name}, k`,
      );
      db.prepare(`DELETE FROM ${name} WHERE ${dateCol} >= ?`).run(first);
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  // Binds the same values and returns one small integer: what a statement costs without B-tree work.
  const floor = db.prepare(`SELECT ${cols.map(() => '? IS NULL').join(' AND ')}`).pluck();
  const byKey = (a: unknown[], b: unknown[]): number => {
    for (let i = 0; i < key; i++) {
      const x = a[i] as string | number;
      const y = b[i] as string | number;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  let upserts = 0;
  const c0 = cpuMs();
  for (const rows of commits) {
    const ordered = variant === 'keys sorted' ? rows.slice().sort(byKey) : rows;
    db.exec('BEGIN');
    for (const r of ordered) upsert.run(r);
    db.exec('COMMIT');
    upserts += rows.length;
  }
  const spent = cpuMs() - c0;
  const frames = walFrames(db);
  const f0 = cpuMs();
  for (const rows of commits) for (const r of rows) floor.get(r);
  const floorMs = cpuMs() - f0;
  db.close();
  return { upserts, cpuMs: spent, frames, floorMs };
}

export async function run(): Promise<void> {
  const platform = new EmulatedPlatform(resolveOptions({ seed: 4, days: DAYS, daily: DAILY }));
  const batches: RecordBatch[] = [];
  for (let after = 0; ;) {
    const page = readRecordsBatch(platform.feed.page(after, 5000).body);
    if (page === null) throw new Error('the direct read left an emulator page to the general path');
    batches.push(page.batch);
    after = page.nextSeq;
    if (!page.hasMore) break;
  }
  const groups: RecordBatch[][] = [];
  for (let i = 0; i < batches.length; i += recordsGroup.pages) groups.push(batches.slice(i, i + recordsGroup.pages));
  const records = batches.reduce((n, b) => n + b.count, 0);
  const dir = mkdtempSync(join(tmpdir(), 'onetap-rollup-writes-'));
  try {
    console.log(
      `\n### the rollups' share of the sync writer — ${fmt(records)} records (${DAYS} × ${fmt(DAILY)} a day), ${groups.length} commits of up to ${recordsGroup.pages} pages  (${machineLoad()})`,
    );
    for (const line of writerSplit(dir, groups)) console.log(line);

    // The rows each commit upserts, as the writer merges them; the integer variant's converted beforehand.
    const merged = groups.map((g) => mergeRollups(g.map((b) => b.rollups)));
    const ids = new Map<string, number>();
    const id = (v: unknown): number => {
      if (v === '') return 0;
      let x = ids.get(String(v));
      if (x === undefined) ids.set(String(v), (x = ids.size + 1));
      return x;
    };
    const day = (d: unknown): number => Date.parse(`${String(d)}T00:00:00Z`) / 86_400_000;
    const textRows = (t: Table): unknown[][][] => merged.map((m) => (m[t] as readonly (readonly unknown[])[]).map((r) => r.slice()));
    const integerRows = (t: Table): unknown[][][] => {
      const cols = TEXT[t][1];
      return textRows(t).map((rows) =>
        rows.map((r) =>
          r.map((v, i) => {
            const c = cols[i]!;
            if (c === 'date') return day(v);
            return ['id', 'operator', 'capability', 'result_code', 'carrier_code', 'code'].includes(c) ? id(v) : v;
          }),
        ),
      );
    };
    // Packed: (day, hour or slot, app, operator, capability) as one number (app below 65,536, operator and capability below 16).
    const small = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
    const smallId = (m: number, v: unknown): number => {
      const d = small[m]!;
      let x = d.get(String(v));
      if (x === undefined) d.set(String(v), (x = d.size));
      return x;
    };
    const packedRows = (t: Table): unknown[][][] => {
      const cols = TEXT[t][1];
      const at = (c: string): number => cols.indexOf(c);
      const [d, h, s, app, op, cap, rc, cc] = ['date', 'hour', 'slot', 'id', 'operator', 'capability', 'result_code', 'carrier_code'].map(at) as number[];
      const per = h! >= 0 ? 24 : s! >= 0 ? 144 : 1;
      const sub = h! >= 0 ? h! : s!;
      return textRows(t).map((rows) =>
        rows.map((r) => {
          if (t === 'codes') return [id(r[0]), day(r[1]) * 24 + (r[2] as number), r[3]];
          const k =
            (day(r[d!]) * per + (sub! >= 0 ? (r[sub!] as number) : 0)) * 2 ** 24 + (smallId(0, r[app!]) * 16 + smallId(1, r[op!])) * 16 + smallId(2, r[cap!]);
          return rc! >= 0 ? [k, id(r[rc!]), id(r[cc!]), r[cols.length - 1]] : [k, ...r.slice(TEXT[t][2])];
        }),
      );
    };
    const rows = Object.fromEntries(TABLES.map((t) => [t, { text: textRows(t), integer: integerRows(t), packed: packedRows(t) }])) as Record<
      Table,
      Record<'text' | 'integer' | 'packed', unknown[][][]>
    >;
    const figures = new Map<string, TableFigures[]>();
    let tag = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const v of order)
        for (const t of TABLES) {
          if (v === 'failures without code indexes' && t !== 'failures') continue;
          const f = tableRun(dir, v, t, rows[t][v === 'integer keys' ? 'integer' : v === 'packed integer keys' ? 'packed' : 'text'], String(tag++));
          const k = `${v}\u0000${t}`;
          figures.set(k, [...(figures.get(k) ?? []), f]);
        }
    }
    const n = groups.length;
    console.log(
      `per table, each alone in a fresh store: upserts a commit · µs an upsert (COMMIT included; the statement floor) · WAL frames a commit; median of ${ROUNDS}  (${machineLoad()})`,
    );
    for (const v of VARIANTS) {
      const parts: string[] = [];
      let total = 0;
      let frames = 0;
      for (const t of TABLES) {
        const fs = figures.get(`${v}\u0000${t}`) ?? figures.get(`as they are\u0000${t}`)!;
        const ms = median(fs.map((f) => f.cpuMs));
        const floorMs = median(fs.map((f) => f.floorMs));
        const up = fs[0]!.upserts;
        total += ms;
        frames += fs[0]!.frames;
        parts.push(`${t} ${fmt(up / n)} · ${fmt((ms * 1000) / up, 1)} (${fmt((floorMs * 1000) / up, 1)}) · ${fmt(fs[0]!.frames / n, 1)}`);
      }
      // (The index variant changes rollup_failures only: the other tables' figures are the tables as they are.)
      console.log(`  ${v.padEnd(30)} ${fmt(total)} ms, ${fmt(frames / n)} frames a commit  —  ${parts.join('  |  ')}`);
    }
    if (HISTORY > 0) {
      // The sync bench starts from an empty store. In a store with history, a table or index whose key leads with the
      // code (rollup_codes_hourly, rollup_failures' code indexes) has each code's latest day on a page of its own.
      console.log(`the same after ${HISTORY} days of history (the run's rows with dates shifted back): ms · frames a commit per table  (${machineLoad()})`);
      for (const v of ['as they are', 'failures without code indexes', 'integer keys'] as const) {
        const parts: string[] = [];
        let total = 0;
        let frames = 0;
        for (const t of TABLES) {
          const use = v === 'failures without code indexes' && t !== 'failures' ? 'as they are' : v;
          const f = tableRun(dir, use, t, rows[t][use === 'integer keys' ? 'integer' : 'text'], String(tag++), HISTORY);
          total += f.cpuMs;
          frames += f.frames;
          parts.push(`${t} ${fmt(f.cpuMs)} · ${fmt(f.frames / n, 1)}`);
        }
        console.log(`  ${v.padEnd(30)} ${fmt(total)} ms, ${fmt(frames / n)} frames a commit  —  ${parts.join('  |  ')}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
