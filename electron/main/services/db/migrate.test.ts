import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion, SchemaTooNewError, type Migration } from './migrate';
import { openDatabase } from './open';
import { consoleMigrations, workspaceMigrations } from './migrations';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'onetap-migrate-'));
  dirs.push(d);
  return join(d, 'x.db');
}

describe('migrations', () => {
  it('brings a new file to the latest version with WAL, foreign keys and busy_timeout', () => {
    const db = openDatabase(tempFile(), { migrations: workspaceMigrations });
    expect(schemaVersion(db)).toBe(workspaceMigrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('runs only the missing steps on an old file, keeping its data', () => {
    const file = tempFile();
    const v1: Migration = { version: 1, name: 'a', up: 'CREATE TABLE t (x INTEGER)' };
    const v2: Migration = { version: 2, name: 'b', up: 'ALTER TABLE t ADD COLUMN y INTEGER DEFAULT 7' };
    const db = new Database(file);
    migrate(db, [v1]);
    db.prepare('INSERT INTO t (x) VALUES (1)').run();
    expect(migrate(db, [v1, v2])).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT x, y FROM t').get()).toEqual({ x: 1, y: 7 });
    db.close();
  });

  it('rolls a failing step back and leaves the version where it was', () => {
    const db = new Database(':memory:');
    const ok: Migration = { version: 1, name: 'ok', up: 'CREATE TABLE a (x)' };
    const bad: Migration = { version: 2, name: 'bad', up: 'CREATE TABLE b (x); INSERT INTO nope VALUES (1);' };
    expect(() => migrate(db, [ok, bad])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a file newer than the code', () => {
    const file = tempFile();
    const db = openDatabase(file, { migrations: consoleMigrations });
    db.pragma(`user_version = ${consoleMigrations.length + 5}`);
    db.close();
    expect(() => openDatabase(file, { migrations: consoleMigrations })).toThrow(SchemaTooNewError);
  });

  it('refuses gaps in numbering', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'x', up: '' }])).toThrow(/without gaps/);
    db.close();
  });
});
