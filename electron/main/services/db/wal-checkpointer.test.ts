import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workspaceMigrations } from './migrations';
import { openDatabase, type Db } from './open';
import { walCheckpointer } from './wal-checkpointer';

const root = mkdtempSync(join(tmpdir(), 'onetap-wal-checkpointer-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function freshDb(): { db: Db; file: string } {
  const file = join(root, `case-${++n}.db`);
  const db = openDatabase(file, { migrations: workspaceMigrations });
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
  return { db, file };
}

/** Commits `count` transactions of 64 KiB each (16 pages: well past a page per commit). */
function commits(db: Db, from: number, count: number): void {
  const ins = db.prepare('INSERT INTO blobs (id, b) VALUES (?, randomblob(65536))');
  for (let i = from; i < from + count; i++) db.transaction(() => ins.run(i))();
}

const size = (path: string): number => statSync(path).size;

describe('the WAL checkpoint thread', () => {
  it('copies the WAL into the database on its own thread, with the writer’s autocheckpoint off meanwhile and back after', async () => {
    const { db, file } = freshDb();
    const before = size(file);
    const wal = walCheckpointer(db, { startBytes: 0 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let i = 0; i < 40; i++) {
      commits(db, i, 1);
      await wal.afterCommit();
    }
    expect(wal.threaded).toBe(true);
    await wal.close();
    expect(wal.threaded).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(-1);
    // The writer never checkpointed (its autocheckpoint was off): the 2.5 MB in the database file are the thread's work.
    expect(size(file) - before).toBeGreaterThan(40 * 65536);
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(40);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('starts no thread while the WAL is below its start size, and the WAL then holds the commits', async () => {
    const { db, file } = freshDb();
    const before = size(file);
    const wal = walCheckpointer(db, { startBytes: 64 * 1024 * 1024 });
    for (let i = 0; i < 20; i++) {
      commits(db, i, 1);
      await wal.afterCommit();
    }
    expect(wal.threaded).toBe(false);
    await wal.close();
    expect(size(file)).toBe(before);
    expect(size(`${file}-wal`)).toBeGreaterThan(20 * 65536);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('past its bound, the writer waits for a checkpoint of everything committed, and the WAL stays near the bound', async () => {
    const { db, file } = freshDb();
    const bound = 256 * 1024;
    const wal = walCheckpointer(db, { startBytes: 0, boundBytes: bound });
    let largest = 0;
    for (let i = 0; i < 200; i++) {
      commits(db, i, 1);
      const walSize = size(`${file}-wal`);
      largest = Math.max(largest, walSize);
      await wal.afterCommit();
      // Once past the bound, the wait has copied every committed page into the database file.
      if (walSize > bound) expect(size(file)).toBeGreaterThanOrEqual((i + 1) * 65536);
    }
    await wal.close();
    // 12.5 MB committed; the WAL stayed within a few commits of the bound (a restart can miss a commit
    // while a checkpoint is under way).
    expect(largest).toBeLessThan(4 * bound);
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(200);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('is one per connection: a second one while the first is open leaves its settings alone', async () => {
    const { db } = freshDb();
    const first = walCheckpointer(db, { startBytes: 0 });
    const second = walCheckpointer(db, { startBytes: 0 });
    commits(db, 0, 2);
    await second.afterCommit();
    expect(second.threaded).toBe(false);
    await second.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await first.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const third = walCheckpointer(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await third.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('does nothing for a database in memory', async () => {
    const db = openDatabase(':memory:', { migrations: workspaceMigrations });
    const wal = walCheckpointer(db, { startBytes: 0 });
    await wal.afterCommit();
    expect(wal.threaded).toBe(false);
    await wal.close();
    db.close();
  });
});
