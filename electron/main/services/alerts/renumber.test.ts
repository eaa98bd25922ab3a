/**
 * The process-wide cell and code numbers start afresh once more than NUMBERS_CAP of either are
 * held (rollup-query.ts's renumberIfFull, first thing in a cache's refresh). A cache holding sums
 * by the old numbers must then read afresh, and the rules' per-cell facts must go with the
 * numbers: the evaluation after the renumbering, and the incremental one after the next page,
 * find what a full evaluation with nothing kept finds, number for number and word for word.
 */
import { expect, it } from 'vitest';
import { alertRules, type AlertRule } from '../../../../shared/contract/alerts';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import type { Db } from '../db/open';
import { authRecordsWriter, instantMs } from '../store/auth-records-repo';
import { syncStateRepo } from '../store/sync-state-repo';
import { openTestWorkspaceDb } from '../testing/context';
import { evaluateRules } from './evaluate';
import type { Finding } from './finding';
import { cellCount, cellNumber, codeNumber, NUMBERS_CAP, RollupCache } from './rollup-query';
import { defaultRuleConfig } from './rules-repo';
import { emulatedRecords } from './testing/emulated-traffic';

const END = Date.parse('2026-11-20T12:00:00+08:00');
const TRAFFIC: readonly AlertRule[] = ['failureSpike', 'successBelow', 'volumeDrop', 'codeSurge'];
const configs = alertRules.map((r) => ({ ...defaultRuleConfig(r), enabled: TRAFFIC.includes(r) }));
const said = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify([f.key, f.scope, f.subject, f.numbers, f.topCodes, f.detail, f.link])).sort();

it('after the numbers start afresh, a kept cache reads afresh and finds what a full evaluation finds', () => {
  const db = openTestWorkspaceDb(':memory:');
  const put = (rows: readonly PlatformAuthRecord[]) => db.transaction(() => authRecordsWriter(db).insert(rows))();
  const records = emulatedRecords({
    seed: 5,
    days: 8,
    daily: 20_000,
    apps: 3,
    now: () => END,
    incidents: ['CMCC:login:10104:x8@2026-11-20T11:00+08:00/2h'],
    volumeDrops: [],
  });
  const all: PlatformAuthRecord[] = [];
  for (let n = records.next(); !n.done; n = records.next()) all.push(n.value);
  all.sort((a, b) => instantMs(a.requestTime) - instantMs(b.requestTime));
  // Two pages held back: the last ten and the last five minutes.
  const last = all.findIndex((r) => instantMs(r.requestTime) >= END - 10 * 60_000);
  const lastButOne = all.findIndex((r) => instantMs(r.requestTime) >= END - 5 * 60_000);
  put(all.slice(0, last));
  const cache = new RollupCache();
  const evaluate = (db: Db, now: number) => {
    syncStateRepo(db).succeeded('records', now);
    const inc = evaluateRules(db, configs, now, cache, { incremental: true });
    const full = evaluateRules(db, configs, now);
    expect(inc.failed).toEqual(new Map());
    expect(said(inc.findings)).toEqual(said(full.findings));
    return inc;
  };
  // The cache fills, then follows a page incrementally.
  evaluate(db, END - 10 * 60_000);
  put(all.slice(last, lastButOne));
  const before = evaluate(db, END - 5 * 60_000);
  expect(before.incremental?.has('failureSpike')).toBe(true);
  expect(before.findings.some((f) => f.rule === 'failureSpike')).toBe(true);

  // Other workspaces' cells fill the numbering past its cap (and codes past theirs): the cells held so far move.
  const held = cellCount();
  for (let a = 0; cellCount() <= NUMBERS_CAP; a++) cellNumber(`other_${a}`, 'CMCC', 'login');
  for (let c = 0; c <= NUMBERS_CAP; c++) codeNumber(`x${c}`);
  // Another workspace's cache is the first to refresh: its cells take the first numbers, so this store's move.
  const other = openTestWorkspaceDb(':memory:');
  const theirs = [...emulatedRecords({ seed: 6, days: 1, daily: 2_000, apps: 2, now: () => END, incidents: [], volumeDrops: [] })];
  other.transaction(() => authRecordsWriter(other).insert(theirs))();
  evaluateRules(other, configs, END, new RollupCache());
  expect(cellCount()).toBeLessThan(held);
  put(all.slice(lastButOne));
  const after = evaluate(db, END);
  // Numbered afresh: only the two stores' cells have numbers again, and nothing was carried.
  expect(cellCount()).toBeLessThanOrEqual(held + 12);
  expect(after.incremental?.size).toBe(0);
  expect(after.findings.some((f) => f.rule === 'failureSpike')).toBe(true);

  // The next page is incremental again, on the new numbers.
  put(
    all
      .filter((r) => instantMs(r.requestTime) >= END - 60_000)
      .map((r, i) => ({ ...r, seq: 10_000_000 + i, recordId: `late${i}`, traceId: `late${i}`, requestTime: r.requestTime })),
  );
  const next = evaluate(db, END + 30_000);
  expect(next.incremental?.has('failureSpike')).toBe(true);
  db.close();
  other.close();
});
