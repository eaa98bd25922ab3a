/**
 * The incremental evaluation after a sync page against its oracle, the full evaluation read
 * straight from the rollups with nothing kept. A day with two incidents and a volume drop goes
 * in page by page, some pages holding only some operators' records (so other cells' episodes
 * stay open untouched while time moves on), with late records, a resync, a page rolled back and
 * retried, and a commit by another connection on the way. After every page:
 * - on the same store, the incremental evaluation's findings equal the oracle's, number for number,
 *   and their text (top codes, detail, link: made on first read) too, read only after the next
 *   page has gone in and been evaluated (the text is of the evaluation that found it, not of
 *   rollups patched since);
 * - on a twin store fed the same pages and evaluated in full, the episodes opened, notified and
 *   resolved are the same, and in the end so are the stores' whole alert histories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { alertRules, type AlertRule } from '../../../../shared/contract/alerts';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { openTestWorkspaceDb } from '../testing/context';
import { authRecordsWriter, instantMs } from '../store/auth-records-repo';
import { rollupsRepo } from '../store/rollups-repo';
import { syncStateRepo } from '../store/sync-state-repo';
import { episodesRepo } from './episodes-repo';
import { reconcile, type Reconciled } from './episodes';
import { SLOT_MS } from '../store/slot-rollups-repo';
import { evaluateRules, prepareRules, type Evaluation } from './evaluate';
import { findingTextMade, type Finding } from './finding';
import { RollupCache } from './rollup-query';
import { defaultRuleConfig } from './rules-repo';
import { emulatedRecords } from './testing/emulated-traffic';

const at = (s: string) => Date.parse(s);
const END = at('2026-11-20T15:30:00+08:00');
const FROM = at('2026-11-20T09:40:00+08:00');
const TRAFFIC: readonly AlertRule[] = ['failureSpike', 'successBelow', 'volumeDrop', 'codeSurge', 'syncStale'];
// Spikes repeat every half hour while they last: a repeated event carries the numbers of its moment, which the
// incremental side (numbers written lazily) must have settled first.
const configs = alertRules.map((r) => ({ ...defaultRuleConfig(r), enabled: TRAFFIC.includes(r), ...(r === 'failureSpike' ? { repeatMinutes: 30 } : {}) }));

const dir = mkdtempSync(join(tmpdir(), 'onetap-alerts-incremental-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What decides a finding, in a form two evaluations can be compared by. */
const numbers = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify([f.key, f.scope, f.numbers])).sort();
/** What a finding says, in a form two evaluations can be compared by. */
const said = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify([f.key, f.scope, f.subject, f.numbers, f.topCodes, f.detail, f.link])).sort();
/** An evaluation's outcome by episode key (alert ids differ between the two stores). */
function outcome(db: Db, r: Reconciled) {
  const key = (id: number) => episodesRepo(db).get(id)!.key;
  return {
    opened: r.opened.map(key).sort(),
    resolved: r.resolved.map(key).sort(),
    notices: r.notices.map((n) => `${n.kind} ${key(n.alertId)}`).sort(),
  };
}

it('after every page, the incremental evaluation finds and decides exactly what a full one does', () => {
  const fast = openTestWorkspaceDb(join(dir, 'incremental.db'));
  const twin = openTestWorkspaceDb(join(dir, 'full.db'));
  const stores = [fast, twin];
  const records = emulatedRecords({
    seed: 11,
    days: 9,
    daily: 20_000,
    apps: 4,
    now: () => END,
    incidents: ['CMCC:login:10104:x5@2026-11-20T10:30+08:00/2h', 'CUCC:verify:10105:x8@2026-11-20T12:40+08:00/50m'],
    volumeDrops: [],
  });
  const put = (db: Db, rows: readonly PlatformAuthRecord[]) => db.transaction(() => authRecordsWriter(db).insert(rows))();
  // History before the day's watch goes in as a sync would have left it.
  const today: PlatformAuthRecord[] = [];
  let bulk: PlatformAuthRecord[] = [];
  for (let n = records.next(); !n.done; n = records.next()) {
    if (instantMs(n.value.requestTime) >= FROM) today.push(n.value);
    else if (bulk.push(n.value) === 5000) {
      for (const db of stores) put(db, bulk);
      bulk = [];
    }
  }
  for (const db of stores) put(db, bulk);
  today.sort((a, b) => instantMs(a.requestTime) - instantMs(b.requestTime));

  const cache = new RollupCache();
  let latest = FROM;
  let pages = 0;
  let incremental = 0;
  let surgedIncrementally = 0;
  let opened = 0;
  let mostOpen = 0;
  let previous: { inc: readonly Finding[]; oracle: readonly Finding[]; at: string } | null = null;
  /** Findings of the previous evaluation (a carried one may have had its text read already). */
  let carried = new Set<Finding>();
  const evaluate = (): void => {
    const now = latest + 20_000;
    for (const db of stores) syncStateRepo(db).succeeded('records', now);
    const clearing = new Set(
      episodesRepo(fast)
        .openStates()
        .filter((r) => r.clear_since !== null)
        .map((r) => r.key),
    );
    const inc: Evaluation = evaluateRules(fast, configs, now, cache, { incremental: true });
    const oracle = evaluateRules(fast, configs, now);
    expect(inc.failed).toEqual(new Map());
    expect(numbers(inc.findings), `findings at ${toShanghaiIso(now)} after page ${pages}`).toEqual(numbers(oracle.findings));
    if (inc.incremental?.has('failureSpike')) incremental++;
    // The code surge looks only at the page's cells' codes of the day (rollup-query.ts): seen firing while carried.
    if (inc.incremental?.has('codeSurge') && inc.findings.some((f) => f.rule === 'codeSurge')) surgedIncrementally++;
    const ra = reconcile(fast, configs, inc, now, { lazyNumbers: true });
    // Episodes opened after a sync page are written with their text (it is told at once): stored as returned.
    for (const r of ra.openedRows) expect(episodesRepo(fast).get(r.alert_id), `episode ${r.key} as written`).toEqual(r);
    const a = outcome(fast, ra);
    const b = outcome(twin, reconcile(twin, configs, evaluateRules(twin, configs, now), now));
    expect(a, `episodes at ${toShanghaiIso(now)} after page ${pages}`).toEqual(b);
    // A sync page's reconcile makes the text of the findings it writes (a repeat, one found again while clearing)
    // and of no other (a new episode's was made as it opened).
    const written = new Set([
      ...clearing,
      ...a.opened,
      ...a.notices.filter((n) => n.startsWith('repeated ') || n.startsWith('fired ')).map((n) => n.slice(n.indexOf(' ') + 1)),
    ]);
    for (const f of inc.findings)
      if (!carried.has(f) && !written.has(f.key)) expect(findingTextMade(f), `text of ${f.key} made at ${toShanghaiIso(now)}`).toBe(false);
    // The previous evaluation's text, read now that another page has been patched into the kept rollups.
    if (previous) expect(said(previous.inc), `text of the findings at ${previous.at}`).toEqual(said(previous.oracle));
    previous = { inc: inc.findings, oracle: oracle.findings, at: toShanghaiIso(now) };
    carried = new Set(inc.findings);
    opened += a.opened.length;
    mostOpen = Math.max(mostOpen, episodesRepo(fast).openStates().length);
  };
  let readAhead = 0;
  const page = (rows: readonly PlatformAuthRecord[], stored = stores) => {
    for (const db of stored) put(db, rows);
    // The timer reads ahead for the next slot now and then, between a page and the evaluation after the run (what it
    // reads must not hide the page's cells from that evaluation).
    if (pages % 3 === 1) {
      prepareRules(fast, configs, latest + 20_000, Math.floor((latest + 20_000) / SLOT_MS) * SLOT_MS + SLOT_MS, cache);
      readAhead++;
    }
    for (const r of rows) latest = Math.max(latest, instantMs(r.requestTime));
    pages++;
    evaluate();
  };
  const late = (n: number): PlatformAuthRecord[] =>
    Array.from({ length: 40 }, (_, i) => ({
      ...today[0]!,
      seq: 50_000_000 + n * 100 + i,
      recordId: `late_${n}_${i}`,
      operator: 'CMCC',
      capability: 'login',
      // Failures ten minutes ago and at this time yesterday (in the spike's baseline, and the code surge's).
      requestTime: toShanghaiIso(latest - (i % 2 ? 86_400_000 : 600_000)),
      resultCode: '10104',
      success: false,
      outcome: null,
    }));

  for (let i = 0, chunk = 0; i < today.length; i += 150, chunk++) {
    const rows = today.slice(i, i + 150);
    if (chunk === 15 || chunk === 33) page(late(chunk));
    if (chunk === 12) {
      // A resync: every rollup rebuilt from the records.
      for (const db of stores) rollupsRepo(db).rebuild();
      evaluate();
    }
    if (chunk === 18) {
      // A page whose transaction fails after the writer counted it, then the same page again.
      expect(() =>
        fast.transaction(() => {
          authRecordsWriter(fast).insert(rows);
          throw new Error('disk full');
        })(),
      ).toThrow('disk full');
      evaluate();
    }
    if (chunk === 24) {
      // Another connection (another process) writes the next records: this connection is not told.
      const other = openTestWorkspaceDb(join(dir, 'incremental.db'));
      put(other, rows);
      other.close();
      page(rows, [twin]);
      continue;
    }
    // Most chunks arrive as two pages: China Mobile's records, then the others' (cells untouched by a page keep their findings).
    if (chunk % 3 === 0) page(rows);
    else {
      page(rows.filter((r) => r.operator === 'CMCC'));
      page(rows.filter((r) => r.operator !== 'CMCC'));
    }
  }
  expect(pages).toBeGreaterThan(40);
  expect(readAhead).toBeGreaterThan(10);
  expect(opened).toBeGreaterThan(0);
  // Most evaluations carried the untouched cells' findings; the rest were full for a reason (a new window, a lost track).
  expect(incremental).toBeGreaterThan(pages / 3);
  expect(surgedIncrementally).toBeGreaterThan(0);
  // The day had its episodes, opened and resolved, and both stores hold the same history.
  const history = (db: Db) =>
    episodesRepo(db)
      .events(0)
      .map((e) => `${e.kind} ${e.rule} ${toShanghaiIso(e.at)} ${JSON.stringify(e.numbers)} ${e.detail}`);
  expect(history(fast).filter((e) => e.startsWith('fired failureSpike')).length).toBeGreaterThan(0);
  expect(history(fast).filter((e) => e.startsWith('resolved')).length).toBeGreaterThan(0);
  expect(history(fast).filter((e) => e.startsWith('repeated failureSpike')).length).toBeGreaterThan(0);
  expect(history(fast)).toEqual(history(twin));
  // Many episodes open at once (every app's China Mobile logins, then China Unicom's verifications).
  expect(mostOpen).toBeGreaterThanOrEqual(8);
  // What the resolved episodes hold (their last numbers, top codes, detail and link) is the same in both stores.
  const resolved = (db: Db) =>
    (
      db
        .prepare(
          "SELECT key, started_at, resolved_at, numbers, top_codes, detail, link, notifications FROM alert_episodes WHERE state = 'resolved' ORDER BY key, started_at",
        )
        .all() as unknown[]
    ).map((r) => JSON.stringify(r));
  expect(resolved(fast).length).toBeGreaterThan(0);
  expect(resolved(fast)).toEqual(resolved(twin));
  fast.close();
  twin.close();
}, 300_000);
