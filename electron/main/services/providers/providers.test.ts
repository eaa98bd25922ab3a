/**
 * Alibaba Cloud workspaces through the contract (dispatch, as every door): the "阿里云演示" demo
 * beside our platform's, a workspace added by key, schemes, statistics sync, the month's bill
 * and reconciliation, price books and the cost comparison. Real clock: the SDK dates its
 * requests with it and the emulator checks them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../../emulator/index';
import { ApiError, calls, type CallName, type CallOutput } from '../../../../shared/contract';
import { shanghaiDate } from '../../../../shared/time/shanghai';
import { bootServices, type Booted } from '../boot';
import type { ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { demoStarter } from '../workspaces/demo-emulator';

let dir: string;
let ctx: ServiceContext;
let booted: Booted;
let emu: StartedEmulator;

async function call<N extends CallName>(name: N, input: unknown = {}): Promise<CallOutput<N>> {
  const out = await dispatch(handlers, ctx, name, input);
  return calls[name].output.parse(out) as CallOutput<N>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-providers-'));
  ctx = createContext({ mode: 'cli', dataDir: dir });
  booted = await bootServices(ctx, { testing: { startDemo: demoStarter({ daily: 50, apps: 2 }), client: { retry: { attempts: 1 } } } });
  emu = await startEmulator({ seed: 77, days: 20, daily: 10, apps: 1, aliyunSchemes: 2, aliyunDaily: 300 });
});
afterAll(async () => {
  await booted.shutdown();
  ctx.consoleDb.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Alibaba Cloud workspaces through the contract', () => {
  it('the 阿里云演示 demo syncs its statistics, bills and reconciles its month', async () => {
    const ws = await call('workspaces.resolve', { nameOrId: '阿里云演示' });
    expect(ws).toMatchObject({ id: 'demo-aliyun', provider: 'aliyun-dypns' });
    await call('workspaces.activate', { id: ws.id });
    const schemes = await call('providers.schemes.list');
    expect(schemes.items.length).toBeGreaterThan(0);
    const sync = await call('providers.sync', { firstSyncDays: 10 });
    expect(sync.rowsWritten).toBeGreaterThan(0);
    expect((await call('providers.sync')).rowsWritten).toBe(0);
    const month = shanghaiDate(Date.now()).slice(0, 7);
    const bill = await call('providers.bill', { month });
    expect(bill).toMatchObject({ book: 'aliyun-dypns', model: 'all-units' });
    const rec = await call('providers.reconcile', { month });
    // Only the days synced are compared; the demo's month started before the first synced day unless it is young.
    expect(rec.amountLocal).toBe(bill.amount);
    // Records-only calls are refused with a clear reason on this provider.
    await expect(dispatch(handlers, ctx, 'providers.schemes.describe', { code: 'FC0' })).rejects.toBeInstanceOf(ApiError);
  });

  it('adds an Alibaba workspace by key; schemes created, added by code and deleted; a wrong key is explained', async () => {
    const admin = emu.aliyun!.keys.find((k) => k.role === 'admin')!;
    const ws = await call('workspaces.create', {
      name: 'aliyun test',
      provider: 'aliyun-dypns',
      endpoint: emu.aliyun!.endpoint,
      protocol: 'http',
      accessKey: admin.accessKeyId,
      secretKey: admin.accessKeySecret,
      activate: true,
    });
    expect(ws).toMatchObject({ provider: 'aliyun-dypns', protocol: 'http', endpoint: emu.aliyun!.endpoint, active: true });
    expect(await call('providers.test')).toMatchObject({ ok: true });
    const created = await call('providers.schemes.create', { schemeName: '新方案', appName: '新应用', osType: 'iOS', bundleId: 'com.example.new' });
    expect(created.origin).toBe('created');
    for (const s of emu.aliyun!.schemes().filter((x) => x.seeded)) await call('providers.schemes.add', { code: s.code });
    await expect(dispatch(handlers, ctx, 'providers.schemes.add', { code: 'FC9999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await call('providers.schemes.delete', { code: created.code });
    const list = await call('providers.schemes.list');
    expect(list.items.map((s) => s.code).sort()).toEqual(
      emu
        .aliyun!.schemes()
        .map((s) => s.code)
        .sort(),
    );
    expect(list.items.find((s) => s.code === created.code)!.deletedAt).not.toBeNull();

    const sync = await call('providers.sync', { firstSyncDays: 25 });
    expect(sync.unlistedSuccesses).toBe(0);
    for (
      let m = emu.history.start.slice(0, 7);
      m <= shanghaiDate(Date.now()).slice(0, 7);
      m = m.endsWith('12') ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, '0')}`
    ) {
      const rec = await call('providers.reconcile', { month: m });
      expect(rec.status).toBe('matched');
    }

    await call('workspaces.update', { id: ws.id, secretKey: 'wrong-secret' });
    const t = await call('providers.test');
    expect(t).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', detail: { providerCode: 'SignatureDoesNotMatch' } } });
    const listed = await call('workspaces.list');
    expect(listed.items.map((w) => w.provider)).toEqual(['onetap', 'aliyun-dypns', 'aliyun-dypns']);
  });

  it('the all-workspaces overview shows both demos side by side in one currency', async () => {
    await call('workspaces.activate', { id: 'demo' });
    await call('sync.run', {});
    const month = shanghaiDate(Date.now()).slice(0, 7);
    const o = await call('providers.overview', { month });
    expect(o.currency).toBe('CNY');
    const demo = o.items.find((i) => i.id === 'demo')!;
    const aliyun = o.items.find((i) => i.id === 'demo-aliyun')!;
    expect(demo).toMatchObject({ provider: 'onetap', book: 'onetap', error: null });
    expect(demo.calls).toBeGreaterThan(0);
    expect(Object.keys(demo.operators!).sort()).toEqual(['CMCC', 'CTCC', 'CUCC']);
    expect(aliyun).toMatchObject({ provider: 'aliyun-dypns', book: 'aliyun-dypns', operators: null, error: null });
    expect(aliyun.calls).toBeGreaterThan(0);
    // The dashboard's per-workspace figures are the month bills of each workspace.
    expect(demo.amount).toBe((await call('billing.month', { month })).amount);
    await call('workspaces.activate', { id: 'demo-aliyun' });
    expect(aliyun.amount).toBe((await call('providers.bill', { month })).amount);
    const sum = o.items.filter((i) => !i.error).reduce((s, i) => s + Math.round(Number(i.amount) * 100), 0);
    expect(Math.round(Number(o.total.amount) * 100)).toBe(sum);
    expect(o.total.calls).toBe(o.items.reduce((s, i) => s + i.calls, 0));
  });

  it('price books and the cost comparison', async () => {
    const books = await call('billing.books');
    expect(books.books.map((b) => [b.id, b.model])).toEqual([
      ['onetap', 'progressive'],
      ['aliyun-dypns', 'all-units'],
      ['tencent', 'all-units'],
    ]);
    const cmp = await call('billing.compare', { calls: 20_000 });
    expect(cmp.items.find((i) => i.book === 'onetap')!.amount).toBe('500.00');
    expect(cmp.items.find((i) => i.book === 'aliyun-dypns')).toMatchObject({ amount: '800.00', packagesAmount: '1000.00' });
    // The progressive onetap book is cheaper at every volume (its top price 0.018 < 0.026), and the two all-units books are equal: no break-even.
    expect(cmp.breakEven).toEqual([]);
  });
});
