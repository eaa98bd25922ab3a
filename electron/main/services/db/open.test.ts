import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract/errors';
import { createContext } from '../core/create-context';
import { consoleMigrations, workspaceMigrations } from './migrations';
import { SchemaTooNewError } from './migrate';
import { isOpenDatabaseFile, openDatabase } from './open';

const root = mkdtempSync(join(tmpdir(), 'onetap-open-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `case-${++n}`);

describe('a database from a newer console', () => {
  it('is refused with SCHEMA_TOO_NEW before anything is written (no switch to WAL)', () => {
    const file = join(root, 'newer.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE t (x)');
    raw.pragma(`user_version = ${workspaceMigrations.length + 3}`);
    raw.close();
    const before = statSync(file).mtimeMs;
    let caught: unknown = null;
    try {
      openDatabase(file, { migrations: workspaceMigrations });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe('SCHEMA_TOO_NEW');
    expect((caught as ApiError).status).toBe(409);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
    expect(statSync(file).mtimeMs).toBe(before);
  });
});

describe('file modes', () => {
  it('a new data folder is 0700 and its databases (and WAL files) 0600', () => {
    const dir = fresh();
    const ctx = createContext({ mode: 'cli', dataDir: dir });
    ctx.consoleDb.exec('CREATE TABLE IF NOT EXISTS probe (x); INSERT INTO probe VALUES (1)');
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'console.db')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'console.db-wal')).mode & 0o777).toBe(0o600);
    } finally {
      ctx.consoleDb.close();
    }
  });

  it('an existing 0755 folder and 0644 database made by an older console are tightened', () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o755 });
    const file = join(dir, 'console.db');
    writeFileSync(file, '', { mode: 0o644 });
    const ctx = createContext({ mode: 'cli', dataDir: dir });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      ctx.consoleDb.close();
    }
  });
});

describe('the open-database registry', () => {
  it('knows the files (and journals) this process has open, until they are closed', () => {
    const file = join(root, 'registry.db');
    const db = openDatabase(file, { migrations: consoleMigrations });
    expect(isOpenDatabaseFile(file)).toBe(true);
    expect(isOpenDatabaseFile(`${file}-wal`)).toBe(true);
    expect(isOpenDatabaseFile(join(root, '.', 'registry.db'))).toBe(true);
    expect(isOpenDatabaseFile(join(root, 'other.db'))).toBe(false);
    db.close();
    expect(isOpenDatabaseFile(file)).toBe(false);
  });
});
