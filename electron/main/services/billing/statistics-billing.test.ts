/**
 * Billing of a workspace whose provider gives daily statistics, not records (the "阿里云演示"
 * demo, Alibaba Cloud 号码认证 on the emulator): the Billing page's calls work end to end —
 * the month priced with the all-units book (checked against an independent calculation from
 * the rollups), recorded packages used before pay-as-you-go, the forecast, the reconciliation
 * with its drill-down, the header's sync, and a connection tested before it is saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../../emulator/index';
import { calls, type CallName, type CallOutput } from '../../../../shared/contract';
import { addDays, shanghaiDate } from '../../../../shared/time/shanghai';
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

/** All-units, independently: every charged call at the unit price of the tier the total lands in (元 → fen, half-up). */
function allUnitsFen(charged: number): number {
  const unitMills = charged <= 100_000 ? 40 : charged <= 5_000_000 ? 35 : charged <= 10_000_000 ? 30 : 26;
  return Math.floor((charged * unitMills + 5) / 10);
}
const fen = (yuan: string): number => Math.round(Number(yuan) * 100);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-stat-billing-'));
  ctx = createContext({ mode: 'cli', dataDir: dir });
  booted = await bootServices(ctx, { testing: { startDemo: demoStarter({ daily: 50, apps: 2 }), client: { retry: { attempts: 1 } } } });
  emu = await startEmulator({ seed: 5, days: 5, daily: 5, apps: 1, aliyunSchemes: 1, aliyunDaily: 50 });
  await call('workspaces.activate', { id: 'demo-aliyun' });
});
afterAll(async () => {
  await booted.shutdown();
  ctx.consoleDb.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('billing on a statistics provider (阿里云演示)', () => {
  it('the header sync runs the statistics sync; a second run writes nothing; the status is online', async () => {
    const first = await call('sync.run', {});
    expect(first.ok).toBe(true);
    expect(first.resources.usage!.written).toBeGreaterThan(0);
    const again = await call('sync.run', {});
    expect(again.resources.usage!.written).toBe(0);
    const st = await call('sync.status');
    expect(st).toMatchObject({ connected: true, online: true });
    expect(st.dataAsOf).not.toBeNull();
    expect(st.resources.filter((r) => r.readable).map((r) => r.resource)).toEqual(['usage']);
  });

  it('billing.month prices the rollups with the all-units book, no operator split, with the forecast', async () => {
    const month = shanghaiDate(Date.now()).slice(0, 7);
    const bill = await call('billing.month', { month });
    // stats.daily reads the same rollups through another query; its `to` is the day after the last.
    const daily = await call('stats.daily', { from: `${month}-01`, to: addDays(shanghaiDate(Date.now()), 1) });
    const billable = daily.days.reduce((s, d) => s + d.billable, 0);
    expect(bill).toMatchObject({ basis: 'statistics', calls: billable, charged: billable, packageCovered: 0 });
    expect(bill.ladder).toMatchObject({ source: 'book', model: 'all-units', book: { id: 'aliyun-dypns', custom: false } });
    expect(fen(bill.amount)).toBe(allUnitsFen(billable));
    expect(bill.allocation.operators).toEqual([]);
    expect(bill.allocation.apps.reduce((s, a) => s + fen(a.amount), 0)).toBe(fen(bill.amount));
    // The same month through the provider's own path (priceProviderMonth), a second calculation.
    expect((await call('providers.bill', { month })).amount).toBe(bill.amount);
    expect(bill.forecast).not.toBeNull();
    expect(fen(bill.forecast!.projectedAmount)).toBe(allUnitsFen(bill.forecast!.projectedCharged));
    expect(bill.dataAsOf).not.toBeNull();
  });

  it('a recorded resource package is used before pay-as-you-go, and can be removed', async () => {
    const month = shanghaiDate(Date.now()).slice(0, 7);
    const before = await call('billing.month', { month });
    const pkg = await call('providers.packages.add', { calls: 1000, purchasedOn: `${month}-01` });
    const after = await call('billing.month', { month });
    const covered = Math.min(1000, before.calls);
    expect(after).toMatchObject({ packageCovered: covered, charged: before.calls - covered });
    expect(fen(after.amount)).toBe(allUnitsFen(before.calls - covered));
    const packages = await call('billing.packages', { month });
    expect(packages.items.find((p) => p.packageId === pkg.packageId)).toMatchObject({ quota: 1000, usedLocal: covered });
    expect(await call('providers.packages.remove', { packageId: pkg.packageId })).toEqual({ removed: true });
    expect((await call('billing.month', { month })).amount).toBe(before.amount);
  });

  it('reconciliation: offline it names the provider bill as missing; online line by line, with the days behind a line', async () => {
    const month = shanghaiDate(Date.now()).slice(0, 7);
    const offline = await call('billing.reconcile', { month });
    expect(offline).toMatchObject({ basis: 'statistics', missing: ['bill'], differences: [], amountPlatform: null });
    const rec = await call('providers.reconcile', { month });
    expect(rec.status).toBe('matched');
    const line = rec.lines[0]!;
    const drill = await call('providers.reconcileLine', { month, id: line.id, capability: line.capability });
    expect(drill.totals.billable).toBe(line.add);
    expect(drill.days.reduce((s, d) => s + d.billable, 0)).toBe(line.add);
    expect(drill.days.every((d) => d.date.startsWith(month))).toBe(true);
  });

  it('an unsaved Alibaba Cloud connection is tested with people-readable errors', async () => {
    const admin = emu.aliyun!.keys.find((k) => k.role === 'admin')!;
    const base = { endpoint: emu.aliyun!.endpoint, protocol: 'http', accessKey: admin.accessKeyId };
    expect(await call('providers.testConnection', { ...base, secretKey: admin.accessKeySecret })).toMatchObject({ ok: true });
    const wrong = await call('providers.testConnection', { ...base, secretKey: 'not-the-secret' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', detail: { providerCode: 'SignatureDoesNotMatch' } } });
    const unknown = await call('providers.testConnection', { ...base, accessKey: 'LTAI5tNOBODY', secretKey: admin.accessKeySecret });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', detail: { providerCode: 'InvalidAccessKeyId.NotFound' } } });
    if (!unknown.ok) expect(unknown.error.message).toContain('LTAI5tNOBODY');
    // Nothing was saved.
    expect((await call('workspaces.list')).items.map((w) => w.id).sort()).toEqual(['demo', 'demo-aliyun']);
  });
});
