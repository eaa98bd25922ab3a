/**
 * A probe for the sync bench (issue 13: the writer path within 20 % of the bare insert): the same
 * rollup rows the product's writer kept, re-keyed as integer-keyed rollup tables would hold them —
 * date as a day number, hour or slot as a number, app, operator, capability and codes as small
 * integers (as the record dictionaries give them), packed into one INTEGER PRIMARY KEY where a
 * table has no code columns, else a WITHOUT ROWID (key, result code, carrier code) — with no
 * secondary index. The day and month totals (rollup_codes_daily, rollup_billable_daily,
 * rollup_billable_monthly) are inserted as rows of their own, as the writer writes them from a
 * page's sums. Inserted with each page's share of the records it is the floor a writer keeping the
 * same grains in that storage could reach, printed beside the floor of today's tables, so a schema
 * change is chosen by its measured gain. Not the product's schema.
 */
import type { Db } from '../electron/main/services/db/open';

export interface RollupRows {
  table: string;
  /** The product's columns, in the order of `rows`' values. */
  columns: string[];
  rows: unknown[][];
}

const SCHEMA = `
CREATE TABLE probe_daily (k INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL);
CREATE TABLE probe_hourly (k INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL);
CREATE TABLE probe_slots (k INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL);
CREATE TABLE probe_failures (k INTEGER NOT NULL, rc INTEGER NOT NULL, cc INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (k, rc, cc)) WITHOUT ROWID;
CREATE TABLE probe_slot_failures (k INTEGER NOT NULL, rc INTEGER NOT NULL, cc INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (k, rc, cc)) WITHOUT ROWID;
CREATE TABLE probe_codes_hourly (code INTEGER NOT NULL, hk INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (code, hk)) WITHOUT ROWID;
CREATE TABLE probe_codes_daily (code INTEGER NOT NULL, day INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (code, day)) WITHOUT ROWID;
CREATE TABLE probe_billable_daily (day INTEGER PRIMARY KEY, calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL);
CREATE TABLE probe_billable_monthly (k INTEGER PRIMARY KEY, cells INTEGER NOT NULL, calls INTEGER NOT NULL, successes INTEGER NOT NULL, billable INTEGER NOT NULL);
`;

/** Plain INSERTs, as the floor of today's tables puts their rows back (the rows are distinct keys). */
const insert = (table: string, cols: string[]): string => `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;

/** Creates the probe's tables in `db`; returns their INSERTs and the re-keyed rows, for bareWithRollups. */
export function integerKeyedRollups(db: Db, product: readonly RollupRows[]): { sql: string; rows: unknown[][] }[] {
  db.exec(SCHEMA);
  const dict = new Map<string, number>();
  const n = (v: unknown): number => {
    const k = String(v);
    let x = dict.get(k);
    if (x === undefined) dict.set(k, (x = dict.size + 1));
    return x;
  };
  const day = (d: unknown): number => Date.parse(`${String(d)}T00:00:00Z`) / 86_400_000;
  // (app, operator, capability) in 24 bits: up to 65,536 apps, 16 operators and capabilities.
  const cell = (id: unknown, op: unknown, cap: unknown): number => (n(id) * 16 + (n(op) % 16)) * 16 + (n(cap) % 16);
  const out: { sql: string; rows: unknown[][] }[] = [];
  for (const { table, columns, rows } of product) {
    const col = (name: string): number => columns.indexOf(name);
    const [d, h, s, id, op, cap] = ['date', 'hour', 'slot', 'id', 'operator', 'capability'].map(col) as number[];
    const key = (r: unknown[], sub: number, per: number): number => (day(r[d!]) * per + sub) * 2 ** 24 + cell(r[id!], r[op!], r[cap!]);
    const get = (r: unknown[], name: string): unknown => r[col(name)];
    switch (table) {
      case 'rollup_daily':
      case 'rollup_hourly':
        out.push({
          sql: insert(table.replace('rollup_', 'probe_'), ['k', 'calls', 'successes', 'billable']),
          rows: rows.map((r) => [key(r, h! < 0 ? 0 : (r[h!] as number), h! < 0 ? 1 : 24), get(r, 'calls'), get(r, 'successes'), get(r, 'billable')]),
        });
        break;
      case 'rollup_slots':
        out.push({
          sql: insert('probe_slots', ['k', 'calls', 'successes']),
          rows: rows.map((r) => [key(r, r[s!] as number, 144), get(r, 'calls'), get(r, 'successes')]),
        });
        break;
      case 'rollup_failures':
      case 'rollup_slot_failures':
        out.push({
          sql: insert(table.replace('rollup_', 'probe_'), ['k', 'rc', 'cc', 'failures']),
          rows: rows.map((r) => [
            s! < 0 ? key(r, 0, 1) : key(r, r[s!] as number, 144),
            n(get(r, 'result_code')),
            get(r, 'carrier_code') === '' ? 0 : n(get(r, 'carrier_code')),
            get(r, 'failures'),
          ]),
        });
        break;
      case 'rollup_codes_hourly':
        out.push({
          sql: insert('probe_codes_hourly', ['code', 'hk', 'failures']),
          rows: rows.map((r) => [n(get(r, 'code')), day(r[d!]) * 24 + (r[h!] as number), get(r, 'failures')]),
        });
        break;
      case 'rollup_codes_daily':
        out.push({ sql: insert('probe_codes_daily', ['code', 'day', 'failures']), rows: rows.map((r) => [n(get(r, 'code')), day(r[d!]), get(r, 'failures')]) });
        break;
      case 'rollup_billable_daily':
        out.push({
          sql: insert('probe_billable_daily', ['day', 'calls', 'successes', 'billable']),
          rows: rows.map((r) => [day(r[d!]), get(r, 'calls'), get(r, 'successes'), get(r, 'billable')]),
        });
        break;
      case 'rollup_billable_monthly':
        out.push({
          sql: insert('probe_billable_monthly', ['k', 'cells', 'calls', 'successes', 'billable']),
          rows: rows.map((r) => [
            day(`${String(get(r, 'month'))}-01`) * 2 ** 24 + cell(r[id!], r[op!], r[cap!]),
            get(r, 'cells'),
            get(r, 'calls'),
            get(r, 'successes'),
            get(r, 'billable'),
          ]),
        });
        break;
      default:
        throw new Error(`no integer-keyed probe for ${table}`);
    }
  }
  return out;
}
