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
import { episodesRepo } from './episodes-repo';
import { findingTextMade, lazyFinding } from './finding';

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
