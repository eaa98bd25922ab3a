/**
 * The rollups the rules read through a kept RollupCache (patched with every page's sums) against
 * an independent oracle: the same sums computed here, in plain code, from the records the test
 * has committed. Random sequences of sync pages move time on (windows crossing slots and hours),
 * with late records of earlier days, resyncs (every rollup rebuilt), pages rolled back and
 * commits by another connection; after every step each window, baseline span, day and failure
 * code the rules read must equal the oracle's, whatever the cache kept or patched; and the cells
 * an evaluation is told changed (the only ones an incremental evaluation looks at) must be exactly
 * those whose counts changed since the previous one, per the oracle's recount.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { capabilities, operators } from '../../../../shared/platform/domain';
import { mulberry32 } from '../../../../shared/random/mulberry32';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { addDays, shanghaiDate, toShanghaiIso } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { authRecordsWriter, instantMs } from '../store/auth-records-repo';
import { rollupsRepo } from '../store/rollups-repo';
import { SLOT_MS } from '../store/slot-rollups-repo';
import { openTestWorkspaceDb } from '../testing/context';
import { cellKey, cellKeyAt, cellNumber, CellSums, codeAt, RollupCache, rollupSource, type CellKey, type CellSumsView } from './rollup-query';
import { ruleWindow, volumeWindow } from './traffic-rules';

const DAY_MS = 86_400_000;
const APPS = ['app_a', 'app_b', 'app_c'];
const CODES = ['10104', '10105', '10202'];

const dir = mkdtempSync(join(tmpdir(), 'onetap-rollup-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sums {
  calls: number;
  successes: number;
}

/** The oracle: every committed record, summed on demand. */
class Model {
  readonly records: { t: number; cell: CellKey; ok: boolean; code: string }[] = [];
  add(rows: readonly PlatformAuthRecord[]): void {
    for (const r of rows) this.records.push({ t: instantMs(r.requestTime), cell: cellKey(r.id, r.operator, r.capability), ok: r.success, code: r.resultCode });
  }
  span(from: number, to: number): Map<CellKey, Sums> {
    const m = new Map<CellKey, Sums>();
    for (const r of this.records) {
      if (r.t < from || r.t >= to) continue;
      const s = m.get(r.cell) ?? { calls: 0, successes: 0 };
      s.calls++;
      if (r.ok) s.successes++;
      m.set(r.cell, s);
    }
    return m;
  }
  days(first: string, last: string): Map<CellKey, number> {
    const m = new Map<CellKey, number>();
    for (const r of this.records) {
      const d = shanghaiDate(r.t);
      if (d >= first && d <= last) m.set(r.cell, (m.get(r.cell) ?? 0) + 1);
    }
    return m;
  }
  /** Records per cell, all days. */
  perCell(): Map<CellKey, number> {
    const m = new Map<CellKey, number>();
    for (const r of this.records) m.set(r.cell, (m.get(r.cell) ?? 0) + 1);
    return m;
  }
  /** Failures per cell × code in [from, to) (epoch ms) or on the days first … last. */
  failures(keep: (t: number) => boolean): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.records) if (!r.ok && keep(r.t)) m.set(`${r.cell}\u0000${r.code}`, (m.get(`${r.cell}\u0000${r.code}`) ?? 0) + 1);
    return m;
  }
}

const sorted = <V>(m: ReadonlyMap<string, V>): [string, V][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/** Sums by cell number as a map by cell key, cells with calls only. */
const plain = (m: CellSumsView) =>
  new Map(m.cells.filter((n) => m.calls[n]! > 0).map((n) => [cellKeyAt(n), { calls: m.calls[n]!, successes: m.successes[n]! }]));

it('after random pages, late records, resyncs, rollbacks and other connections, what the cache holds equals the oracle', () => {
  const file = join(dir, 'store.db');
  const db: Db = openTestWorkspaceDb(file);
  const rnd = mulberry32(18);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const model = new Model();
  let seq = 1;
  const record = (t: number, cell?: [string, string, string]): PlatformAuthRecord => {
    const [id, operator, capability] = cell ?? [pick(APPS), pick(operators), pick(capabilities)];
    const ok = rnd() < 0.8;
    const s = seq++;
    return {
      seq: s,
      recordId: `r${s}`,
      id,
      appId: id.toUpperCase(),
      capability: capability as PlatformAuthRecord['capability'],
      operator: operator as PlatformAuthRecord['operator'],
      requestTime: toShanghaiIso(t),
      resultCode: ok ? '200' : pick(CODES),
      success: ok,
      outcome: null,
      carrierCode: null,
      description: 'x',
      maskedPhone: null,
      authType: null,
      clientIp: null,
      traceId: `t${s}`,
    };
  };
  const commit = (target: Db, rows: readonly PlatformAuthRecord[]) => {
    target.transaction(() => authRecordsWriter(target).insert(rows))();
    model.add(rows);
  };

  let now = Date.parse('2026-11-20T10:47:00+08:00');
  // Eight days of history, a few records an hour for every cell.
  const history: PlatformAuthRecord[] = [];
  for (let t = now - 8 * DAY_MS; t < now - 20 * 60_000; t += 7 * 60_000) for (let i = 0; i < 3; i++) history.push(record(t + Math.floor(rnd() * 7 * 60_000)));
  commit(db, history);

  const cache = new RollupCache();
  let checks = 0;
  let patched = 0;
  let counted = model.perCell();
  const check = (step: number) => {
    const changes = cache.refresh(db);
    expect(changes, `step ${step}: the cache is usable`).not.toBeNull();
    // The cells told changed are exactly those whose counts the oracle finds changed since the last check.
    const recount = model.perCell();
    const changed = [...recount].filter(([k, n]) => counted.get(k) !== n).map(([k]) => k);
    counted = recount;
    if (!changes!.all) {
      patched++;
      expect(changes!.cells.list.map(cellKeyAt).sort(), `step ${step}: changed cells`).toEqual(changed.sort());
      for (const k of changed)
        expect(changes!.cells.has(cellNumber(...(k.split('\u0000') as [string, string, string]))), `step ${step}: ${k} marked`).toBe(true);
    }
    const source = rollupSource(db, { store: cache, now });
    const today = shanghaiDate(now);
    const nextSlot = Math.floor(now / SLOT_MS) * SLOT_MS + SLOT_MS;
    // The windows the rules read now and at the next slot (reading ahead), and the volume's.
    const spans = [ruleWindow(now, 30), ruleWindow(now, 60), ruleWindow(nextSlot, 30)];
    const v = volumeWindow(now, now, 2);
    spans.push({ from: v.start, to: v.end });
    for (const { from, to } of spans) {
      expect(sorted(plain(source.window(from, to))), `step ${step}: window ${toShanghaiIso(from)}–${toShanghaiIso(to)}`).toEqual(sorted(model.span(from, to)));
      // The same span on the seven days before (a baseline): summed bucket by bucket.
      const base = new CellSums();
      for (let d = 1; d <= 7; d++) source.addSpan(from - d * DAY_MS, to - d * DAY_MS, base);
      const expected = new Map<CellKey, Sums>();
      for (let d = 1; d <= 7; d++)
        for (const [k, c] of model.span(from - d * DAY_MS, to - d * DAY_MS)) {
          const e = expected.get(k) ?? { calls: 0, successes: 0 };
          e.calls += c.calls;
          e.successes += c.successes;
          expected.set(k, e);
        }
      expect(sorted(plain(base)), `step ${step}: baseline of ${toShanghaiIso(from)}`).toEqual(sorted(expected));
      // Failures per code of every cell over the window and over the same span yesterday.
      for (const [f, t] of [
        [from, to],
        [from - DAY_MS, to - DAY_MS],
      ] as const) {
        const got = new Map<string, number>();
        for (const id of APPS)
          for (const operator of operators)
            for (const capability of capabilities)
              for (const r of source.spanFailures(f, t, id, operator, capability, cellNumber(id, operator, capability))) {
                const k = `${cellKey(id, operator, capability)}\u0000${r.resultCode}`;
                got.set(k, (got.get(k) ?? 0) + r.failures);
              }
        expect(sorted(got), `step ${step}: failure codes ${toShanghaiIso(f)}–${toShanghaiIso(t)}`).toEqual(sorted(model.failures((x) => x >= f && x < t)));
      }
    }
    for (const date of [today, addDays(today, -1), addDays(today, -3)]) {
      const day = source.dayCalls(date);
      const calls = new Map(day.cells.filter((n) => day.calls[n]! > 0).map((n) => [cellKeyAt(n), day.calls[n]!]));
      expect(sorted(calls), `step ${step}: calls on ${date}`).toEqual(sorted(model.days(date, date)));
    }
    // The code surge's counts: today against the seven days before, for codes with at least 2 failures today.
    const first = addDays(today, -7);
    const todays = model.failures((x) => shanghaiDate(x) === today);
    const before = model.failures((x) => shanghaiDate(x) >= first && shanghaiDate(x) < today);
    const expected = new Map([...todays].filter(([, n]) => n >= 2).map(([k, n]) => [k, [n, before.get(k) ?? 0]]));
    const got = new Map<string, number[]>();
    source.codeCounts(first, today, 2, (n, code, todays, before) => got.set(`${cellKeyAt(n)}\u0000${codeAt(code)}`, [todays, before]));
    expect(sorted(got), `step ${step}: code counts`).toEqual(sorted(expected));
    checks++;
  };

  check(-1);
  for (let step = 0; step < 70; step++) {
    now += Math.floor(rnd() * 150_000);
    const kind = rnd();
    // Most pages hold some cells' records of the last ten minutes (some cells untouched; up to 12 picks of 18 cells).
    const cells = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => [pick(APPS), pick(operators), pick(capabilities)] as [string, string, string]);
    const rows = Array.from({ length: 10 + Math.floor(rnd() * 60) }, () => record(now - Math.floor(rnd() * 10 * 60_000), pick(cells)));
    if (kind < 0.12) {
      // Late records: hours or days old (a baseline day's, the window's of yesterday).
      const late = Array.from({ length: 5 + Math.floor(rnd() * 20) }, () =>
        record(now - (1 + Math.floor(rnd() * 7)) * DAY_MS + Math.floor(rnd() * 2 * 3_600_000) - 3_600_000),
      );
      commit(db, [...rows, ...late]);
    } else if (kind < 0.18) {
      // A resync: every rollup rebuilt from the records (the cache is told everything may have changed).
      commit(db, rows);
      rollupsRepo(db).rebuild();
    } else if (kind < 0.25) {
      // A page whose transaction fails after the writer counted it (nothing committed), then the same page again.
      expect(() =>
        db.transaction(() => {
          authRecordsWriter(db).insert(rows);
          throw new Error('disk full');
        })(),
      ).toThrow('disk full');
      check(step);
      commit(db, rows);
    } else if (kind < 0.3) {
      // Another connection commits: this one is not told (SQLite's data_version moves).
      const other = openTestWorkspaceDb(file);
      commit(other, rows);
      other.close();
    } else if (kind < 0.4) {
      // Two pages before the next evaluation.
      commit(db, rows.slice(0, rows.length >> 1));
      commit(db, rows.slice(rows.length >> 1));
    } else commit(db, rows);
    check(step);
  }
  db.close();
  expect(checks).toBeGreaterThan(70);
  // Most steps were patched into what the cache kept (not read afresh): the incremental state was what got checked.
  expect(patched).toBeGreaterThan(40);
});
