/**
 * The platform emulator: platform-api.md served over HTTP from a deterministic, seeded
 * platform. Used in-process by the console's demo workspace and by tests, and by
 * `onetap emulator` from the command line. See emulator/API.md.
 *
 *   const emu = await startEmulator({ seed: 7, days: 10, daily: 500 });
 *   emu.url; emu.key('admin'); … await emu.close();
 */
import type { Role } from '../shared/platform/domain';
import type { DriftReportLine } from './billing/ledger';
import { parseFaultSpec } from './faults/spec';
import type { EmulatorKey } from './keys';
import { resolveOptions, type EmulatorOptions } from './options';
import { EmulatedPlatform } from './platform';
import { startHttp } from './server/http';
import { startAliyunFace, type AliyunFace } from './aliyun/server';
import type { AliyunKey } from './aliyun/keys';

export type { EmulatorOptions } from './options';
export { EmulatorOptionsError, DEFAULTS as EMULATOR_DEFAULTS, LIMITS as EMULATOR_LIMITS, parseRate } from './options';
export type { EmulatorKey } from './keys';
export type { DriftReportLine } from './billing/ledger';
export type { AliyunFace } from './aliyun/server';
export type { AliyunKey } from './aliyun/keys';
export { manualClock, type ManualClock } from './clock';
export { FaultSpecError, parseFaultSpec, faultKinds, type FaultKind, type FaultSpec } from './faults/spec';

export interface StartedEmulator {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  /** One key per role (admin, finance, auditor, reviewer), derived from the seed. */
  keys: EmulatorKey[];
  key(role: Role): EmulatorKey;
  seed: number;
  /** The generated history: first day, number of days, number of records (seq 1…records). */
  history: { start: string; days: number; records: number };
  /** The emulator's clock (the injected one, or Date.now). */
  now(): number;
  /** The highest seq in the feed right now (live traffic caught up to the clock first). */
  head(): number;
  /** Replaces the fault specification at run time (same syntax as --faults; '' for none). */
  setFaults(spec: string): void;
  /** The usage-statement lines --drift made wrong, with what the records say. */
  drift(): DriftReportLine[];
  /** The Alibaba Cloud face (dypns 2017-05-25) on its own port, null when turned off. */
  aliyun: AliyunFace | null;
  /** The line `onetap emulator` prints when ready. */
  readyLine(): { event: 'ready'; url: string; keys: EmulatorKey[]; aliyun?: { endpoint: string; keys: AliyunKey[] } };
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<StartedEmulator> {
  const config = resolveOptions(options);
  const platform = new EmulatedPlatform(config);
  const http = await startHttp(platform, config.host, config.port);
  let aliyun: AliyunFace | null = null;
  if (config.aliyun) {
    try {
      aliyun = await startAliyunFace({
        seed: config.seed,
        start: config.start,
        drift: config.drift,
        now: config.now,
        host: config.host,
        port: 0,
        ...config.aliyun,
      });
    } catch (e) {
      await http.close();
      throw e;
    }
  }
  // Live traffic also appears while nobody asks (a console polling only usage still sees it grow).
  const timer = config.rate === 'diurnal' || config.rate > 0 ? setInterval(() => platform.catchUp(), 250) : null;
  timer?.unref();
  const keys = platform.keys.map((k) => ({ ...k }));
  let closed = false;
  return {
    url: http.url,
    port: http.port,
    keys,
    key: (role) => ({ ...keys.find((k) => k.role === role)! }),
    seed: config.seed,
    history: { start: config.start, days: config.days, records: platform.plan.total },
    now: () => platform.now(),
    head: () => {
      platform.catchUp();
      return platform.feed.head();
    },
    setFaults: (spec) => platform.faults.set(parseFaultSpec(spec, { slowMs: platform.faults.current.slowMs, hangMs: platform.faults.current.hangMs })),
    drift: () => platform.ledger.driftReport(),
    aliyun,
    readyLine: () => ({ event: 'ready', url: http.url, keys: keys.map((k) => ({ ...k })), ...(aliyun ? { aliyun: aliyun.readyInfo() } : {}) }),
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await Promise.all([http.close(), aliyun?.close()]);
    },
  };
}
