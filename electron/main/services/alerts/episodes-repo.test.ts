/**
 * The open episodes' states kept between sync pages (episodes-repo.ts's openStatesKept): read
 * again after any write to alert_episodes, whoever makes it: the repository, plain SQL on the same
 * connection, or another connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../testing/context';
import { episodesRepo } from './episodes-repo';

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
