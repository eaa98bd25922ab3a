/**
 * An in-memory PlatformClient for the sync engine's tests: a small deterministic account
 * (apps, activities, records with late arrivals, usage, bills, packages, pricing) and hooks to
 * break a given call, so a test can stop a run at an exact page.
 */
import { ApiError } from '../../../../../shared/contract/errors';
import { isBillable, type Role } from '../../../../../shared/platform/domain';
import type {
  PlatformActivity,
  PlatformApp,
  PlatformAuthRecord,
  PlatformBill,
  PlatformPackages,
  PlatformPricing,
  PlatformUsageStatement,
} from '../../../../../shared/platform/schemas';
import { addMonths, shanghaiDate, shanghaiMonth, toShanghaiIso } from '../../../../../shared/time/shanghai';
import type { Page, PlatformClient } from '../../platform/client-types';

export interface FakePlatform extends PlatformClient {
  apps: PlatformApp[];
  activitiesFeed: PlatformActivity[];
  records: PlatformAuthRecord[];
  role: Role;
  calls: string[];
  /** Called before each call; throw from it to fail that call. */
  before: (call: string, arg: unknown) => void;
  addRecords(n: number, atMs: number): void;
  touchApp(i: number, at: number): void;
}

const DAY = 86_400_000;

export function fakePlatform(opts: { now: number; records?: number; days?: number; role?: Role }): FakePlatform {
  const now = opts.now;
  let version = 0;
  const apps: PlatformApp[] = [];
  const activitiesFeed: PlatformActivity[] = [];
  const mkApp = (i: number, createdMs: number): PlatformApp => ({
    id: `app-${i}`,
    appId: `30000${i}`,
    appKey: `appkey-secret-${i}`,
    name: `应用 ${i}`,
    platform: i % 2 ? 'android' : 'h5',
    description: '',
    logo: null,
    packageName: i % 2 ? `com.example.a${i}` : null,
    packageSignature: null,
    bundleId: null,
    origins: [],
    ipWhitelist: [],
    encryption: 'MD5',
    rsaPublicKey: null,
    capabilities: ['login', 'verify'],
    status: 'approved',
    rejectReason: null,
    createdAt: toShanghaiIso(createdMs),
    updatedAt: toShanghaiIso(createdMs),
    version: ++version,
  });
  const days = opts.days ?? 70;
  for (let i = 1; i <= 3; i++) {
    const app = mkApp(i, now - (days + 2) * DAY + i * 1000);
    apps.push(app);
    activitiesFeed.push({ seq: activitiesFeed.length + 1, at: app.createdAt, kind: 'app.created', appId: app.appId, id: app.id, name: app.name, detail: '' });
  }
  const records: PlatformAuthRecord[] = [];
  const ops = ['CMCC', 'CUCC', 'CTCC'] as const;
  const addRecords = (n: number, atMs: number): void => {
    for (let k = 0; k < n; k++) {
      const seq = records.length + 1;
      const verify = seq % 3 === 0;
      const ok = seq % 7 !== 0;
      // Every 50th record arrives late: its time is days before its neighbours'.
      const t = atMs + k * 1000 - (seq % 50 === 0 ? 3 * DAY : 0);
      records.push({
        seq,
        recordId: `rec-${seq}`,
        id: `app-${(seq % 3) + 1}`,
        appId: `30000${(seq % 3) + 1}`,
        capability: verify ? 'verify' : 'login',
        operator: ops[seq % 3]!,
        requestTime: toShanghaiIso(t),
        resultCode: ok ? '200' : '10105',
        success: ok,
        outcome: verify ? (ok ? (seq % 2 ? 'match' : 'mismatch') : 'unknown') : null,
        carrierCode: ok ? '103000' : '103111',
        description: ok ? '成功' : '网关异常',
        maskedPhone: '138****0000',
        authType: null,
        clientIp: '10.0.0.1',
        traceId: `trace-${seq}`,
      });
    }
  };
  const total = opts.records ?? 2000;
  const span = days * DAY;
  for (let i = 0; i < total; i++) addRecords(1, now - span + Math.floor((i * span) / total));

  const fake: FakePlatform = {
    endpoint: 'fake://platform',
    accessKey: 'AK_FAKE',
    apps,
    activitiesFeed,
    records,
    role: opts.role ?? 'admin',
    calls: [],
    before: () => undefined,
    addRecords,
    touchApp(i, at) {
      const app = apps[i]!;
      const next = { ...app, name: `${app.name}*`, updatedAt: toShanghaiIso(at), version: ++version };
      apps[i] = next;
      activitiesFeed.push({
        seq: activitiesFeed.length + 1,
        at: next.updatedAt,
        kind: 'app.modified',
        appId: next.appId,
        id: next.id,
        name: next.name,
        detail: 'name',
      });
    },
    async whoami() {
      fake.calls.push('whoami');
      fake.before('whoami', null);
      return { accessKey: 'AK_FAKE', role: fake.role, serverTime: toShanghaiIso(now), account: 'acme' };
    },
    async listApps(after, limit) {
      fake.calls.push(`apps:${after}`);
      fake.before('apps', after);
      const items = [...apps]
        .sort((a, b) => a.version - b.version)
        .filter((a) => a.version > after)
        .slice(0, limit);
      const more = [...apps].filter((a) => a.version > after).length > items.length;
      return { items, next: items.at(-1)?.version ?? after, hasMore: more };
    },
    async activities(after, limit) {
      fake.calls.push(`activities:${after}`);
      fake.before('activities', after);
      return pageOf(activitiesFeed, after, limit);
    },
    async authRecords(after, limit) {
      fake.calls.push(`records:${after}`);
      fake.before('records', after);
      return pageOf(records, after, limit);
    },
    async usage(month): Promise<PlatformUsageStatement> {
      fake.calls.push(`usage:${month}`);
      fake.before('usage', month);
      const lines = new Map<string, PlatformUsageStatement['items'][number]>();
      for (const r of records) {
        const date = shanghaiDate(Date.parse(r.requestTime));
        if (!date.startsWith(month)) continue;
        const k = `${date}|${r.id}|${r.capability}|${r.operator}`;
        const l = lines.get(k) ?? { date, id: r.id, appId: r.appId, capability: r.capability, operator: r.operator, calls: 0, successes: 0, billable: 0 };
        l.calls++;
        if (r.success) l.successes++;
        if (isBillable(r.capability, r.success, r.outcome)) l.billable++;
        lines.set(k, l);
      }
      return { month, items: [...lines.values()], generatedAt: toShanghaiIso(Date.now()) };
    },
    async bill(month): Promise<PlatformBill> {
      fake.calls.push(`bills:${month}`);
      fake.before('bills', month);
      const billable = records.filter((r) => shanghaiMonth(Date.parse(r.requestTime)) === month && isBillable(r.capability, r.success, r.outcome)).length;
      const status = month < addMonths(shanghaiMonth(now), -1) ? 'final' : 'open';
      return { month, status, billable, packageCovered: 0, charged: billable, tiers: [], amount: '0.00', generatedAt: toShanghaiIso(Date.now()) };
    },
    async packages(): Promise<PlatformPackages> {
      fake.calls.push('packages');
      fake.before('packages', null);
      return {
        subscribed: true,
        items: [
          {
            packageId: 'pkg-trial',
            kind: 'trial',
            quota: 500,
            used: 500,
            validFrom: toShanghaiIso(now - 80 * DAY),
            validTo: toShanghaiIso(now + 10 * DAY),
            status: 'exhausted',
          },
        ],
      };
    },
    async pricing(): Promise<PlatformPricing> {
      fake.calls.push('pricing');
      fake.before('pricing', null);
      return {
        currency: 'CNY',
        tiers: [
          { from: 0, to: 10000, unitPrice: '0.026' },
          { from: 10000, to: null, unitPrice: '0.024' },
        ],
      };
    },
    createApp: () => Promise.reject(new ApiError('UNSUPPORTED', 'fake')),
    updateApp: () => Promise.reject(new ApiError('UNSUPPORTED', 'fake')),
    deleteApp: () => Promise.reject(new ApiError('UNSUPPORTED', 'fake')),
    reviewApp: () => Promise.reject(new ApiError('UNSUPPORTED', 'fake')),
  };
  return fake;
}

function pageOf<T extends { seq: number }>(feed: readonly T[], after: number, limit: number): Page<T> {
  const items = feed.filter((x) => x.seq > after).slice(0, limit);
  const last = items.at(-1)?.seq ?? after;
  return { items, next: last, hasMore: feed.some((x) => x.seq > last) };
}
