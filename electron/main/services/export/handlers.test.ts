import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import type { ExportProgress } from '../../../../shared/contract/export';
import { DESKTOP_EXTENSION_KEYS, type SaveDialogRequest } from '../core/capabilities';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { DOWNLOADS_EXTENSION, DownloadRegistry } from '../core/downloads';
import { handlers } from '../handlers';
import { searchRecords } from '../records/record-scanner';
import { EXPORT_PLATFORM_SECRET_EXTENSION } from './signing-keys';
import { emulatorKeys } from '../../../../emulator/keys';
import { metaWriter } from '../store/meta-repo';
import { DEMO_META_KEY, DEMO_SEED } from '../workspaces/demo';
import { exportTestBed, fakeKeyringStore, TEST_SECRET, type ExportTestBed } from './testing/support';

let bed: ExportTestBed;
beforeEach(() => {
  bed = exportTestBed();
});
afterEach(() => bed.cleanup());

const call = (ctx: ServiceContext, name: CallName, input: unknown, signal?: AbortSignal) =>
  dispatch(handlers, ctx, name, input, signal) as Promise<Record<string, unknown>>;

describe('export.records', () => {
  it('CLI: writes to `out`, reports progress, and records the export', async () => {
    const events: ExportProgress[] = [];
    bed.t.ctx.events.subscribe((name, payload) => {
      if (name === 'export.progress') events.push(payload as ExportProgress);
    });
    const out = join(bed.dir, 'records.csv');
    const res = await call(bed.t.ctx, 'export.records', { filter: { operator: 'CMCC' }, format: 'csv', out });
    const total = searchRecords(bed.t.workspace.db, { operator: 'CMCC', limit: 1 }).total;
    expect(res).toMatchObject({ file: out, manifest: `${out}.manifest.json`, rows: total, format: 'csv', downloads: null });
    expect(res.exportId).toMatch(/^exp_/);
    expect(existsSync(out) && existsSync(`${out}.manifest.json`)).toBe(true);
    const phases = events.filter((e) => e.exportId === res.exportId).map((e) => e.phase);
    expect(phases[0]).toBe('counting');
    expect(phases.at(-1)).toBe('done');
    expect(phases).toContain('writing');
    expect(events.at(-1)).toMatchObject({ rows: total, total });

    const history = await call(bed.t.ctx, 'export.history', {});
    expect(history).toMatchObject({ total: 1, next: null, chain: { ok: true, problems: [] } });
    const item = (history.items as Record<string, unknown>[])[0]!;
    expect(item).toMatchObject({ seq: 1, exportId: res.exportId, filePath: out, problems: [] });
    expect(item.manifest).toMatchObject({
      exportId: res.exportId,
      rows: total,
      accessKey: TEST_SECRET.accessKey,
      workspace: { id: 'ws-audit', name: '审计工作区' },
      osUser: expect.any(String),
    });

    expect(await call(bed.t.ctx, 'export.verify', { exportId: res.exportId })).toMatchObject({ ok: true, problems: [], historySeq: 1 });
    expect(await call(bed.t.ctx, 'export.verify', { path: out })).toMatchObject({ ok: true });
  });

  it('validates input and refuses a relative path or a path from another door', async () => {
    await expect(call(bed.t.ctx, 'export.records', { format: 'pdf', out: join(bed.dir, 'x') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(bed.t.ctx, 'export.records', { format: 'csv', exportId: 'bad id!', out: join(bed.dir, 'x') })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(call(bed.t.ctx, 'export.records', { format: 'csv', filter: { phone: '1' }, out: join(bed.dir, 'x') })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(call(bed.t.ctx, 'export.records', { format: 'csv', out: 'relative.csv' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(bed.t.ctx, 'export.records', { format: 'csv' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call({ ...bed.t.ctx, mode: 'browser' }, 'export.records', { format: 'csv', out: join(bed.dir, 'x.csv') })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(call(bed.t.ctx, 'export.verify', { path: '/a', exportId: 'exp_12345678' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(bed.t.ctx, 'export.verify', { path: 'relative.csv' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(bed.t.ctx, 'export.verify', { exportId: 'exp_missing_1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readdirSync(bed.dir)).toEqual([]);
  });

  it('export.cancel stops a running export by id; unknown ids answer false', async () => {
    expect(await call(bed.t.ctx, 'export.cancel', { exportId: 'exp_not_running' })).toEqual({ cancelled: false });
    const cancels: Promise<unknown>[] = [];
    bed.t.ctx.events.subscribe((name, payload) => {
      const p = payload as ExportProgress;
      if (name === 'export.progress' && p.phase === 'writing') cancels.push(call(bed.t.ctx, 'export.cancel', { exportId: p.exportId }));
    });
    await expect(call(bed.t.ctx, 'export.records', { format: 'xlsx', exportId: 'exp_cancel_me_1', out: join(bed.dir, 'c.xlsx') })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await Promise.all(cancels)).toContainEqual({ cancelled: true });
    expect(readdirSync(bed.dir)).toEqual([]);
    expect((await call(bed.t.ctx, 'export.history', {})).total).toBe(0);
  });

  it('a caller going away (closed window, dropped request) cancels too', async () => {
    const ac = new AbortController();
    bed.t.ctx.events.subscribe((name, payload) => {
      if (name === 'export.progress' && (payload as ExportProgress).phase === 'writing') ac.abort();
    });
    await expect(call(bed.t.ctx, 'export.records', { format: 'csv', out: join(bed.dir, 'gone.csv') }, ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(bed.dir)).toEqual([]);
  });

  it('two exports may not share an id', async () => {
    await call(bed.t.ctx, 'export.records', { format: 'jsonl', exportId: 'exp_same_id_1', out: join(bed.dir, 'a.jsonl') });
    await expect(call(bed.t.ctx, 'export.records', { format: 'jsonl', exportId: 'exp_same_id_1', out: join(bed.dir, 'b.jsonl') })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(readdirSync(bed.dir).sort()).toEqual(['a.jsonl', 'a.jsonl.manifest.json']);
  });

  it('browser mode: writes under the data folder and hands out single-use links', async () => {
    const registry = new DownloadRegistry();
    const ctx: ServiceContext = { ...bed.t.ctx, mode: 'browser' };
    ctx.extensions.set(DOWNLOADS_EXTENSION, registry);
    const res = await call(ctx, 'export.records', { format: 'csv', locale: 'en-US' });
    expect(String(res.file)).toContain(join(ctx.dataDir, 'exports', String(res.exportId)));
    expect(String(res.file)).toMatch(/auth-records-\d{8}-\d{6}\.csv$/);
    const links = res.downloads as { file: string; manifest: string };
    const file = registry.take(links.file.slice('/files/'.length), ctx.clock.now());
    expect(file).toMatchObject({ path: res.file, contentType: 'text/csv; charset=utf-8', removeAfter: false });
    expect(registry.take(links.manifest.slice('/files/'.length), ctx.clock.now())).toMatchObject({ path: res.manifest });
    expect(registry.take(links.file.slice('/files/'.length), ctx.clock.now())).toBeNull();
    // The host keeps its copy, so the export can be verified by id later.
    expect(await call(ctx, 'export.verify', { exportId: res.exportId })).toMatchObject({ ok: true });
  });

  it('desktop app: asks where to save; a dismissed dialog writes nothing', async () => {
    const asked: SaveDialogRequest[] = [];
    let answer: string | null = join(bed.dir, 'chosen.xlsx');
    const ctx: ServiceContext = { ...bed.t.ctx, mode: 'electron' };
    ctx.extensions.set(DESKTOP_EXTENSION_KEYS.showSaveDialog, async (req: SaveDialogRequest) => {
      asked.push(req);
      return answer;
    });
    const res = await call(ctx, 'export.records', { format: 'xlsx', filter: { app: 'app-gamma' } });
    expect(res.file).toBe(answer);
    expect(asked[0]).toMatchObject({ defaultName: expect.stringMatching(/^认证记录-\d{8}-\d{6}\.xlsx$/), filters: [{ name: 'XLSX', extensions: ['xlsx'] }] });
    await expect(call(ctx, 'export.records', { format: 'csv', out: join(bed.dir, 'x.csv') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    answer = null;
    await expect(call(ctx, 'export.records', { format: 'csv' })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(bed.dir).sort()).toEqual(['chosen.xlsx', 'chosen.xlsx.manifest.json']);
  });
});

describe('the signing key', () => {
  it('without a persistent store or a platform secret, nothing is exported', async () => {
    bed.t.ctx.extensions.delete(EXPORT_PLATFORM_SECRET_EXTENSION);
    await expect(call(bed.t.ctx, 'export.records', { format: 'csv', out: join(bed.dir, 'n.csv') })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('ONETAP_SECRET_KEY'),
    });
    expect(readdirSync(bed.dir)).toEqual([]);
  });

  it('a demo workspace signs with its own emulator keys, derived from the seed it stores', async () => {
    bed.t.ctx.extensions.delete(EXPORT_PLATFORM_SECRET_EXTENSION);
    metaWriter(bed.t.workspace.db).put(DEMO_META_KEY, { seed: DEMO_SEED, start: '2026-08-18' }, bed.t.clock.now());
    const admin = emulatorKeys(DEMO_SEED).find((k) => k.role === 'admin')!;
    bed.t.workspace.accessKey = admin.accessKey;
    const res = await call(bed.t.ctx, 'export.records', { format: 'csv', filter: { app: 'app-gamma' }, out: join(bed.dir, 'demo.csv') });
    const m = JSON.parse(readFileSync(String(res.manifest), 'utf8')) as { accessKey: string; signature: { keySource: string } };
    expect(m).toMatchObject({ accessKey: admin.accessKey, signature: { keySource: 'platform-secret' } });
    expect(await call(bed.t.ctx, 'export.verify', { path: res.file })).toMatchObject({ ok: true });
  });

  it('with a persistent store: a random key sealed in the workspace, never plain, reused', async () => {
    const ctx: ServiceContext = { ...bed.t.ctx, secrets: fakeKeyringStore() };
    const a = await call(ctx, 'export.records', { format: 'jsonl', out: join(bed.dir, 'k1.jsonl') });
    const b = await call(ctx, 'export.records', { format: 'jsonl', out: join(bed.dir, 'k2.jsonl') });
    const ma = JSON.parse(readFileSync(String(a.manifest), 'utf8')) as { signature: { keySource: string; keyId: string } };
    const mb = JSON.parse(readFileSync(String(b.manifest), 'utf8')) as { signature: { keySource: string; keyId: string } };
    expect(ma.signature.keySource).toBe('keyring');
    expect(mb.signature.keyId).toBe(ma.signature.keyId);
    const rows = bed.t.workspace.db.prepare('SELECT key_id, sealed FROM export_keys').all() as { key_id: string; sealed: string }[];
    expect(rows).toHaveLength(1);
    const plain = Buffer.from(ctx.secrets.unseal(rows[0]!.sealed), 'base64');
    expect(plain).toHaveLength(32);
    expect(rows[0]!.sealed).not.toContain(plain.toString('base64'));
    expect(rows[0]!.sealed).not.toContain(plain.toString('hex'));
    expect(await call(ctx, 'export.verify', { path: a.file })).toMatchObject({ ok: true });
    // A CLI session on the same database holds only the platform secret: it says it cannot check, not that it is forged.
    const v = await call(bed.t.ctx, 'export.verify', { path: a.file });
    expect(v.ok).toBe(false);
    expect((v.problems as { code: string }[]).map((p) => p.code)).toEqual(['SIGNATURE_UNCHECKED']);
  });
});

describe('export.history', () => {
  it('pages newest first and judges the whole chain on every page', async () => {
    for (let i = 0; i < 5; i++) await call(bed.t.ctx, 'export.records', { format: 'jsonl', filter: { app: 'app-gamma' }, out: join(bed.dir, `h${i}.jsonl`) });
    const first = await call(bed.t.ctx, 'export.history', { limit: 2 });
    expect((first.items as { seq: number }[]).map((i) => i.seq)).toEqual([5, 4]);
    expect(first).toMatchObject({ total: 5, next: 4 });
    const last = await call(bed.t.ctx, 'export.history', { limit: 3, beforeSeq: 2 });
    expect((last.items as { seq: number }[]).map((i) => i.seq)).toEqual([1]);
    expect(last.next).toBeNull();
    // Jump to a page: page 2 of 2 rows steps over the newest two and continues by keyset.
    const jumped = await call(bed.t.ctx, 'export.history', { limit: 2, offset: 2 });
    expect((jumped.items as { seq: number }[]).map((i) => i.seq)).toEqual([3, 2]);
    expect(jumped).toMatchObject({ total: 5, next: 2 });

    const db = bed.t.workspace.db;
    db.exec('DROP TRIGGER export_history_no_update');
    db.prepare('UPDATE export_history SET manifest = replace(manifest, \'"osUser":"\', \'"osUser":"x\') WHERE seq = 2').run();
    const after = await call(bed.t.ctx, 'export.history', { limit: 2 });
    expect(after.chain).toMatchObject({ ok: false });
    expect((after.chain as { problems: { code: string; seq?: number }[] }).problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'CHAIN_BROKEN', seq: 2 }), expect.objectContaining({ code: 'SIGNATURE_BAD', seq: 2 })]),
    );
    const page = await call(bed.t.ctx, 'export.history', { limit: 1, beforeSeq: 3 });
    expect((page.items as { problems: { code: string }[] }[])[0]!.problems.map((p) => p.code).sort()).toEqual(['CHAIN_BROKEN', 'SIGNATURE_BAD']);
  });
});
