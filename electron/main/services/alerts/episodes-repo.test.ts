/**
 * The open episodes' states kept between sync pages (episodes-repo.ts's openStatesKept): read
 * again after any write to alert_episodes, whoever makes it: the repository, plain SQL on the same
 * connection, or another connection. Episodes opened many at once with their text owed
 * (insertMany's lazyText): the text of the finding that opened them, made once and only when first
 * read, in the episode and its firing, whichever path reads or copies it first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../testing/context';
import { alertRules } from '../../../../shared/contract/alerts';
import { episodesRepo } from './episodes-repo';
import { reconcile } from './episodes';
import { findingTextMade, lazyFinding } from './finding';
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

it('opens many episodes in a few statements, their text owed until first read', () => {
  const db = openTestWorkspaceDb(join(dir, 'lazy.db'));
  const repo = episodesRepo(db);
  let made = 0;
  const lazy = (key: string, n: number) =>
    lazyFinding('failureSpike', key, { app: key }, { n }, () => {
      made++;
      return {
        subject: { appName: `App ${key}` },
        topCodes: [{ code: '10104', carrierCode: null, failures: n, meaning: null }],
        detail: `${key} ×${n}`,
        link: { view: 'records', query: { app: key } },
      };
    });
  // 70 keys: batches of 64, 4, 1 and 1; every other one told at once.
  const opened = Array.from({ length: 70 }, (_, i) => ({ f: lazy(`k${i}`, i), notified: i % 2 === 0 }));
  const ids = db.transaction(() => repo.insertMany(opened, 1000, { lazyText: true }))();
  expect(ids).toHaveLength(70);
  expect(new Set(ids).size).toBe(70);
  expect(made).toBe(0);
  expect(opened.every(({ f }) => !findingTextMade(f))).toBe(true);
  expect(repo.owedTexts()).toBe(70);
  // The ids are each finding's, in order, with its numbers and notification state.
  const raw = (id: number) => db.prepare('SELECT key, numbers, notify_due, notifications, detail FROM alert_episodes WHERE alert_id = ?').get(id);
  expect(raw(ids[5]!)).toEqual({ key: 'k5', numbers: '{"n":5}', notify_due: 1, notifications: 0, detail: '' });
  expect(raw(ids[6]!)).toEqual({ key: 'k6', numbers: '{"n":6}', notify_due: 0, notifications: 1, detail: '' });

  // Read one: its text (and only its) is made and written, in the episode and in its firing.
  const a = repo.alert(ids[3]!)!;
  expect(made).toBe(1);
  expect(a.detail).toBe('k3 ×3');
  expect(a.subject).toEqual({ appName: 'App k3' });
  expect(a.topCodes).toEqual([{ code: '10104', carrierCode: null, failures: 3, meaning: null }]);
  expect(a.link).toEqual({ view: 'records', query: { app: 'k3' } });
  // Resolved before any read: the resolution carries the text of the finding that opened it.
  repo.resolve(ids[7]!, 2000);
  // Refreshed with a later finding before any read: the episode holds the later text, its firing the first.
  repo.refresh(ids[9]!, { numbers: { n: 99 }, topCodes: [], detail: 'k9 later', link: { view: 'records', query: {} } });
  // A repeat copies the text as stored: the opening text is written first.
  repo.notified(ids[11]!, 3000, 'repeated');
  // Any reader of the history writes the rest.
  const events = repo.events(0);
  expect(repo.owedTexts()).toBe(0);
  expect(made).toBe(70);
  const of = (id: number) => events.filter((e) => e.alertId === id).map((e) => `${e.kind} ${e.detail}`);
  expect(of(ids[7]!)).toEqual(['fired k7 ×7', 'resolved k7 ×7']);
  expect(of(ids[9]!)).toEqual(['fired k9 ×9']);
  expect(repo.get(ids[9]!)!.detail).toBe('k9 later');
  expect(of(ids[11]!)).toEqual(['fired k11 ×11', 'repeated k11 ×11']);
  expect(events.filter((e) => e.kind === 'fired').map((e) => e.detail)).toEqual(opened.map((_, i) => `k${i} ×${i}`));
  expect(repo.open().every((r) => r.detail === `${r.key} ×${r.key.slice(1)}` || r.key === 'k9')).toBe(true);

  // Without lazyText the text is written at once, nothing owed.
  const [eager] = repo.insertMany([{ f: lazy('e', 1), notified: true }], 4000);
  expect(repo.owedTexts()).toBe(0);
  expect(raw(eager!)).toMatchObject({ detail: 'e ×1' });
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
  // Opened with their text owed; the service writes it in the same evaluate call.
  expect(made.n).toBe(0);
  episodesRepo(page).settleTexts();
  expect(made.n).toBe(200);
  expect(episodesRepo(page).owedTexts()).toBe(0);

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

it('owed text of episodes rolled back is written into no other episode that takes their ids', () => {
  const db = openTestWorkspaceDb(join(dir, 'rollback.db'));
  const repo = episodesRepo(db);
  const owedFinding = (key: string) =>
    lazyFinding('failureSpike', key, { app: key }, { n: 1 }, () => ({
      subject: {},
      topCodes: [],
      detail: `owed ${key}`,
      link: { view: 'records', query: {} },
    }));
  expect(() =>
    db.transaction(() => {
      repo.insertMany([{ f: owedFinding('gone'), notified: true }], 1000, { lazyText: true });
      throw new Error('stop');
    })(),
  ).toThrow('stop');
  // Another writer opens an episode in the same ids (alert_id and its firing's event_id).
  const id = Number(
    db
      .prepare(
        "INSERT INTO alert_episodes (rule, key, scope, subject, state, started_at, numbers, top_codes, detail, link, notify_due) VALUES ('failureSpike', 'other', '{}', '{}', 'open', 1, '{}', '[]', 'its own', '{}', 0)",
      )
      .run().lastInsertRowid,
  );
  db.prepare("INSERT INTO alert_events (alert_id, at, kind, numbers, detail) VALUES (?, 1, 'fired', '{}', 'its own')").run(id);
  repo.settleTexts();
  expect(repo.get(id)!.detail).toBe('its own');
  expect(repo.events(0).map((e) => e.detail)).toEqual(['its own']);
  db.close();
});

it('reads the alerts of many ids together as it reads each one alone', () => {
  const db = openTestWorkspaceDb(join(dir, 'alerts.db'));
  const repo = episodesRepo(db);
  const owedFinding = (key: string, n: number) =>
    lazyFinding('failureSpike', key, { app: key }, { n }, () => ({
      subject: { appName: key },
      topCodes: [{ code: '10104', carrierCode: null, failures: n, meaning: null }],
      detail: `${key} ×${n}`,
      link: { view: 'records', query: { app: key } },
    }));
  // 90 opened with their text owed, 10 written at once; deliveries on some, one resolved.
  const ids = db.transaction(() => [
    ...repo.insertMany(
      Array.from({ length: 90 }, (_, i) => ({ f: owedFinding(`k${i}`, i), notified: true })),
      1000,
      { lazyText: true },
    ),
    ...repo.insertMany(
      Array.from({ length: 10 }, (_, i) => ({ f: owedFinding(`e${i}`, i), notified: false })),
      1000,
    ),
  ])();
  for (const [i, id] of ids.entries())
    if (i % 7 === 0) repo.updateDelivery(repo.addDelivery(id, `robot-${i % 3}`, 'fired', 2000), i % 2 ? 'sent' : 'failed', 1, null, 2100);
  repo.addDelivery(ids[14]!, 'second', 'fired', 2200);
  repo.resolve(ids[20]!, 3000);
  // Asked in an order of their own, with a repeat and an id that is no alert.
  const asked = [...ids].reverse().concat([ids[3]!, 99_999]);
  const together = repo.alerts(asked);
  expect(repo.owedTexts()).toBe(0);
  const alone = asked.map((id) => repo.alert(id));
  expect(together).toEqual(alone);
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
  const owedFinding = (rule: 'failureSpike' | 'codeSurge', i: number, n: number) =>
    lazyFinding(rule, `${rule}|app_${i}`, { app: `app_${i}` }, { i, n }, () => ({
      subject: { appName: `App ${i}` },
      topCodes: [],
      detail: `${rule} ${i} ×${n}`,
      link: { view: 'records', query: { app: `app_${i}` } },
    }));
  const page = (db: ReturnType<typeof openTestWorkspaceDb>) => {
    const evaluated = new Set(['failureSpike', 'codeSurge'] as const);
    const all = (n: number) => Array.from({ length: 260 }, (_, i) => owedFinding(i % 4 ? 'failureSpike' : 'codeSurge', i, n));
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
  episodesRepo(a.db).settleTexts();

  // The independent path: the same pages, then each episode's latest numbers written and it resolved alone, in the same order.
  const b = page(openTestWorkspaceDb(join(dir, 'resolve-single.db')));
  const repo = episodesRepo(b.db);
  const states = new Map(repo.openStates().map((s) => [s.alert_id, s]));
  for (const s of states.values()) {
    const i = Number(s.key.split('_')[1]);
    repo.refresh(s.alert_id, owedFinding(s.rule as 'failureSpike' | 'codeSurge', i, 2));
    if (s.rule === 'codeSurge') repo.clearing(s.alert_id, at + 60_000);
  }
  for (const id of r.resolved) repo.resolve(id, at + 60_000);
  repo.settleTexts();
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
