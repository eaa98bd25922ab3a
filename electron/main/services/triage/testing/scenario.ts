/**
 * Workspaces with a story for the triage tests: an app whose whitelist (or capabilities) an admin
 * edited, then failures of one code surging an hour later, over a week of ordinary failures.
 * Everything goes in through the writers sync uses, so rollups and history are the real ones.
 */
import type { Capability, Operator } from '../../../../../shared/platform/domain';
import type { PlatformActivity, PlatformApp, PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';
import { mulberry32 } from '../../../../../shared/random/mulberry32';
import { memorySecretStore } from '../../core/secrets';
import type { Db } from '../../db/open';
import { activitiesWriter } from '../../store/activities-repo';
import { appsWriter } from '../../store/apps-repo';
import { authRecordsWriter } from '../../store/auth-records-repo';

export const HOUR = 3_600_000;
/** The hour the surge starts: 2026-11-14 10:00 Shanghai. */
export const SURGE_START = Date.parse('2026-11-14T02:00:00Z');
/** "Now": a day after the surge began. */
export const SCENARIO_NOW = SURGE_START + 26 * HOUR;

export function scenarioApp(over: Partial<PlatformApp> = {}): PlatformApp {
  const created = toShanghaiIso(SURGE_START - 30 * 24 * HOUR);
  return {
    id: 'app-shop',
    appId: '300011112222',
    appKey: null,
    name: '商城 Shop',
    platform: 'android',
    description: '',
    logo: null,
    packageName: 'com.example.shop',
    packageSignature: '0123456789abcdef0123456789abcdef',
    bundleId: null,
    origins: [],
    ipWhitelist: ['203.0.113.10', '198.51.100.0/24'],
    encryption: 'MD5',
    rsaPublicKey: null,
    capabilities: ['login', 'verify'],
    status: 'approved',
    rejectReason: null,
    createdAt: created,
    updatedAt: created,
    version: 1,
    ...over,
  };
}

export interface ScenarioRecord {
  at: number;
  app?: string;
  operator?: Operator;
  capability?: Capability;
  resultCode: string;
  carrierCode?: string | null;
}

export function writeApps(db: Db, versions: readonly PlatformApp[]): void {
  const w = appsWriter(db, memorySecretStore());
  for (const v of versions) db.transaction(() => w.upsert([v], Date.parse(v.updatedAt) + 60_000))();
}

export function writeActivities(db: Db, items: readonly PlatformActivity[]): void {
  db.transaction(() => activitiesWriter(db).insert(items))();
}

export function writeRecords(db: Db, items: readonly ScenarioRecord[]): PlatformAuthRecord[] {
  const out: PlatformAuthRecord[] = items.map((r, i) => ({
    seq: i + 1,
    recordId: `rec-${i}`,
    id: r.app ?? 'app-shop',
    appId: r.app === undefined || r.app === 'app-shop' ? '300011112222' : `${r.app}-appid`,
    capability: r.capability ?? 'login',
    operator: r.operator ?? 'CMCC',
    requestTime: toShanghaiIso(r.at),
    resultCode: r.resultCode,
    success: r.resultCode === '200',
    outcome: null,
    carrierCode: r.carrierCode ?? null,
    description: r.resultCode === '200' ? '成功' : '失败',
    maskedPhone: '138****0000',
    authType: '1',
    clientIp: '10.0.0.1',
    traceId: `trace-${i}`,
  }));
  db.transaction(() => authRecordsWriter(db).insert(out))();
  return out;
}

/**
 * A week of background: successes and ordinary 取号失败 (10500) every hour, and a stray 10105/103511
 * now and then; then, from SURGE_START, `perHour` failures of `code` each hour for `hours` hours.
 */
export function surgeRecords(code: { resultCode: string; carrierCode?: string | null }, perHour: number, hours: number, seed = 7): ScenarioRecord[] {
  const rnd = mulberry32(seed);
  const out: ScenarioRecord[] = [];
  for (let at = SURGE_START - 6 * 24 * HOUR; at < SCENARIO_NOW; at += HOUR) {
    const n = 3 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) out.push({ at: at + Math.floor(rnd() * HOUR), resultCode: '200' });
    out.push({ at: at + Math.floor(rnd() * HOUR), resultCode: '10500', carrierCode: '200027' });
    if (rnd() < 0.1) out.push({ at: at + Math.floor(rnd() * HOUR), ...code });
  }
  for (let h = 0; h < hours; h++) {
    for (let i = 0; i < perHour; i++) out.push({ at: SURGE_START + h * HOUR + Math.floor(rnd() * HOUR), ...code });
  }
  return out.sort((a, b) => a.at - b.at);
}
