/**
 * The rules repository keeps the configurations it read while the rules version holds: what it
 * returns must still be what the table holds after this connection's writes, a rolled-back
 * write, another connection's commit and a team workspace's attached console state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { openWorkingCopy, prepareLocalState } from '../team-store/local-state';
import { openWorkspaceDatabase } from '../workspaces/open-workspace-db';
import { defaultRuleConfig, rulesRepo } from './rules-repo';

const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const open: Db[] = [];
const dirs: string[] = [];
const db = (file = ':memory:'): Db => {
  const d = openWorkspaceDatabase(file);
  open.push(d);
  return d;
};
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-repo-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const threshold = (d: Db): number => rulesRepo(d).get('failureSpike').params.factor!;

describe('rulesRepo', () => {
  it('reads the defaults, then each write of this connection at once', () => {
    const d = db();
    const base = defaultRuleConfig('failureSpike');
    expect(rulesRepo(d).get('failureSpike')).toEqual(base);
    rulesRepo(d).put({ ...base, params: { ...base.params, factor: 7 } }, NOW);
    expect(threshold(d)).toBe(7);
    rulesRepo(d).put({ ...base, params: { ...base.params, factor: 9 }, enabled: false }, NOW);
    const all = rulesRepo(d).all();
    expect(all.find((c) => c.rule === 'failureSpike')).toMatchObject({ enabled: false, params: { factor: 9 } });
  });

  it('hands out the same configurations while nothing changed, in a list the caller may keep', () => {
    const d = db();
    const a = rulesRepo(d).all();
    const b = rulesRepo(d).all();
    expect(b).not.toBe(a);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBe(a[i]);
    a.length = 0;
    expect(rulesRepo(d).all()).toHaveLength(b.length);
  });

  it('forgets a write that was rolled back, even when read inside its transaction', () => {
    const d = db();
    const base = defaultRuleConfig('failureSpike');
    expect(() =>
      d.transaction(() => {
        rulesRepo(d).put({ ...base, params: { ...base.params, factor: 11 } }, NOW);
        expect(threshold(d)).toBe(11);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(threshold(d)).toBe(base.params.factor);
  });

  it("sees another connection's commit", () => {
    const file = join(tmp(), 'ws.sqlite');
    const a = db(file);
    const b = db(file);
    const base = defaultRuleConfig('failureSpike');
    expect(threshold(a)).toBe(base.params.factor);
    rulesRepo(b).put({ ...base, params: { ...base.params, factor: 13 } }, NOW);
    expect(threshold(a)).toBe(13);
  });

  it("sees another connection's commit to a team workspace's attached console state", () => {
    const local = join(tmp(), 'local.sqlite');
    prepareLocalState(local);
    const copy = openWorkingCopy(local);
    open.push(copy);
    const other = db(local);
    const base = defaultRuleConfig('failureSpike');
    expect(threshold(copy)).toBe(base.params.factor);
    rulesRepo(other).put({ ...base, params: { ...base.params, factor: 5 } }, NOW);
    expect(threshold(copy)).toBe(5);
  });
});
