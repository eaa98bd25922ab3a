import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformAuthRecord, PlatformBill, PlatformUsageStatement } from '../../../../shared/platform/schemas';
import { memorySecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { openTestWorkspaceDb } from '../testing/context';
import { appsWriter } from './apps-repo';
import { authRecordsWriter, instantMs } from './auth-records-repo';
import { billsWriter } from './bills-repo';
import { packagesWriter } from './packages-repo';
import { syncStateRepo } from './sync-state-repo';
import { usageWriter } from './usage-repo';

const dbs: Db[] = [];
afterEach(() => {
  while (dbs.length) dbs.pop()!.close();
});
function db(): Db {
  const d = openTestWorkspaceDb();
  dbs.push(d);
  return d;
}

function rec(seq: number, requestTime: string, over: Partial<PlatformAuthRecord> = {}): PlatformAuthRecord {
  return {
    seq,
    recordId: `r${seq}`,
    id: 'a1',
    appId: '300001',
    capability: 'login',
    operator: 'CMCC',
    requestTime,
    resultCode: '200',
    success: true,
    outcome: null,
    carrierCode: null,
    description: 'ok',
    maskedPhone: null,
    authType: null,
    clientIp: null,
    traceId: `t${seq}`,
    ...over,
  };
}

describe('auth records writer', () => {
  it('reads instants only with an explicit offset', () => {
    expect(instantMs('2026-11-15T00:00:00.000+08:00')).toBe(Date.parse('2026-11-14T16:00:00Z'));
    expect(instantMs('2026-11-14T16:00:00Z')).toBe(Date.parse('2026-11-14T16:00:00Z'));
    expect(instantMs('2026-11-14T16:00:00-05:00')).toBe(Date.parse('2026-11-14T21:00:00Z'));
    expect(instantMs('2026-11-14T16:00:00')).toBeNaN();
    expect(instantMs('2026-11-14 16:00:00+08:00')).toBeNaN();
    expect(instantMs('garbage')).toBeNaN();
  });

  it('puts records in Shanghai days and hours across midnight, out of order too', () => {
    const d = db();
    const w = authRecordsWriter(d);
    const n = d.transaction(() =>
      w.insert([
        rec(1, '2026-11-14T15:59:59.999Z'), // 23:59 on the 14th in Shanghai
        rec(2, '2026-11-14T16:00:00.000Z', { success: false, resultCode: '10105', carrierCode: '103111' }), // 00:00 on the 15th
        rec(3, '2026-11-14T23:30:00.000+08:00', { capability: 'verify', outcome: 'mismatch' }), // late: back on the 14th
        rec(4, '2026-11-15T10:15:00.000+08:00', { capability: 'verify', outcome: 'unknown' }),
      ]),
    )();
    expect(n).toBe(4);
    expect(d.prepare('SELECT date, capability, calls, successes, billable FROM rollup_daily ORDER BY 1, 2').all()).toEqual([
      { date: '2026-11-14', capability: 'login', calls: 1, successes: 1, billable: 1 },
      { date: '2026-11-14', capability: 'verify', calls: 1, successes: 1, billable: 1 },
      { date: '2026-11-15', capability: 'login', calls: 1, successes: 0, billable: 0 },
      { date: '2026-11-15', capability: 'verify', calls: 1, successes: 1, billable: 0 },
    ]);
    expect(d.prepare('SELECT date, hour FROM rollup_hourly ORDER BY 1, 2').all()).toEqual([
      { date: '2026-11-14', hour: 23 },
      { date: '2026-11-14', hour: 23 },
      { date: '2026-11-15', hour: 0 },
      { date: '2026-11-15', hour: 10 },
    ]);
    expect(d.prepare('SELECT date, result_code, carrier_code, failures FROM rollup_failures').all()).toEqual([
      { date: '2026-11-15', result_code: '10105', carrier_code: '103111', failures: 1 },
    ]);
  });

  it('refuses a record without an offset and commits nothing of its page', () => {
    const d = db();
    const w = authRecordsWriter(d);
    expect(() => d.transaction(() => w.insert([rec(1, '2026-11-15T01:00:00Z'), rec(2, '2026-11-15T01:00:00')]))()).toThrow(/bad requestTime/);
    expect(d.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(0);
    expect(d.prepare('SELECT count(*) FROM rollup_daily').pluck().get()).toBe(0);
  });
});

describe('monthly and snapshot writers', () => {
  const line = (date: string, calls: number) => ({
    date,
    id: 'a1',
    appId: '300001',
    capability: 'login' as const,
    operator: 'CMCC' as const,
    calls,
    successes: calls,
    billable: calls,
  });
  it('replaces a usage month touching only what changed', () => {
    const d = db();
    const w = usageWriter(d);
    const st = (items: PlatformUsageStatement['items'], gen: string): PlatformUsageStatement => ({ month: '2026-10', items, generatedAt: gen });
    expect(w.replaceMonth(st([line('2026-10-01', 5), line('2026-10-02', 7)], '2026-11-01T00:00:00Z'), 1)).toBe(2);
    expect(w.replaceMonth(st([line('2026-10-01', 5), line('2026-10-02', 7)], '2026-11-02T00:00:00Z'), 2)).toBe(0);
    expect(d.prepare('SELECT fetched_at FROM usage_statements').pluck().get()).toBe(1);
    expect(w.replaceMonth(st([line('2026-10-01', 6)], '2026-11-03T00:00:00Z'), 3)).toBe(2);
    expect(d.prepare('SELECT date, calls FROM usage_lines').all()).toEqual([{ date: '2026-10-01', calls: 6 }]);
    expect(() => w.replaceMonth(st([line('2026-09-30', 1)], '2026-11-03T00:00:00Z'), 4)).toThrow(/dated 2026-09-30/);
  });

  it('rewrites a bill only when its content changes', () => {
    const d = db();
    const w = billsWriter(d);
    const bill = (billable: number, gen: string): PlatformBill => ({
      month: '2026-11',
      status: 'open',
      billable,
      packageCovered: 0,
      charged: billable,
      tiers: [],
      amount: '0.00',
      generatedAt: gen,
    });
    expect(w.upsert(bill(10, '2026-11-15T00:00:00Z'), 1)).toBe(1);
    expect(w.upsert(bill(10, '2026-11-15T01:00:00Z'), 2)).toBe(0);
    expect(w.upsert(bill(11, '2026-11-15T02:00:00Z'), 3)).toBe(1);
  });

  it('replaces the packages snapshot', () => {
    const d = db();
    const w = packagesWriter(d);
    const pkg = (id: string, used: number) => ({
      packageId: id,
      kind: 'trial' as const,
      quota: 500,
      used,
      validFrom: '2026-09-01T00:00:00+08:00',
      validTo: '2026-12-01T00:00:00+08:00',
      status: 'active' as const,
    });
    expect(w.replaceAll({ subscribed: true, items: [pkg('p1', 1), pkg('p2', 2)] }, 1)).toBe(3);
    expect(w.replaceAll({ subscribed: true, items: [pkg('p1', 1), pkg('p2', 2)] }, 2)).toBe(0);
    expect(w.replaceAll({ subscribed: true, items: [pkg('p1', 5)] }, 3)).toBe(2);
  });

  it('keeps the newest version of an app and every version seen', () => {
    const d = db();
    const w = appsWriter(d, memorySecretStore());
    const app = (version: number, name: string) => ({
      id: 'a1',
      appId: null,
      appKey: null,
      name,
      platform: 'h5' as const,
      description: '',
      logo: null,
      packageName: null,
      packageSignature: null,
      bundleId: null,
      origins: [],
      ipWhitelist: [],
      encryption: 'RSA' as const,
      rsaPublicKey: null,
      capabilities: ['login' as const],
      status: 'pending' as const,
      rejectReason: null,
      createdAt: '2026-11-01T00:00:00+08:00',
      updatedAt: '2026-11-01T00:00:00+08:00',
      version,
    });
    expect(w.upsert([app(2, 'b')], 1)).toBe(1);
    expect(w.upsert([app(1, 'a')], 2)).toBe(0);
    expect(w.upsert([app(2, 'b')], 3)).toBe(0);
    expect(w.upsert([app(5, 'c')], 4)).toBe(1);
    expect(d.prepare('SELECT name, version FROM apps').get()).toEqual({ name: 'c', version: 5 });
    expect(d.prepare('SELECT version FROM app_versions ORDER BY 1').pluck().all()).toEqual([2, 5]);
  });
});

describe('sync state', () => {
  it('moves cursors forward only and writes nothing when they would not move', () => {
    const d = db();
    const s = syncStateRepo(d);
    d.transaction(() => s.advance('records', '100', 100))();
    d.transaction(() => s.advance('records', '90', 0))();
    expect(s.get('records')).toMatchObject({ cursor: '100', rows: 100 });
    const before = d.prepare('SELECT total_changes()').pluck().get() as number;
    s.advance('records', '100', 0);
    expect(d.prepare('SELECT total_changes()').pluck().get()).toBe(before);
    s.advance('usage', '2026-09', 3);
    s.advance('usage', '2026-10', 2);
    s.advance('usage', '2026-08', 0);
    expect(s.get('usage')).toMatchObject({ cursor: '2026-10', rows: 5 });
    s.failed('records', 5, { code: 'PLATFORM_ERROR', message: 'x' });
    expect(s.get('records')).toMatchObject({ lastAttemptAt: 5, lastSuccessAt: null, lastError: { code: 'PLATFORM_ERROR', message: 'x' } });
    s.succeeded('records', 6);
    expect(s.get('records')).toMatchObject({ lastAttemptAt: 6, lastSuccessAt: 6, lastError: null });
  });
});

describe('app keys', () => {
  it('recovers an appKey this process does not hold from the platform, without writing it in plain text', async () => {
    const { recoverAppKey, readAppKey } = await import('./app-keys');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'onetap-keys-'));
    const file = join(dir, 'w.db');
    const first = openTestWorkspaceDb(file);
    const app = {
      id: 'a1',
      appId: '300001',
      appKey: 'the-app-key',
      name: 'x',
      platform: 'h5' as const,
      description: '',
      logo: null,
      packageName: null,
      packageSignature: null,
      bundleId: null,
      origins: [],
      ipWhitelist: [],
      encryption: 'MD5' as const,
      rsaPublicKey: null,
      capabilities: ['login' as const],
      status: 'approved' as const,
      rejectReason: null,
      createdAt: '2026-11-01T00:00:00+08:00',
      updatedAt: '2026-11-01T00:00:00+08:00',
      version: 7,
    };
    appsWriter(first, memorySecretStore()).upsert([app], 1);
    first.close();
    // A new process: the database opened again, a fresh memory store that never saw the key.
    const d = openTestWorkspaceDb(file);
    const later = memorySecretStore();
    expect(readAppKey(d, later, 'a1')).toBeNull();
    const asked: number[] = [];
    const client = { listApps: async (after: number) => (asked.push(after), { items: after === 6 ? [app] : [], next: 7, hasMore: false }) };
    expect(await recoverAppKey(d, later, client, 'a1')).toBe('the-app-key');
    expect(asked).toEqual([6]);
    expect(readAppKey(d, later, 'a1')).toBe('the-app-key');
    expect(d.prepare('SELECT app_key_sealed FROM apps').pluck().get()).toBeNull();
    expect(await recoverAppKey(d, later, client, 'missing')).toBeNull();
    d.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
