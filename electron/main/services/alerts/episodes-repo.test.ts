/**
 * The open episodes' states kept between sync pages (episodes-repo.ts's openStatesKept): read
 * again after any write to alert_episodes, whoever makes it: the repository, plain SQL on the same
 * connection, or another connection. Episodes opened many at once (insertMany): each with its text,
 * in the episode and its firing, in the same transaction; the rows it returns are the rows stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../testing/context';
import { alertRules } from '../../../../shared/contract/alerts';
import { byteOrder, episodesRepo, openedAlert } from './episodes-repo';
import { reconcile } from './episodes';
import { lazyFinding } from './finding';
import { defaultRuleConfig } from './rules-repo';

const dir = mkdtempSync(join(tmpdir(), 'onetap-episodes-repo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const finding = (key: string) => ({
  rule: 'failureSpike' as const,
  key,
  scope: { app: key },
  subject: {},
  numbers: { n: 1 },
  topCodes: [],
  detail: key,
  link: { view: 'records' as const, query: {} },
});

it('keeps the open states until alert_episodes changes, by any writer', () => {
  const file = join(dir, 'w.db');
  const db = openTestWorkspaceDb(file);
  const repo = episodesRepo(db);
  const a = repo.insert(finding('a'), 1000);
  const first = repo.openStatesKept();
  expect(first.map((r) => r.key)).toEqual(['a']);
  // Nothing written since: the same rows, not read again.
  expect(repo.openStatesKept()).toBe(first);

  // The repository's own writes.
  repo.acknowledge(a, 2000);
  const acked = repo.openStatesKept();
  expect(acked).not.toBe(first);
  expect(acked[0]!.acknowledged_at).toBe(2000);

  // Plain SQL on the same connection.
  db.prepare('UPDATE alert_episodes SET snoozed_until = 5000 WHERE alert_id = ?').run(a);
  expect(repo.openStatesKept()[0]!.snoozed_until).toBe(5000);
  db.prepare(
    "INSERT INTO alert_episodes (rule, key, scope, subject, state, started_at, numbers, top_codes, detail, link, notify_due) VALUES ('failureSpike', 'b', '{}', '{}', 'open', 1, '{}', '[]', '', '{}', 0)",
  ).run();
  expect(repo.openStatesKept().map((r) => r.key)).toEqual(['a', 'b']);
  // An open one inserted with an id below the highest, and a resolved one (which openStates does not read).
  db.prepare(
    "INSERT INTO alert_episodes (alert_id, rule, key, scope, subject, state, started_at, numbers, top_codes, detail, link, notify_due) VALUES (?, 'failureSpike', ?, '{}', '{}', ?, 1, '{}', '[]', '', '{}', 0)",
  ).run(-5, 'c', 'open');
  expect(repo.openStatesKept().map((r) => r.key)).toEqual(['a', 'b', 'c']);
  const withC = repo.openStatesKept();
  db.prepare(
    "INSERT INTO alert_episodes (alert_id, rule, key, scope, subject, state, started_at, numbers, top_codes, detail, link, notify_due) VALUES (?, 'failureSpike', ?, '{}', '{}', ?, 1, '{}', '[]', '', '{}', 0)",
  ).run(-6, 'd', 'resolved');
  expect(repo.openStatesKept()).toBe(withC);
  db.prepare('DELETE FROM alert_episodes WHERE alert_id IN (-5, -6)').run();
  expect(repo.openStatesKept().map((r) => r.key)).toEqual(['a', 'b']);

  // Numbers and text refreshed alone (the timer's full reconcile): the states read are still true.
  const beforeRefresh = repo.openStatesKept();
  repo.refresh(a, { numbers: { n: 2 }, topCodes: [], detail: 'a2', link: { view: 'records', query: {} } });
  expect(repo.openStatesKept()).toBe(beforeRefresh);
  expect(repo.get(a)!.detail).toBe('a2');
  // A refresh that ends a clearing does change a state: read again.
  repo.clearing(a, 2500);
  expect(repo.openStatesKept()[0]!.clear_since).toBe(2500);
  const clearing = repo.openStatesKept();
  repo.refresh(a, { numbers: { n: 3 }, topCodes: [], detail: 'a3', link: { view: 'records', query: {} } });
  expect(repo.openStatesKept()).not.toBe(clearing);
  expect(repo.openStatesKept()[0]!.clear_since).toBeNull();
  // A repeated notification counts too (its columns are read).
  repo.notified(a, 2600, 'repeated');
  expect(repo.openStatesKept()[0]!.notifications).toBe(1);

  // A rolled-back write leaves what was kept true.
  const kept = repo.openStatesKept();
  expect(() =>
    db.transaction(() => {
      repo.resolve(a, 3000);
      throw new Error('stop');
    })(),
  ).toThrow('stop');
  expect(repo.openStatesKept().map((r) => r.key)).toEqual(kept.map((r) => r.key));

  // Another connection (another process) resolves one.
  const other = openTestWorkspaceDb(file);
  episodesRepo(other).resolve(a, 4000);
  other.close();
  expect(repo.openStatesKept().map((r) => r.key)).toEqual(['b']);
  expect(repo.openStatesKept()).toEqual(repo.openStates());
  db.close();
});

it('takes the episodes a committed transaction opened into the kept states, in the order SQLite reads them', () => {
  const db = openTestWorkspaceDb(join(dir, 'opened.db'));
  const repo = episodesRepo(db);
  // Keys JS and SQLite order differently (U+FF21 before U+1F600 in UTF-8, after it in UTF-16), around ones kept already.
  repo.insert(finding('m'), 1000);
  repo.insert(finding('\uff21'), 1000);
  const before = repo.openStatesKept();
  expect(before.map((r) => r.key)).toEqual(['m', '\uff21']);
  const keys = ['z', '\u{1f600}', 'a', '\uffff', 'n'];
  db.transaction(() =>
    repo.insertMany(
      keys.map((k, i) => ({ f: finding(k), notified: i % 2 === 0 })),
      2000,
    ),
  )();
  repo.keepOpened();
  const kept = repo.openStatesKept();
  expect(kept).not.toBe(before);
  expect(kept).toEqual(repo.openStates());
  expect(kept.map((r) => r.key)).toEqual(['a', 'm', 'n', 'z', '\uff21', '\uffff', '\u{1f600}']);
  // Taken in, not read again: the same list until something changes.
  expect(repo.openStatesKept()).toBe(kept);

  // Opened in a transaction that rolled back: nothing of it is kept, even once the counter comes back to the same figure.
  expect(() =>
    db.transaction(() => {
      repo.insertMany([{ f: finding('gone'), notified: true }], 3000);
      throw new Error('stop');
    })(),
  ).toThrow('stop');
  // Even if told to keep them: the counter is back where it was before the opening.
  repo.keepOpened();
  repo.acknowledge(kept[0]!.alert_id, 3500);
  expect(repo.openStatesKept().map((r) => r.key)).not.toContain('gone');
  expect(repo.openStatesKept()).toEqual(repo.openStates());

  // Rolled back, then as many open episodes inserted by plain SQL: their number is the one the
  // opening would have left, but its last episode is not there, so nothing of it is kept.
  const beforeGone = repo.openStatesKept();
  expect(() =>
    db.transaction(() => {
      repo.insertMany([{ f: finding('gone2'), notified: true }], 3600);
      throw new Error('stop');
    })(),
  ).toThrow('stop');
  db.prepare(
    "INSERT INTO alert_episodes (rule, key, scope, subject, state, started_at, numbers, top_codes, detail, link, notify_due) VALUES ('failureSpike', 'other', '{}', '{}', 'open', 1, '{}', '[]', '', '{}', 0)",
  ).run();
  repo.keepOpened();
  expect(repo.openStatesKept()).not.toBe(beforeGone);
  expect(repo.openStatesKept().map((r) => r.key)).not.toContain('gone2');
  expect(repo.openStatesKept()).toEqual(repo.openStates());

  // Another write after the opening in the same transaction: read again, not taken in.
  const last = repo.openStatesKept();
  db.transaction(() => {
    repo.insertMany([{ f: finding('b'), notified: true }], 4000);
    repo.acknowledge(kept[1]!.alert_id, 4000);
  })();
  repo.keepOpened();
  const after = repo.openStatesKept();
  expect(after).not.toBe(last);
  expect(after).toEqual(repo.openStates());
  expect(after.find((r) => r.alert_id === kept[1]!.alert_id)!.acknowledged_at).toBe(4000);
  db.close();
});

it('counts the open episodes and those asking for attention as the table holds them, kept states or not', () => {
  const file = join(dir, 'counts.db');
  const db = openTestWorkspaceDb(file);
  const repo = episodesRepo(db);
  /** The counts as the table holds them, read by plain SQL. */
  const stored = (now: number) =>
    db
      .prepare(
        `SELECT COUNT(*) AS open, COALESCE(SUM(acknowledged_at IS NULL AND (snoozed_until IS NULL OR snoozed_until <= ?)), 0) AS attention
         FROM alert_episodes WHERE state = 'open'`,
      )
      .get(now);
  const check = (now: number, expected: { open: number; attention: number }) => {
    expect(stored(now)).toEqual(expected);
    expect(repo.counts(now)).toEqual(expected);
  };
  check(1000, { open: 0, attention: 0 });
  const [a, b, c] = ['a', 'b', 'c'].map((k) => repo.insert(finding(k), 1000));
  check(1000, { open: 3, attention: 3 });
  // Opened by a committed page (the kept states take them in), and counted from them.
  db.transaction(() => repo.insertMany([{ f: finding('d'), notified: true }], 1500))();
  repo.keepOpened();
  const kept = repo.openStatesKept();
  check(1500, { open: 4, attention: 4 });
  expect(repo.openStatesKept()).toBe(kept);
  repo.acknowledge(a!, 2000);
  check(2000, { open: 4, attention: 3 });
  // Snoozed until 5000: asks for attention again from then on (the time counted is the caller's).
  repo.snooze(b!, 5000);
  check(4999, { open: 4, attention: 2 });
  check(5000, { open: 4, attention: 3 });
  // Plain SQL on the same connection, and another connection.
  db.prepare('UPDATE alert_episodes SET acknowledged_at = 1 WHERE alert_id = ?').run(c);
  check(5000, { open: 4, attention: 2 });
  const other = openTestWorkspaceDb(file);
  episodesRepo(other).resolve(b!, 6000);
  other.close();
  check(6000, { open: 3, attention: 1 });
  // A rolled-back resolution leaves the counts as they were.
  expect(() =>
    db.transaction(() => {
      repo.resolve(a!, 7000);
      throw new Error('stop');
    })(),
  ).toThrow('stop');
  check(7000, { open: 3, attention: 1 });
  db.close();
});

it('opens many episodes with their text, and returns the rows as stored', () => {
  const file = join(dir, 'many.db');
  const db = openTestWorkspaceDb(file);
  const repo = episodesRepo(db);
  const text = (key: string, n: number) =>
    lazyFinding('failureSpike', key, { app: key, operator: 'CUCC' }, { n, rate: n / 7, note: n % 2 ? null : 'x' }, () => ({
      subject: { appName: `App ${key}` },
      topCodes: [{ code: '10104', carrierCode: n % 3 ? null : 'C1', failures: n, meaning: n % 2 ? 'meaning “x”' : null }],
      detail: `${key} ×${n}`,
      link: { view: 'records', query: { app: key } },
    }));
  // Every other one told at once.
  const opened = Array.from({ length: 70 }, (_, i) => ({ f: text(`k${i}`, i), notified: i % 2 === 0 }));
  const rows = db.transaction(() => repo.insertMany(opened, 1000))();
  expect(rows.map((r) => r.key)).toEqual(opened.map(({ f }) => f.key));
  expect(new Set(rows.map((r) => r.alert_id)).size).toBe(70);
  // What it returns is what is stored, and its alert what reading it gives.
  for (const r of rows) {
    expect(r).toEqual(repo.get(r.alert_id));
    expect(openedAlert(r)).toEqual(repo.alert(r.alert_id));
  }
  expect(repo.get(rows[5]!.alert_id)).toMatchObject({
    numbers: '{"n":5,"rate":0.7142857142857143,"note":null}',
    notify_due: 1,
    notifications: 0,
    detail: 'k5 ×5',
  });
  expect(repo.get(rows[6]!.alert_id)).toMatchObject({ notify_due: 0, notifications: 1, last_notified_at: 1000, detail: 'k6 ×6' });
  // Each firing carries its episode's numbers and text, and so does another connection reading the file at once
  // (nothing is left to write later: a crash after the commit loses no text).
  const other = openTestWorkspaceDb(file);
  const events = episodesRepo(other).events(0);
  expect(events.map((e) => [e.alertId, e.kind, e.detail, e.numbers])).toEqual(rows.map((r) => [r.alert_id, 'fired', r.detail, JSON.parse(r.numbers)]));
  const stored = episodesRepo(other)
    .open()
    .sort((x, y) => x.alert_id - y.alert_id);
  expect(stored.map((r) => [r.key, r.detail, r.top_codes])).toEqual(rows.map((r) => [r.key, r.detail, r.top_codes]));
  other.close();
  // Numbers JSON does not give back as they are (no rate without calls) are read as stored.
  const [odd] = db.transaction(() => repo.insertMany([{ f: { ...finding('nan'), numbers: { rate: NaN, top: Infinity, n: 1 } }, notified: true }], 1000))();
  expect(openedAlert(odd!)).toEqual(repo.alert(odd!.alert_id));
  expect(openedAlert(odd!).numbers).toEqual({ rate: null, top: null, n: 1 });
  db.close();
});

/** Every row of the alert tables, in id order (what a store holds, placeholders and all). */
const dump = (db: ReturnType<typeof openTestWorkspaceDb>) => ({
  episodes: db.prepare('SELECT * FROM alert_episodes ORDER BY alert_id').all(),
  events: db.prepare('SELECT * FROM alert_events ORDER BY event_id').all(),
});

it('a page that opens 200 episodes stores the same rows and texts as opening them one at a time', () => {
  // Spikes told at once, surges in their quiet hours (firing owed); an older history of episodes and events before them.
  const configs = alertRules.map((r) => ({ ...defaultRuleConfig(r), ...(r === 'codeSurge' ? { quietHours: { from: '00:00', to: '23:59' } } : {}) }));
  const at = Date.parse('2026-11-20T11:50:00+08:00');
  const text = (rule: 'failureSpike' | 'codeSurge', i: number) => ({
    subject: { appName: `App ${i} (A${i})`, ...(rule === 'codeSurge' ? { code: `10${i}` } : {}) },
    topCodes: [{ code: `10${i}`, carrierCode: i % 3 ? null : `C${i}`, failures: i + 1, meaning: i % 2 ? `meaning “${i}”` : null }],
    detail: `App ${i} ${rule}: code 10${i} ×${i + 1}`,
    link: { view: 'records' as const, query: { app: `app_${i}`, code: `10${i}` } },
  });
  const findings = (made: { n: number }) =>
    Array.from({ length: 200 }, (_, i) => {
      const rule = i % 2 ? ('codeSurge' as const) : ('failureSpike' as const);
      return lazyFinding(rule, `${rule}|app_${i}|CUCC|login`, { app: `app_${i}`, operator: 'CUCC', capability: 'login' }, { i, rate: i / 1000 }, () => {
        made.n++;
        return text(rule, i);
      });
    });
  const history = (db: ReturnType<typeof openTestWorkspaceDb>) => {
    const repo = episodesRepo(db);
    for (let i = 0; i < 30; i++) repo.resolve(repo.insert({ ...finding(`old${i}`), detail: `old ${i}` }, at - 90_000_000, { notified: true }), at - 80_000_000);
  };

  const page = openTestWorkspaceDb(join(dir, 'page.db'));
  history(page);
  const made = { n: 0 };
  const found = findings(made);
  const r = reconcile(page, configs, { findings: found, failed: new Map(), evaluated: new Set(['failureSpike', 'codeSurge']) }, at, { lazyNumbers: true });
  expect(r.opened).toHaveLength(200);
  expect(r.notices.filter((n) => n.kind === 'fired')).toHaveLength(100);
  // Each finding's text made once, as it opened.
  expect(made.n).toBe(200);
  // The rows it returns are the rows stored, in the order of their ids.
  expect(r.openedRows.map((x) => x.alert_id)).toEqual(r.opened);
  for (const x of r.openedRows) expect(x).toEqual(episodesRepo(page).get(x.alert_id));

  // The independent path: each opened alone, its text written as it opens, in the order of their keys.
  const single = openTestWorkspaceDb(join(dir, 'single.db'));
  history(single);
  const repo = episodesRepo(single);
  const alone = findings({ n: 0 }).sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const f of alone)
    repo.insert({ ...f, ...text(f.rule as 'failureSpike' | 'codeSurge', f.numbers.i as number) }, at, { notified: f.rule === 'failureSpike' });

  const a = dump(page);
  expect(a.episodes).toHaveLength(230);
  expect(a.events).toHaveLength(260);
  expect(a).toEqual(dump(single));
  // And the text is each finding's own, in the episode and in its firing.
  const spike = a.episodes.find((e) => (e as { key: string }).key === 'failureSpike|app_4|CUCC|login') as {
    alert_id: number;
    detail: string;
    top_codes: string;
  };
  expect(spike.detail).toBe('App 4 failureSpike: code 104 ×5');
  expect(JSON.parse(spike.top_codes)).toEqual(text('failureSpike', 4).topCodes);
  expect(a.events.filter((e) => (e as { alert_id: number }).alert_id === spike.alert_id).map((e) => (e as { detail: string }).detail)).toEqual([spike.detail]);
  page.close();
  single.close();
});

it('reads the alerts of many ids together as it reads each one alone', () => {
  const db = openTestWorkspaceDb(join(dir, 'alerts.db'));
  const repo = episodesRepo(db);
  const textFinding = (key: string, n: number) =>
    lazyFinding('failureSpike', key, { app: key }, { n }, () => ({
      subject: { appName: key },
      topCodes: [{ code: '10104', carrierCode: null, failures: n, meaning: null }],
      detail: `${key} ×${n}`,
      link: { view: 'records', query: { app: key } },
    }));
  // 90 told at once, 10 not; deliveries on some, one resolved.
  const opened = db.transaction(() => [
    ...repo.insertMany(
      Array.from({ length: 90 }, (_, i) => ({ f: textFinding(`k${i}`, i), notified: true })),
      1000,
    ),
    ...repo.insertMany(
      Array.from({ length: 10 }, (_, i) => ({ f: textFinding(`e${i}`, i), notified: false })),
      1000,
    ),
  ])();
  const ids = opened.map((r) => r.alert_id);
  for (const [i, id] of ids.entries())
    if (i % 7 === 0) repo.updateDelivery(repo.addDelivery(id, `robot-${i % 3}`, 'fired', 2000), i % 2 ? 'sent' : 'failed', 1, null, 2100);
  repo.addDelivery(ids[14]!, 'second', 'fired', 2200);
  repo.resolve(ids[20]!, 3000);
  // Asked in an order of their own, with a repeat and an id that is no alert.
  const asked = [...ids].reverse().concat([ids[3]!, 99_999]);
  const together = repo.alerts(asked);
  const alone = asked.map((id) => repo.alert(id));
  expect(together).toEqual(alone);
  // Those given as known (opened and not changed since: no delivery, not resolved) are taken as given, the rest read.
  const untouched = opened.filter((r, i) => i % 7 !== 0 && i !== 14 && i !== 20);
  const known = new Map(untouched.map((r) => [r.alert_id, openedAlert(r)]));
  expect(known.size).toBe(84);
  const mixed = repo.alerts(asked, known);
  expect(mixed).toEqual(alone);
  expect(mixed[asked.indexOf(untouched[0]!.alert_id)]).toBe(known.get(untouched[0]!.alert_id));
  expect(repo.alerts(untouched.map((r) => r.alert_id).slice(0, 3), known)).toEqual(untouched.slice(0, 3).map((r) => repo.alert(r.alert_id)));
  expect(together.at(-1)).toBeNull();
  expect(together[asked.indexOf(ids[14]!)]!.deliveries.map((d) => d.channel)).toEqual(['robot-2', 'second']);
  expect(together[asked.indexOf(ids[5]!)]!.detail).toBe('k5 ×5');
  expect(repo.alerts([])).toEqual([]);
  db.close();
});

it('a page that resolves 200 episodes stores the same rows and events as resolving them one at a time', () => {
  const at = Date.parse('2026-11-20T11:50:00+08:00');
  // Spikes resolve as soon as they clear; surges wait out their resolveAfterMinutes (they only start clearing).
  const configs = alertRules.map((r) => ({ ...defaultRuleConfig(r), ...(r === 'failureSpike' ? { resolveAfterMinutes: 0 } : {}) }));
  const textFinding = (rule: 'failureSpike' | 'codeSurge', i: number, n: number) =>
    lazyFinding(rule, `${rule}|app_${i}`, { app: `app_${i}` }, { i, n }, () => ({
      subject: { appName: `App ${i}` },
      topCodes: [],
      detail: `${rule} ${i} ×${n}`,
      link: { view: 'records', query: { app: `app_${i}` } },
    }));
  const page = (db: ReturnType<typeof openTestWorkspaceDb>) => {
    const evaluated = new Set(['failureSpike', 'codeSurge'] as const);
    const all = (n: number) => Array.from({ length: 260 }, (_, i) => textFinding(i % 4 ? 'failureSpike' : 'codeSurge', i, n));
    // Opened on one page (text owed), found again with new numbers on the next (held, not written): all are resolved or start clearing after.
    reconcile(db, configs, { findings: all(1), failed: new Map(), evaluated }, at, { lazyNumbers: true });
    reconcile(db, configs, { findings: all(2), failed: new Map(), evaluated }, at + 30_000, { lazyNumbers: true });
    // One resolved meanwhile by another writer (its resolution is not written twice).
    db.prepare("UPDATE alert_episodes SET state = 'resolved', resolved_at = ? WHERE key = 'failureSpike|app_1'").run(at + 40_000);
    return { db, evaluated };
  };
  const a = page(openTestWorkspaceDb(join(dir, 'resolve-page.db')));
  const r = reconcile(a.db, configs, { findings: [], failed: new Map(), evaluated: a.evaluated }, at + 60_000, { lazyNumbers: true });
  expect(r.resolved).toHaveLength(194);

  // The independent path: the same pages, then each episode's latest numbers written and it resolved alone, in the same order.
  const b = page(openTestWorkspaceDb(join(dir, 'resolve-single.db')));
  const repo = episodesRepo(b.db);
  const states = new Map(repo.openStates().map((s) => [s.alert_id, s]));
  for (const s of states.values()) {
    const i = Number(s.key.split('_')[1]);
    repo.refresh(s.alert_id, textFinding(s.rule as 'failureSpike' | 'codeSurge', i, 2));
    if (s.rule === 'codeSurge') repo.clearing(s.alert_id, at + 60_000);
  }
  for (const id of r.resolved) repo.resolve(id, at + 60_000);
  const got = dump(a.db);
  expect(got.events.filter((e) => (e as { kind: string }).kind === 'resolved')).toHaveLength(194);
  expect(got).toEqual(dump(b.db));
  const one = got.episodes.find((e) => (e as { key: string }).key === 'failureSpike|app_2') as {
    state: string;
    resolved_at: number;
    numbers: string;
    detail: string;
  };
  expect(one).toMatchObject({ state: 'resolved', resolved_at: at + 60_000, numbers: '{"i":2,"n":2}', detail: 'failureSpike 2 ×2' });
  a.db.close();
  b.db.close();
});

it('a key found twice in one evaluation is decided by its first finding, opening or open, lazily or in full', () => {
  const db = openTestWorkspaceDb(join(dir, 'twice.db'));
  const repo = episodesRepo(db);
  const configs = alertRules.map((r) => defaultRuleConfig(r));
  const evaluated = new Set(['failureSpike'] as const);
  const at = Date.parse('2026-11-20T11:50:00+08:00');
  const f = (key: string, n: number) => ({ ...finding(key), numbers: { n } });
  const run = (findings: ReturnType<typeof f>[], now: number, lazyNumbers: boolean) =>
    reconcile(db, configs, { findings, failed: new Map(), evaluated }, now, { lazyNumbers });
  // Opened once each, with the first finding's numbers.
  const first = run([f('a', 1), f('b', 1), f('a', 2), f('b', 2), f('c', 1)], at, true);
  expect(first.opened).toHaveLength(3);
  const byKey = () => new Map(repo.open().map((r) => [r.key, r]));
  expect([...byKey()].map(([k, r]) => [k, r.numbers])).toEqual([
    ['a', '{"n":1}'],
    ['b', '{"n":1}'],
    ['c', '{"n":1}'],
  ]);
  // Found twice again (c not at all: it starts clearing): nothing opens, and a full reconcile writes each key's first numbers.
  const again = run([f('b', 3), f('a', 3), f('b', 4), f('a', 4)], at + 30_000, true);
  expect(again).toMatchObject({ opened: [], resolved: [] });
  expect(byKey().get('c')!.clear_since).toBe(at + 30_000);
  run([f('a', 5), f('b', 5), f('a', 6), f('c', 5), f('c', 6)], at + 60_000, false);
  expect([...byKey()].map(([k, r]) => [k, r.numbers, r.clear_since])).toEqual([
    ['a', '{"n":5}', null],
    ['b', '{"n":5}', null],
    ['c', '{"n":5}', null],
  ]);
  expect(repo.events(0).map((e) => [e.kind, e.numbers])).toEqual([
    ['fired', { n: 1 }],
    ['fired', { n: 1 }],
    ['fired', { n: 1 }],
  ]);
  db.close();
});

it("orders keys as SQLite's BINARY collation does (UTF-8 bytes), with or without surrogates", () => {
  // Strings from a small alphabet with shared prefixes, ASCII, U+E000–U+FFFF and surrogate pairs, against their UTF-8 bytes compared.
  const alphabet = ['a', 'b', '|', '_', '1', '\ue000', '\uff21', '\uffff', '\u{1f600}', '\u{10000}', '\u00e9'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length;
  const strings = Array.from(
    { length: 400 },
    (_, i) => `${i % 3 ? 'codeSurge|app_' : ''}${Array.from({ length: 1 + (i % 5) }, () => alphabet[next()]).join('')}`,
  );
  const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);
  for (let i = 0; i < strings.length; i++)
    for (const j of [i, (i * 7 + 3) % strings.length, (i + 1) % strings.length]) {
      const [a, b] = [strings[i]!, strings[j]!];
      expect(sign(byteOrder(a, b)), `${a} vs ${b}`).toBe(sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
    }
});
