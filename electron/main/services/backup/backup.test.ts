import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import type { BackupProgress } from '../../../../shared/contract/backup';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { workspaceMigrations } from '../db/migrations';
import { handlers } from '../handlers';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { createTestContext, openTestWorkspaceDb, type TestContext } from '../testing/context';

let t: TestContext;
let liveFile: string;
beforeEach(() => {
  t = createTestContext();
  liveFile = join(t.ctx.dataDir, 'live.db');
  t.workspace.db.close();
  t.workspace.db = openTestWorkspaceDb(liveFile);
  // Enough rows for the copy to take many steps (100 pages each), so cancel and progress are real.
  loadFixture(t.workspace.db, fixtureRecords(12_000));
});
afterEach(() => t.cleanup());

const call = (ctx: ServiceContext, name: CallName, input: unknown, signal?: AbortSignal) =>
  dispatch(handlers, ctx, name, input, signal) as Promise<Record<string, unknown>>;

/** Every row of every table, read independently of the backup code, hashed in a fixed order. */
function contentDigest(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const h = createHash('sha256');
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    for (const table of tables) {
      h.update(`\n#${table}\n`);
      // Some tables have no rowid: sort the rows' text instead of relying on a storage order.
      const rows = (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((row) =>
        JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
      );
      for (const row of rows.sort()) h.update(`${row}\n`);
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const liveCount = () => t.workspace.db.prepare('SELECT count(*) FROM auth_records').pluck().get() as number;

describe('backup.create', () => {
  it('copies the live store into the data folder, checked, hashed, with its manifest and progress', async () => {
    const progress: BackupProgress[] = [];
    t.ctx.events.subscribe((name, p) => {
      if (name === 'backup.progress') progress.push(p as BackupProgress);
    });
    const before = contentDigest(liveFile);
    const res = await call(t.ctx, 'backup.create', { backupId: 'first-backup' });
    const file = res.path as string;
    expect(file).toBe(join(t.ctx.dataDir, 'backups', 'test', 'first-backup.sqlite'));
    expect(res).toMatchObject({
      kind: 'onetap-console/backup',
      backupId: 'first-backup',
      workspace: { id: 'test', name: 'Test' },
      records: 12_000,
      schemaVersion: workspaceMigrations.length,
    });
    expect(res.file).toEqual({ name: 'first-backup.sqlite', bytes: statSync(file).size, sha256: sha256Of(file) });
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8'))).toEqual({ ...res, path: undefined });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // One self-contained file: no WAL beside it, nothing hidden left over.
    expect(readdirSync(join(t.ctx.dataDir, 'backups', 'test')).sort()).toEqual(['first-backup.sqlite', 'first-backup.sqlite.json']);
    expect(contentDigest(file)).toBe(before);
    const copies = progress.filter((p) => p.phase === 'copy');
    expect(copies.length).toBeGreaterThan(3);
    expect(copies.at(-1)!.total).toBeGreaterThan(0);
    expect(copies.map((p) => p.done)).toEqual([...copies.map((p) => p.done)].sort((a, b) => a - b));

    expect(await call(t.ctx, 'backup.list', {})).toEqual({ items: [res] });
  });

  it('refuses a reused id and leaves the earlier backup as it was', async () => {
    const first = await call(t.ctx, 'backup.create', { backupId: 'same-id-01' });
    const sum = sha256Of(first.path as string);
    await expect(call(t.ctx, 'backup.create', { backupId: 'same-id-01' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(sha256Of(first.path as string)).toBe(sum);
    expect(existsSync(`${first.path as string}.json`)).toBe(true);
  });

  it('cancel stops the copy and leaves no file behind', async () => {
    let cancelled: Promise<Record<string, unknown>> | null = null;
    t.ctx.events.subscribe((name, p) => {
      if (name === 'backup.progress' && (p as BackupProgress).phase === 'copy' && !cancelled)
        cancelled = call(t.ctx, 'backup.cancel', { backupId: 'to-cancel' });
    });
    await expect(call(t.ctx, 'backup.create', { backupId: 'to-cancel' })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await cancelled).toEqual({ cancelled: true });
    expect(readdirSync(join(t.ctx.dataDir, 'backups', 'test'))).toEqual([]);
    expect(await call(t.ctx, 'backup.cancel', { backupId: 'to-cancel' })).toEqual({ cancelled: false });
  });

  it('takes a path only from the command line', async () => {
    t.ctx.mode = 'browser';
    await expect(call(t.ctx, 'backup.create', { out: join(t.ctx.dataDir, 'x.sqlite') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call(t.ctx, 'backup.restore', { path: '/etc/passwd' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    t.ctx.mode = 'cli';
    await expect(call(t.ctx, 'backup.create', { out: 'relative.sqlite' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const out = join(t.ctx.dataDir, 'elsewhere.sqlite');
    const res = await call(t.ctx, 'backup.create', { out });
    expect(res.path).toBe(out);
    expect(contentDigest(out)).toBe(contentDigest(liveFile));
  });
});

describe('backup.restore', () => {
  it('brings the store back exactly as it was backed up, on the live handle', async () => {
    const original = contentDigest(liveFile);
    const backup = await call(t.ctx, 'backup.create', { backupId: 'before-loss' });
    t.workspace.db.exec(`DELETE FROM auth_records WHERE seq % 3 = 0`);
    expect(liveCount()).toBeLessThan(12_000);

    const res = await call(t.ctx, 'backup.restore', { backupId: 'before-loss' });
    expect(res).toMatchObject({
      restored: { backupId: 'before-loss', records: 12_000 },
      schemaBefore: workspaceMigrations.length,
      schemaAfter: workspaceMigrations.length,
    });
    // The handle the services hold sees the restored data at once.
    expect(liveCount()).toBe(12_000);
    expect(contentDigest(liveFile)).toBe(original);
    expect(sha256Of(backup.path as string)).toBe((backup.file as { sha256: string }).sha256);
  });

  it('refuses a damaged backup and changes nothing', async () => {
    const backup = await call(t.ctx, 'backup.create', { backupId: 'to-damage' });
    const file = backup.path as string;
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100);
    writeFileSync(file, bytes);
    t.workspace.db.exec(`DELETE FROM auth_records WHERE seq % 2 = 0`);
    const after = contentDigest(liveFile);
    await expect(call(t.ctx, 'backup.restore', { backupId: 'to-damage' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('does not match its manifest'),
    });
    expect(contentDigest(liveFile)).toBe(after);
  });

  it('refuses a file that is not a workspace store even with a matching manifest', async () => {
    const backup = await call(t.ctx, 'backup.create', { backupId: 'forged-one' });
    const file = backup.path as string;
    const other = new Database(join(t.ctx.dataDir, 'other.db'));
    other.exec('CREATE TABLE notes (x)');
    other.close();
    writeFileSync(file, readFileSync(join(t.ctx.dataDir, 'other.db')));
    const manifest = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    manifest.file = { ...manifest.file, bytes: statSync(file).size, sha256: sha256Of(file) };
    writeFileSync(`${file}.json`, JSON.stringify(manifest));
    const before = contentDigest(liveFile);
    await expect(call(t.ctx, 'backup.restore', { backupId: 'forged-one' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('not a workspace store'),
    });
    expect(contentDigest(liveFile)).toBe(before);
  });

  it("refuses another workspace's backup unless forced, and a newer schema always", async () => {
    const out = join(t.ctx.dataDir, 'foreign.sqlite');
    await call(t.ctx, 'backup.create', { out });
    const manifest = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    writeFileSync(`${out}.json`, JSON.stringify({ ...manifest, workspace: { id: 'ws_other', name: '另一个' } }));
    await expect(call(t.ctx, 'backup.restore', { path: out })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('另一个') });
    await expect(call(t.ctx, 'backup.restore', { path: out, force: true })).resolves.toMatchObject({ restored: { workspace: { id: 'ws_other' } } });

    const newer = new Database(out);
    newer.pragma(`user_version = ${workspaceMigrations.length + 1}`);
    newer.close();
    writeFileSync(`${out}.json`, JSON.stringify({ ...manifest, file: { ...manifest.file, bytes: statSync(out).size, sha256: sha256Of(out) } }));
    await expect(call(t.ctx, 'backup.restore', { path: out })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('newer console') });
    expect(t.workspace.db.pragma('user_version', { simple: true })).toBe(workspaceMigrations.length);
  });

  it('needs exactly one of backupId and path, and an existing backup', async () => {
    await expect(call(t.ctx, 'backup.restore', {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(t.ctx, 'backup.restore', { backupId: '../../etc/x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(t.ctx, 'backup.restore', { backupId: 'never-made' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
