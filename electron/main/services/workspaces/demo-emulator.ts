/**
 * The product's one entry into the emulator (lint-enforced): the demo workspace's emulator and
 * its keys. Starts the demo workspace's emulator in this process. Its live traffic is the
 * history going on with the clock ('diurnal': DEMO_DAILY a day along the day's curve, so a few
 * records a minute), which keeps the feed a pure function of (seed, start) and the clock: each
 * launch's feed extends the last one's, the demo database only ever catches up, and while the
 * console runs the background sync (every DEMO_SYNC_INTERVAL_MINUTES) brings the new records in.
 */
import { emulatorKeys } from '../../../../emulator/keys';
import { shanghaiDate, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { DemoStarter } from './demo';

/** Records per day of the demo history: a populated console that syncs in seconds. */
export const DEMO_DAILY = 4000;
export const DEMO_APPS = 6;
const MAX_DAYS = 3660;

/** A demo starter with the given size (tests use small ones). */
export function demoStarter(size: { daily: number; apps: number }): DemoStarter {
  return async ({ seed, start, now }) => {
    // Loaded when the demo starts: a session on a workspace file (most CLI commands) never needs it.
    const { startEmulator } = await import('../../../../emulator/index');
    const days = Math.round((startOfShanghaiDay(shanghaiDate(now())) - startOfShanghaiDay(start)) / 86_400_000) + 1;
    const emu = await startEmulator({
      seed,
      start,
      days: Math.max(1, Math.min(MAX_DAYS, days)),
      daily: size.daily,
      apps: size.apps,
      rate: 'diurnal',
      host: '127.0.0.1',
      port: 0,
      now,
    });
    const admin = emu.key('admin');
    const reviewer = emu.key('reviewer');
    const face = emu.aliyun;
    const aliyunAdmin = face?.keys.find((k) => k.role === 'admin');
    return {
      url: emu.url,
      accessKey: admin.accessKey,
      secretKey: admin.secretKey,
      reviewer: { accessKey: reviewer.accessKey, secretKey: reviewer.secretKey },
      ...(face && aliyunAdmin
        ? {
            aliyun: {
              endpoint: face.endpoint,
              accessKeyId: aliyunAdmin.accessKeyId,
              accessKeySecret: aliyunAdmin.accessKeySecret,
              schemes: face.schemes().map((s) => ({ code: s.code, name: s.name, appName: s.appName, osType: s.osType })),
            },
          }
        : {}),
      close: () => emu.close(),
    };
  };
}

export const startDemoEmulator: DemoStarter = demoStarter({ daily: DEMO_DAILY, apps: DEMO_APPS });

/** The key pairs of the demo emulator of `seed` (demo credentials for a local emulator, not secrets). */
export function demoKeys(seed: number): readonly { accessKey: string; secretKey: string; role: string }[] {
  return emulatorKeys(seed);
}
