/**
 * A small, deterministic workspace for the records, statistics and dashboard tests: a few apps
 * (one deleted, one never synced), three operators, both capabilities, failures with platform
 * and carrier codes (one carrier code equal to another failure's platform code), records exactly
 * on Shanghai midnights, ties on request time, and seq out of time order (late arrivals).
 * Records go in through the ingest writer, so the rollups are the ones sync keeps.
 */
import { type Capability, type Operator, type VerifyOutcome } from '../../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import { addDays, startOfShanghaiDay, toShanghaiIso, shanghaiDate } from '../../../../../shared/time/shanghai';
import { quickRange } from '../../../../../shared/contract/records';
import type { Db } from '../../db/open';
import { authRecordsWriter } from '../../store/auth-records-repo';
import { mulberry32 } from '../../../../../shared/random/mulberry32';

/** "Now" of the fixture: 2026-11-15 12:00 in Shanghai (the test context's default clock). */
export const FIXTURE_NOW = Date.parse('2026-11-15T04:00:00Z');
export const FIXTURE_TODAY = '2026-11-15';
/** The fixture spans the 45 days up to and including today. */
export const FIXTURE_FIRST_DAY = addDays(FIXTURE_TODAY, -44);

export interface FixtureApp {
  id: string;
  appId: string | null;
  name: string;
  status: 'pending' | 'approved' | 'deleted';
  platform: 'android' | 'ios' | 'h5';
}

export const fixtureApps: readonly FixtureApp[] = [
  { id: 'app-alpha', appId: 'A1000001', name: 'Alpha 登录', status: 'approved', platform: 'android' },
  { id: 'app-beta', appId: 'B2000002', name: 'Beta 支付', status: 'approved', platform: 'ios' },
  { id: 'app-gamma', appId: null, name: 'Gamma Demo', status: 'pending', platform: 'h5' },
  { id: 'app-delta', appId: 'D4000004', name: 'Delta 旧版', status: 'deleted', platform: 'android' },
];
/** Records of this app exist but the app itself was never synced. */
export const UNSYNCED_APP = { id: 'app-ghost', appId: 'G9000009' };

/** Failure codes per operator: [platform resultCode, carrierCode|null, description]. */
const failureCodes: Record<Operator, readonly (readonly [string, string | null, string])[]> = {
  CMCC: [
    ['10500', '103111', '取号失败'],
    ['10500', '200020', '取号失败'],
    ['10105', null, 'Token 校验失败'],
  ],
  CUCC: [
    ['10500', '1', '取号失败'],
    ['10500', '10105', '取号失败'],
    ['10303', null, '该应用一键登录能力资源包用尽!'],
  ],
  CTCC: [
    ['10500', '-20101', '取号失败'],
    ['10105', null, 'Token 校验失败'],
  ],
};

// mulberry32: tiny, seedable, the same sequence on every machine.

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

export function fixtureRecords(count = 3000, seed = 20261115): PlatformAuthRecord[] {
  const r = mulberry32(seed);
  const appsForRecords = [...fixtureApps.map((a) => ({ id: a.id, appId: a.appId ?? `${a.id}-unissued` })), UNSYNCED_APP];
  const weights = [0.45, 0.3, 0.1, 0.1, 0.05];
  const start = startOfShanghaiDay(FIXTURE_FIRST_DAY);
  // Up to now, so "today" is partial like a real day.
  const span = FIXTURE_NOW - start;
  const out: Omit<PlatformAuthRecord, 'seq'>[] = [];
  // Every quick range's first midnight, and the millisecond before it, holds records.
  const edges = (['last3days', 'lastWeek', 'lastMonth'] as const).flatMap((k) => {
    const from = startOfShanghaiDay(quickRange(k, FIXTURE_NOW).from);
    return [from, from, from - 1, from - 1];
  });
  for (let i = 0; i < count; i++) {
    let ms: number;
    const shape = r();
    if (i < edges.length) ms = edges[i]!;
    else if (shape < 0.04) {
      // Exactly a Shanghai midnight: the edge of every day range.
      ms = startOfShanghaiDay(addDays(FIXTURE_FIRST_DAY, Math.floor(r() * 45)));
    } else if (shape < 0.07) {
      // The last millisecond of a day.
      ms = startOfShanghaiDay(addDays(FIXTURE_FIRST_DAY, 1 + Math.floor(r() * 44))) - 1;
    } else if (shape < 0.1 && out.length > 0) {
      // The same instant as an earlier record: ties are broken by seq.
      ms = Date.parse(out[Math.floor(r() * out.length)]!.requestTime);
    } else ms = start + Math.floor(r() * span);
    let u = r();
    let appIdx = 0;
    while (appIdx < weights.length - 1 && u >= weights[appIdx]!) u -= weights[appIdx++]!;
    const app = appsForRecords[appIdx]!;
    const operator: Operator = pick(r, ['CMCC', 'CMCC', 'CMCC', 'CUCC', 'CTCC'] as const);
    const capability: Capability = r() < 0.7 ? 'login' : 'verify';
    const fail = r() < 0.2;
    let resultCode = '200';
    let carrierCode: string | null = null;
    let description = '成功';
    let outcome: VerifyOutcome | null = null;
    if (fail) {
      const [rc, cc, d] = pick(r, failureCodes[operator]);
      resultCode = rc;
      carrierCode = cc;
      description = d;
      if (capability === 'verify') outcome = r() < 0.5 ? 'unknown' : null;
    } else if (capability === 'verify') outcome = r() < 0.8 ? 'match' : 'mismatch';
    const phone = `1${String(3 + Math.floor(r() * 6))}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
    out.push({
      recordId: `rec-${String(i).padStart(6, '0')}`,
      id: app.id,
      appId: app.appId,
      capability,
      operator,
      requestTime: toShanghaiIso(ms),
      resultCode,
      success: !fail,
      outcome,
      carrierCode,
      description,
      maskedPhone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      authType: capability === 'login' ? '1' : null,
      clientIp: `10.0.${i % 250}.${(i * 7) % 250}`,
      traceId: `trace-${i}`,
    });
  }
  // seq is ingest order, not time order: shuffle so late arrivals exist.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.map((rec, i) => ({ seq: i + 1, ...rec }));
}

export function insertFixtureApps(db: Db, apps: readonly FixtureApp[] = fixtureApps): void {
  const ins = db.prepare(`INSERT INTO apps (id, app_id, name, platform, status, version, created_at, updated_at, data, app_key_sealed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  apps.forEach((a, i) => {
    const at = FIXTURE_NOW - (40 - i) * 86400_000;
    const data = {
      id: a.id,
      appId: a.appId,
      appKey: null,
      name: a.name,
      platform: a.platform,
      description: '',
      logo: null,
      packageName: a.platform === 'android' ? `com.example.${a.id.replace(/[^a-z0-9]/gi, '')}` : null,
      packageSignature: a.platform === 'android' ? '0123456789abcdef0123456789abcdef' : null,
      bundleId: a.platform === 'ios' ? `com.example.${a.id.replace(/[^a-z0-9]/gi, '')}` : null,
      origins: [],
      ipWhitelist: ['203.0.113.10'],
      encryption: 'MD5',
      rsaPublicKey: null,
      capabilities: ['login', 'verify'],
      status: a.status,
      rejectReason: null,
      createdAt: new Date(at).toISOString(),
      updatedAt: new Date(at).toISOString(),
      version: i + 1,
    };
    ins.run(a.id, a.appId, a.name, a.platform, a.status, i + 1, at, at, JSON.stringify(data));
  });
}

/** Loads apps and records (through the ingest writer, in pages of 500 like sync). */
export function loadFixture(db: Db, records: readonly PlatformAuthRecord[] = fixtureRecords()): PlatformAuthRecord[] {
  insertFixtureApps(db);
  const writer = authRecordsWriter(db);
  for (let i = 0; i < records.length; i += 500) db.transaction(() => writer.insert(records.slice(i, i + 500)))();
  return [...records];
}

/** Everything the dashboard shows besides records: activities, packages, bills, sync state. */
export function loadDashboardExtras(db: Db): void {
  const act = db.prepare(`INSERT INTO activities (seq, at, kind, app_id, id, name, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const kinds = ['app.created', 'app.modified', 'app.reviewed', 'app.deleted'] as const;
  for (let i = 1; i <= 14; i++) {
    const app = fixtureApps[i % fixtureApps.length]!;
    act.run(i, FIXTURE_NOW - (15 - i) * 3600_000, kinds[i % kinds.length]!, app.appId, app.id, app.name, `change ${i}`);
  }
  db.prepare(`INSERT INTO packages (package_id, kind, quota, used, valid_from, valid_to, status, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    'pkg-trial',
    'trial',
    500,
    320,
    startOfShanghaiDay('2026-09-01'),
    startOfShanghaiDay('2026-12-01'),
    'active',
    FIXTURE_NOW,
  );
  const bill = db.prepare(`INSERT INTO bills (month, status, data, generated_at, fetched_at) VALUES (?, ?, ?, ?, ?)`);
  bill.run(
    '2026-10',
    'final',
    JSON.stringify({ month: '2026-10', status: 'final', billable: 1200, packageCovered: 180, charged: 1020, tiers: [], amount: '26.52' }),
    FIXTURE_NOW,
    FIXTURE_NOW,
  );
  bill.run(
    '2026-11',
    'open',
    JSON.stringify({ month: '2026-11', status: 'open', billable: 800, packageCovered: 140, charged: 660, tiers: [], amount: '17.16' }),
    FIXTURE_NOW,
    FIXTURE_NOW,
  );
  const sync = db.prepare(`INSERT INTO sync_state (resource, cursor, rows, last_attempt_at, last_success_at, last_error) VALUES (?, ?, ?, ?, ?, ?)`);
  sync.run('records', '3000', 3000, FIXTURE_NOW - 60_000, FIXTURE_NOW - 60_000, null);
  sync.run('apps', '4', 4, FIXTURE_NOW - 120_000, FIXTURE_NOW - 120_000, null);
}

/** Shanghai date of a record, for expectations. */
export function recordDate(r: PlatformAuthRecord): string {
  return shanghaiDate(Date.parse(r.requestTime));
}
