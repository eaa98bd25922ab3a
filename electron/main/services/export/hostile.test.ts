/**
 * Export and verify under hostile input (issue 12): verify pointed at a database or at anything
 * that is not an export, a reused export id, damaged files, a manifest of another export, and
 * part files left by a killed export.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import type { ExportFormat } from '../../../../shared/contract/export';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { DOWNLOADS_EXTENSION, DownloadRegistry } from '../core/downloads';
import { handlers } from '../handlers';
import { startHost } from '../../../web/host';
import { loadFixture } from '../records/testing/fixture';
import { openTestWorkspaceDb } from '../testing/context';
import { readSeal, sealPathOf } from './chain-seal';
import { historyPage } from './history-view';
import { runExport } from './run-export';
import { removeStaleParts, sweepStaleParts } from './stale-parts';
import { exportTestBed, type ExportTestBed } from './testing/support';
import { verifyExportFile } from './verify-export';

let bed: ExportTestBed;
beforeEach(() => {
  bed = exportTestBed();
});
afterEach(() => bed.cleanup());

const call = (ctx: ServiceContext, name: CallName, input: unknown) => dispatch(handlers, ctx, name, input) as Promise<Record<string, unknown>>;
const codes = (v: { problems: { code: string }[] }): string[] => v.problems.map((p) => p.code).sort();

/** A workspace database on disk (not :memory:), as the console opens it, with the records fixture. */
function fileWorkspace(name = 'ws.db') {
  const file = join(bed.dir, name);
  const db = openTestWorkspaceDb(file);
  loadFixture(db);
  return { file, db, env: () => ({ ...bed.env(), db }), verifyEnv: () => ({ ...bed.verifyEnv(), db }) };
}

/** Runs SQL against `file` from ANOTHER process (SQLite's POSIX locks are per process). */
function otherProcess(file: string, sql: string): unknown {
  const script = `const D=require('better-sqlite3');const d=new D(process.argv[1]);d.pragma('busy_timeout = 0');const r=d.prepare(process.argv[2]).all();d.close();process.stdout.write(JSON.stringify(r));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, file, sql], { encoding: 'utf8', cwd: process.cwd() }));
}

describe('verify reads only exports (item 1)', () => {
  it('the live workspace database is refused before it is opened: the reader keeps its locks', async () => {
    const ws = fileWorkspace();
    try {
      const first = await runExport(ws.env(), { exportId: 'exp_live_db_1', filter: {}, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'a.csv') });
      // A read transaction pins the WAL: while this process holds its lock, no other process may truncate it.
      ws.db.exec('BEGIN');
      ws.db.prepare('SELECT count(*) FROM export_history').get();
      for (const p of [ws.file, `${ws.file}-wal`, `${ws.file}-shm`, `${ws.file}.manifest.json`]) {
        await expect(verifyExportFile(ws.verifyEnv(), p)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
      // Even with a real manifest copied beside it, the database is not read as an export.
      copyFileSync(first.manifest, `${ws.file}.manifest.json`);
      await expect(verifyExportFile(ws.verifyEnv(), ws.file)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('database') });
      const [ck] = otherProcess(ws.file, 'PRAGMA wal_checkpoint(TRUNCATE)') as { busy: number }[];
      expect(ck!.busy).toBe(1); // our read lock still holds
      ws.db.exec('COMMIT');
      // The next export and the history are exact.
      const second = await runExport(ws.env(), { exportId: 'exp_live_db_2', filter: {}, format: 'jsonl', locale: 'zh-CN', target: join(bed.dir, 'b.jsonl') });
      expect(second.manifestObject.seq).toBe(2);
      expect(otherProcess(ws.file, 'SELECT export_id FROM export_history ORDER BY seq')).toEqual([
        { export_id: 'exp_live_db_1' },
        { export_id: 'exp_live_db_2' },
      ]);
      expect((await verifyExportFile(ws.verifyEnv(), second.file)).ok).toBe(true);
    } finally {
      ws.db.close();
    }
  });

  it('a file without a manifest that no export wrote, a folder, and a FIFO are refused without reading', async () => {
    const plain = join(bed.dir, 'notes.txt');
    writeFileSync(plain, 'not an export');
    await expect(verifyExportFile(bed.verifyEnv(), plain)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(verifyExportFile(bed.verifyEnv(), bed.dir)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(verifyExportFile(bed.verifyEnv(), join(bed.dir, 'nothing-here.csv'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const fifo = join(bed.dir, 'pipe.csv');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      await expect(verifyExportFile(bed.verifyEnv(), fifo)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      // A FIFO posing as the manifest of a real export is not opened for reading either (it would block).
      const res = await runExport(bed.env(), { exportId: 'exp_fifo_manifest', filter: {}, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'f.csv') });
      rmSync(res.manifest);
      spawnSync('mkfifo', [res.manifest]);
      expect(codes(await verifyExportFile(bed.verifyEnv(), res.file))).toEqual(['MANIFEST_INVALID']);
    }
  });

  it('browser mode: a path is refused (the page names no host paths); an export id is verified', async () => {
    const ctx: ServiceContext = { ...bed.t.ctx, mode: 'browser' };
    ctx.extensions.set(DOWNLOADS_EXTENSION, new DownloadRegistry());
    await expect(call(ctx, 'export.verify', { path: '/etc/passwd' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const res = await call(ctx, 'export.records', { format: 'csv' });
    await expect(call(ctx, 'export.verify', { path: res.file })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await call(ctx, 'export.verify', { exportId: res.exportId })).toMatchObject({ ok: true });
  });
});

describe('browser mode: verify an uploaded export (item 1)', () => {
  it('the page uploads the file and its manifest, and the host verifies them (and forgets them)', async () => {
    const ctx: ServiceContext = { ...bed.t.ctx, mode: 'browser' };
    const host = await startHost({ ctx, handlers, staticDir: null, port: 0 });
    try {
      const auth = { Authorization: `Bearer ${host.token}` };
      const made = await runExport(bed.env(), { exportId: 'exp_uploaded_01', filter: {}, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'up.csv') });
      const upload = async (bytes: Buffer, manifest: Buffer | null) => {
        const f = await fetch(`${host.origin}/uploads?role=file&name=${encodeURIComponent('下载/认证记录.csv')}`, {
          method: 'POST',
          headers: auth,
          body: new Uint8Array(bytes),
        });
        expect(f.status).toBe(200);
        const { upload: id } = (await f.json()) as { upload: string };
        if (manifest) {
          const m = await fetch(`${host.origin}/uploads?role=manifest&upload=${id}&name=whatever.json`, {
            method: 'POST',
            headers: auth,
            body: new Uint8Array(manifest),
          });
          expect(m.status).toBe(200);
        }
        const v = await fetch(`${host.origin}/api/export.verify`, { method: 'POST', headers: auth, body: JSON.stringify({ upload: id }) });
        return { id, status: v.status, body: (await v.json()) as { ok?: boolean; problems?: { code: string }[]; error?: { code: string } } };
      };
      const good = await upload(readFileSync(made.file), readFileSync(made.manifest));
      expect(good.status).toBe(200);
      expect(good.body.ok).toBe(true);
      // Used once: the upload is gone.
      const again = await fetch(`${host.origin}/api/export.verify`, { method: 'POST', headers: auth, body: JSON.stringify({ upload: good.id }) });
      expect(again.status).toBe(404);
      const changed = readFileSync(made.file);
      changed[changed.length - 3] = changed[changed.length - 3]! ^ 1;
      const bad = await upload(changed, readFileSync(made.manifest));
      expect(bad.body.ok).toBe(false);
      expect(codes(bad.body as { problems: { code: string }[] })).toContain('HASH_MISMATCH');
      // Without its manifest an upload is not an export.
      expect((await upload(readFileSync(made.file), null)).status).toBe(400);
      expect(readdirSync(join(ctx.dataDir, 'uploads'))).toEqual([]);
      // No token, no upload; a manifest for an unknown upload is refused.
      expect((await fetch(`${host.origin}/uploads?role=file&name=a.csv`, { method: 'POST', body: 'x' })).status).toBe(401);
      expect((await fetch(`${host.origin}/uploads?role=manifest&upload=${'A'.repeat(32)}`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(404);
    } finally {
      await host.close();
    }
  });
});

describe('a reused export id (item 2)', () => {
  it('browser mode: the conflict leaves the earlier export, its manifest and its history verifiable', async () => {
    const ctx: ServiceContext = { ...bed.t.ctx, mode: 'browser' };
    ctx.extensions.set(DOWNLOADS_EXTENSION, new DownloadRegistry());
    const first = await call(ctx, 'export.records', { format: 'csv', exportId: 'exp_reused_id_1' });
    await expect(call(ctx, 'export.records', { format: 'jsonl', exportId: 'exp_reused_id_1' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(existsSync(String(first.file))).toBe(true);
    expect(existsSync(String(first.manifest))).toBe(true);
    expect(await call(ctx, 'export.verify', { exportId: 'exp_reused_id_1' })).toMatchObject({ ok: true, problems: [] });
  });
});

describe('damaged files end in bounded time with a clear result (item 3)', () => {
  it.each(['xlsx', 'csv', 'jsonl'] as ExportFormat[])(
    '%s: every truncation from 1 to 99 percent',
    async (format) => {
      const res = await runExport(bed.env(), { exportId: `exp_trunc_${format}`, filter: {}, format, locale: 'zh-CN', target: join(bed.dir, `t.${format}`) });
      const whole = readFileSync(res.file);
      for (let pct = 1; pct <= 99; pct += format === 'xlsx' ? 1 : 7) {
        writeFileSync(res.file, whole.subarray(0, Math.floor((whole.length * pct) / 100)));
        const v = await verifyExportFile(bed.verifyEnv(), res.file);
        expect(v.ok, `${pct}%`).toBe(false);
        expect(codes(v), `${pct}%`).toContain('HASH_MISMATCH');
        if (format === 'xlsx') expect(codes(v), `${pct}%`).toContain('FILE_UNREADABLE');
      }
      writeFileSync(res.file, whole);
      expect((await verifyExportFile(bed.verifyEnv(), res.file)).ok).toBe(true);
    },
    60_000,
  );
});

describe('the browser door: damaged files by export id, over HTTP (item 3)', () => {
  it('every tenth truncation of an XLSX gets a 200 with a clear verdict', async () => {
    const ctx: ServiceContext = { ...bed.t.ctx, mode: 'browser' };
    const host = await startHost({ ctx, handlers, staticDir: null, port: 0 });
    try {
      const post = async (name: string, body: unknown) => {
        const res = await fetch(`${host.origin}/api/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${host.token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const made = await post('export.records', { format: 'xlsx' });
      expect(made.status).toBe(200);
      const file = String(made.body.file);
      const whole = readFileSync(file);
      for (let pct = 1; pct <= 99; pct += 10) {
        writeFileSync(file, whole.subarray(0, Math.floor((whole.length * pct) / 100)));
        const v = await post('export.verify', { exportId: made.body.exportId });
        expect(v.status, `${pct}%`).toBe(200);
        expect(v.body.ok).toBe(false);
        expect(codes(v.body as { problems: { code: string }[] })).toEqual(expect.arrayContaining(['FILE_UNREADABLE', 'HASH_MISMATCH']));
      }
    } finally {
      await host.close();
    }
  }, 60_000);
});

describe('the chain is anchored outside the database (item 4)', () => {
  it('deleting the newest row, triggers dropped and sqlite_sequence edited, is reported', async () => {
    const ws = fileWorkspace('sealed.db');
    try {
      const made = [];
      for (let i = 1; i <= 3; i++) {
        made.push(
          await runExport(ws.env(), { exportId: `exp_sealed_${i}`, filter: {}, format: 'jsonl', locale: 'zh-CN', target: join(bed.dir, `s${i}.jsonl`) }),
        );
      }
      const seal = readSeal(ws.db);
      expect(seal.state === 'ok' && seal.seal.count).toBe(3);
      expect((await verifyExportFile(ws.verifyEnv(), made[0]!.file)).ok).toBe(true);
      ws.db.exec('DROP TRIGGER export_history_no_update; DROP TRIGGER export_history_no_delete;');
      ws.db.exec("DELETE FROM export_history WHERE seq = 3; UPDATE sqlite_sequence SET seq = 2 WHERE name = 'export_history';");
      // The chain in the file holds together; the seal beside it does not agree.
      const v = await verifyExportFile(ws.verifyEnv(), made[0]!.file);
      expect(v.ok).toBe(false);
      expect(v.problems.find((p) => p.code === 'CHAIN_BROKEN')?.message).toMatch(/records 3 export\(s\) but the history ends at 2/);
      const history = historyPage({ db: ws.db, secrets: bed.t.ctx.secrets, platformSecret: bed.env().platformSecret, now: bed.t.clock.now() }, 10, null);
      expect(history.chain.ok).toBe(false);
      // With the seal deleted too, the removed export's own manifest still names its place.
      rmSync(sealPathOf(ws.db)!);
      const gone = await verifyExportFile(ws.verifyEnv(), made[2]!.file);
      expect(codes(gone)).toEqual(['CHAIN_BROKEN', 'NOT_IN_HISTORY']);
      expect(gone.problems.find((p) => p.code === 'CHAIN_BROKEN')!.message).toContain('history ends at 2');
    } finally {
      ws.db.close();
    }
  });

  it('a seal one behind (a crash after commit) is consistent; an altered seal is not', async () => {
    const ws = fileWorkspace('lag.db');
    try {
      const a = await runExport(ws.env(), { exportId: 'exp_lag_0001', filter: {}, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'l1.csv') });
      const sealFile = sealPathOf(ws.db)!;
      const older = readFileSync(sealFile, 'utf8');
      await runExport(ws.env(), { exportId: 'exp_lag_0002', filter: {}, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'l2.csv') });
      writeFileSync(sealFile, older);
      expect((await verifyExportFile(ws.verifyEnv(), a.file)).ok).toBe(true);
      const forged = JSON.parse(older) as { count: number };
      forged.count = 1;
      writeFileSync(sealFile, JSON.stringify({ ...forged, headHash: 'f'.repeat(64) }));
      expect(codes(await verifyExportFile(ws.verifyEnv(), a.file))).toEqual(['CHAIN_BROKEN']);
    } finally {
      ws.db.close();
    }
  });
});

describe('verify by export id checks the manifest is that export (item 5)', () => {
  it("another export's file and manifest copied into this export's place are reported", async () => {
    const a = await runExport(bed.env(), { exportId: 'exp_victim_0001', filter: {}, format: 'csv', locale: 'zh-CN', target: join(bed.dir, 'victim.csv') });
    const b = await runExport(bed.env(), {
      exportId: 'exp_other_0001',
      filter: { result: 'failure' },
      format: 'csv',
      locale: 'zh-CN',
      target: join(bed.dir, 'other.csv'),
    });
    copyFileSync(b.file, a.file);
    copyFileSync(b.manifest, a.manifest);
    const v = await call(bed.t.ctx, 'export.verify', { exportId: a.exportId });
    expect(v.ok).toBe(false);
    expect(codes(v as { problems: { code: string }[] })).toContain('WRONG_EXPORT');
  });
});

describe('part files of killed exports (item 6)', () => {
  it('a kill -9 mid-export leaves a part that the next export into the folder, or the next start, removes', async () => {
    const dir = join(bed.dir, 'killed');
    mkdirSync(dir);
    // A real process writing an export part (named as FileSink names them), killed with SIGKILL.
    const script = `const fs=require('fs');const p=require('path').join(process.argv[1],'.x.csv.'+process.pid+'.0123456789ab.part');const fd=fs.openSync(p,'wx',0o600);fs.writeSync(fd,Buffer.alloc(1<<20));process.stdout.write('ready');setInterval(()=>fs.writeSync(fd,'x'),5);`;
    for (let i = 0; i < 3; i++) {
      const child = spawnSync(process.execPath, ['-e', `${script}setTimeout(()=>process.kill(process.pid,'SIGKILL'),50)`, dir], { encoding: 'utf8' });
      expect(child.signal).toBe('SIGKILL');
    }
    // An old-style temp of another live process is left alone (its pid is alive: ours is the parent).
    const liveOther = join(dir, `.y.csv.${process.ppid}.abcdefabcdef.part`);
    writeFileSync(liveOther, '');
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toHaveLength(4);
    const res = await runExport(bed.env(), { exportId: 'exp_after_kill', filter: {}, format: 'csv', locale: 'zh-CN', target: join(dir, 'x.csv') });
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([`.y.csv.${process.ppid}.abcdefabcdef.part`]);
    rmSync(liveOther);
    // At start-up: the browser door's folders and every folder the history wrote into are swept.
    const browserDir = join(bed.t.ctx.dataDir, 'exports', 'exp_x_1');
    mkdirSync(browserDir, { recursive: true });
    writeFileSync(join(browserDir, '.a.csv.999999999.0123456789ab.part'), 'x');
    writeFileSync(join(dir, '.b.csv.999999999.0123456789ab.part'), 'x');
    const removed = sweepStaleParts(bed.t.ctx.dataDir, [res.file]);
    expect(removed.sort()).toEqual([join(browserDir, '.a.csv.999999999.0123456789ab.part'), join(dir, '.b.csv.999999999.0123456789ab.part')].sort());
    expect(removeStaleParts(join(bed.dir, 'no-such-folder'))).toEqual([]);
  });
});
