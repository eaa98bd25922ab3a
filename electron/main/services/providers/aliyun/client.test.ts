/**
 * The official SDK (through the console's client) against the emulator's Alibaba face: every
 * action used, and the gateway's refusals as a person sees them.
 */
import { RuntimeOptions } from '@darabonba/typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../../../emulator/index';
import { dayCounts, type Scheme } from '../../../../../emulator/aliyun/traffic';
import { addDays, shanghaiDate } from '../../../../../shared/time/shanghai';
import { billingAuthType, capabilityOfBillingType, capabilityOfStatisticType, statisticAuthType } from './authentication-type';
import { AliyunDypnsClient, type AliyunConnection } from './client';
import { Dypns } from './sdk-module';
import { rejection } from '../../testing/rejection';

let emu: StartedEmulator;
const SEED = 151;
const START_DAYS = 40;

function conn(role: 'admin' | 'finance' | 'readonly', patch: Partial<AliyunConnection> = {}): AliyunConnection {
  const k = emu.aliyun!.keys.find((x) => x.role === role)!;
  return { endpoint: emu.aliyun!.endpoint, protocol: 'http', accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret, ...patch };
}
const client = (role: 'admin' | 'finance' | 'readonly', patch: Partial<AliyunConnection> = {}) =>
  new AliyunDypnsClient(conn(role, patch), { retry: { attempts: 1 } });

beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, days: START_DAYS, daily: 10, apps: 1, aliyunSchemes: 3, aliyunDaily: 400 });
});
afterAll(() => emu.close());

describe('AuthenticationType mapping', () => {
  it('statistics: login 1, verify 2, and back', () => {
    expect(statisticAuthType('login')).toBe(1);
    expect(statisticAuthType('verify')).toBe(2);
    expect(capabilityOfStatisticType(1)).toBe('login');
    expect(capabilityOfStatisticType(2)).toBe('verify');
    expect(() => capabilityOfStatisticType(0)).toThrow(RangeError);
  });
  it('billing: verify 0, login 1, all 2, and back', () => {
    expect([billingAuthType('verify'), billingAuthType('login'), billingAuthType('all')]).toEqual([0, 1, 2]);
    expect([0, 1, 2].map(capabilityOfBillingType)).toEqual(['verify', 'login', 'all']);
    expect(() => capabilityOfBillingType(3)).toThrow(RangeError);
  });
});

describe('official SDK against the emulator', () => {
  it('QueryGateVerifyStatisticPublic: per scheme and per account, each capability', async () => {
    const c = client('admin');
    const schemes = emu.aliyun!.schemes();
    const today = shanghaiDate(Date.now());
    const from = addDays(today, -9);
    for (const capability of ['login', 'verify'] as const) {
      const account = await c.dailyStatistics({ capability, startDate: from, endDate: today });
      expect(account.map((d) => d.date)).toEqual(Array.from({ length: 10 }, (_, i) => addDays(from, i)));
      const perScheme = await Promise.all(schemes.map((s) => c.dailyStatistics({ capability, startDate: from, endDate: today, sceneCode: s.code })));
      // The account's day is the sum of its schemes' days, and each is the emulator's own traffic.
      account.forEach((day, i) => {
        expect(day.success).toBe(perScheme.reduce((s, p) => s + p[i]!.success, 0));
        expect(day.fail + day.unknown).toBe(perScheme.reduce((s, p) => s + p[i]!.fail + p[i]!.unknown, 0));
      });
      const s0 = schemes[0] as Scheme;
      const yesterday = perScheme[0]![8]!;
      const cfg = { seed: SEED, start: emu.history.start, daily: 400, now: () => Date.now() };
      const truth = dayCounts(cfg, s0, yesterday.date, capability === 'login' ? 1 : 2);
      expect(yesterday).toEqual({ date: yesterday.date, success: truth.success, fail: truth.fail, unknown: truth.unknown });
      expect(yesterday.success).toBeGreaterThan(0);
    }
  });

  it('QueryGateVerifyBillingPublic: 0 verify, 1 login, 2 both; amounts = Add × SinglePrice', async () => {
    const c = client('finance');
    const month = shanghaiDate(Date.now()).slice(0, 7);
    const [verify, login, all] = await Promise.all([c.billing(month, 'verify'), c.billing(month, 'login'), c.billing(month, 'all')]);
    expect(verify.lines.every((l) => l.capability === 'verify')).toBe(true);
    expect(login.lines.every((l) => l.capability === 'login')).toBe(true);
    expect(all.lines.length).toBe(verify.lines.length + login.lines.length);
    expect(all.lines.length).toBeGreaterThan(0);
    for (const l of all.lines) {
      const mills = l.add * Math.round(Number(l.singlePrice) * 1000);
      expect(l.amount).toBe((Math.floor((mills + 5) / 10) / 100).toFixed(2));
    }
  });

  it('CreateVerifyScheme, DescribeVerifyScheme, DeleteVerifyScheme', async () => {
    const c = client('admin');
    const code = await c.createScheme({
      schemeName: '测试方案',
      appName: '测试应用',
      osType: 'Android',
      packName: 'com.example.demo',
      packSign: 'a'.repeat(32),
    });
    expect(code).toMatch(/^FC\d+$/);
    const d = await c.describeScheme(code);
    expect(d.appEncryptInfo).toBeTruthy();
    expect(await c.deleteScheme(code)).toBe(true);
    expect((await rejection(c.describeScheme(code))).code).toBe('NOT_FOUND');
  });

  it('a wrong secret is SignatureDoesNotMatch, an unknown key is named', async () => {
    const wrong = await rejection(
      client('admin', { accessKeySecret: 'not-the-secret' }).dailyStatistics({ capability: 'login', startDate: '2026-01-01', endDate: '2026-01-01' }),
    );
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(wrong.detail?.providerCode).toBe('SignatureDoesNotMatch');
    expect(wrong.fields).toEqual({ secretKey: 'mismatch' });
    const unknown = await rejection(client('admin', { accessKeyId: 'LTAI5tNOBODY' }).billing('2026-01', 'all'));
    expect(unknown.code).toBe('UNAUTHORIZED');
    expect(unknown.detail?.providerCode).toBe('InvalidAccessKeyId.NotFound');
    expect(unknown.message).toContain('LTAI5tNOBODY');
  });

  it('a stale x-acs-date and a reused nonce are refused (signed by the SDK itself)', async () => {
    const k = conn('admin');
    const sdk = new Dypns.Client(new Dypns.Config({ accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret, endpoint: k.endpoint, protocol: 'http' }));
    const req = () => new Dypns.models.QueryGateVerifyBillingPublicRequest({ month: '202601', authenticationType: 2 });
    const stale = new Date(Date.now() - 16 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await expect(
      sdk.queryGateVerifyBillingPublicWithOptions(req(), new RuntimeOptions({ extendsParameters: { headers: { 'x-acs-date': stale } } })),
    ).rejects.toMatchObject({
      code: 'InvalidTimeStamp.Expired',
      statusCode: 400,
    });
    const nonce = `n-${Date.now()}`;
    const fixed = () => new RuntimeOptions({ extendsParameters: { headers: { 'x-acs-signature-nonce': nonce } } });
    const first = await sdk.queryGateVerifyBillingPublicWithOptions(req(), fixed());
    expect(first.body?.code).toBe('OK');
    await expect(sdk.queryGateVerifyBillingPublicWithOptions(req(), fixed())).rejects.toMatchObject({ code: 'SignatureNonceUsed' });
  });

  it('a key without the permission gets the action named', async () => {
    const noCreate = await rejection(client('finance').createScheme({ schemeName: 'x', appName: 'y', osType: 'iOS', bundleId: 'com.example.x' }));
    expect(noCreate.code).toBe('FORBIDDEN');
    expect(noCreate.detail?.missingPermission).toBe('dypns:CreateVerifyScheme');
    const noBilling = await rejection(client('readonly').billing('2026-01', 'all'));
    expect(noBilling.message).toContain('dypns:QueryGateVerifyBillingPublic');
  });

  it('throttling: backs off, then succeeds', async () => {
    const retries: string[] = [];
    const c = new AliyunDypnsClient(conn('admin'), { retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 50 }, onRetry: (i) => retries.push(i.reason) });
    emu.aliyun!.throttleNext(2);
    const before = emu.aliyun!.calls()['QueryGateVerifyBillingPublic:refused'] ?? 0;
    const r = await c.billing('2026-01', 'all');
    expect(r.lines).toBeDefined();
    expect(retries).toEqual(['throttled', 'throttled']);
    expect((emu.aliyun!.calls()['QueryGateVerifyBillingPublic:refused'] ?? 0) - before).toBe(2);
    // Without tries left, the person is told it is throttling and the documented limit.
    emu.aliyun!.throttleNext(1);
    const e = await rejection(client('admin').billing('2026-01', 'all'));
    expect(e.message).toMatch(/throttling.*500 requests per second/);
  });
});

describe('the emulator ready line', () => {
  it('gains aliyun { endpoint, keys: [{ role, accessKeyId, accessKeySecret, actions }] }', () => {
    const line = emu.readyLine();
    expect(Object.keys(line.aliyun!)).toEqual(['endpoint', 'keys']);
    expect(line.aliyun!.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    const admin = line.aliyun!.keys.find((k) => k.role === 'admin')!;
    expect(Object.keys(admin)).toEqual(['role', 'accessKeyId', 'accessKeySecret', 'actions']);
    expect(admin.actions).toHaveLength(5);
    expect(line.aliyun!.keys.some((k) => k.actions.length < 5)).toBe(true);
  });
});
