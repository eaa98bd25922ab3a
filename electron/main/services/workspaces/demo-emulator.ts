/**
 * The product's one entry into the emulator (lint-enforced): the demo workspace's emulator and
 * its keys. Starts the demo workspace's emulator in this process. No live traffic (rate 0): the feed is
 * then a pure function of (seed, start) and the clock, so each launch's feed extends the last
 * one's and the demo database only ever catches up — the history grows to "now" at start-up.
 */
import { startEmulator } from '../../../../emulator/index';
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
    const days = Math.round((startOfShanghaiDay(shanghaiDate(now())) - startOfShanghaiDay(start)) / 86_400_000) + 1;
    const emu = await startEmulator({
      seed,
      start,
      days: Math.max(1, Math.min(MAX_DAYS, days)),
      daily: size.daily,
      apps: size.apps,
      rate: 0,
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
