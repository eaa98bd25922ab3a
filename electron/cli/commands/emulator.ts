import type { Command } from 'commander';
import { isDate } from '../../../shared/time/shanghai';
import type { EmulatorOptions } from '../../../emulator';
import { DEFAULTS as EMULATOR_DEFAULTS, EmulatorOptionsError, LIMITS as EMULATOR_LIMITS, parseRate } from '../../../emulator/option-limits';
import { intFlag, UsageError } from '../output';

interface EmulatorFlags {
  port: string;
  host: string;
  seed?: string;
  start?: string;
  days?: string;
  daily?: string;
  apps?: string;
  rate?: string;
  faults?: string;
  drift?: string;
  incident?: string[];
  volumeDrop?: string[];
  packageLeft?: string;
  aliyun?: boolean;
  aliyunSchemes?: string;
  aliyunDaily?: string;
  aliyunQps?: string;
  pageCacheMb?: string;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Flags → startEmulator options; every problem is a usage error (exit 2). */
export function emulatorOptionsFromFlags(o: EmulatorFlags): EmulatorOptions {
  if (o.start !== undefined && !isDate(o.start)) throw new UsageError(`--start must be a date YYYY-MM-DD, got ${JSON.stringify(o.start)}`);
  if (o.host.trim() === '') throw new UsageError('--host must not be empty');
  const opts: EmulatorOptions = { port: intFlag('--port', o.port, { max: 65535 })!, host: o.host };
  const put = (name: 'seed' | 'days' | 'daily' | 'apps' | 'drift', flag: string | undefined) => {
    const v = intFlag(`--${name}`, flag, EMULATOR_LIMITS[name]);
    if (v !== undefined) opts[name] = v;
  };
  put('seed', o.seed);
  put('days', o.days);
  put('daily', o.daily);
  put('apps', o.apps);
  if (o.rate !== undefined) {
    try {
      opts.rate = parseRate(o.rate);
    } catch (e) {
      if (e instanceof EmulatorOptionsError) throw new UsageError(`--rate: ${e.message}`);
      throw e;
    }
    if (opts.rate !== 'diurnal' && opts.rate > EMULATOR_LIMITS.rate.max) throw new UsageError(`--rate must be at most ${EMULATOR_LIMITS.rate.max} a second`);
  }
  put('drift', o.drift);
  const putAliyun = (name: 'aliyunSchemes' | 'aliyunDaily' | 'aliyunQps', flag: string | undefined, label: string) => {
    const v = intFlag(label, flag, EMULATOR_LIMITS[name]);
    if (v !== undefined) opts[name] = v;
  };
  putAliyun('aliyunSchemes', o.aliyunSchemes, '--aliyun-schemes');
  putAliyun('aliyunDaily', o.aliyunDaily, '--aliyun-daily');
  putAliyun('aliyunQps', o.aliyunQps, '--aliyun-qps');
  const cacheMb = intFlag('--page-cache-mb', o.pageCacheMb, EMULATOR_LIMITS.pageCacheMb);
  if (cacheMb !== undefined) opts.pageCacheMb = cacheMb;
  if (o.aliyun === false) opts.aliyun = false;
  if (o.start !== undefined) opts.start = o.start;
  if (o.faults !== undefined) opts.faults = o.faults;
  if (o.incident?.length) opts.incidents = o.incident;
  if (o.volumeDrop?.length) opts.volumeDrops = o.volumeDrop;
  const left = intFlag('--package-left', o.packageLeft, { max: 100 });
  if (left !== undefined) opts.packageLeft = left;
  return opts;
}

// `onetap emulator`: the platform emulator as a process. Prints one JSON ready line, runs until SIGINT/SIGTERM.
export function register(program: Command): void {
  program
    .command('emulator')
    .description('run the platform emulator (management API, gateway, sandbox) — see emulator/API.md')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--seed <n>', `seed of the generated platform (default ${EMULATOR_DEFAULTS.seed})`)
    .option('--start <date>', 'first day of history, YYYY-MM-DD (default: --days days ending today, Asia/Shanghai)')
    .option('--days <n>', `days of history (default ${EMULATOR_DEFAULTS.days})`)
    .option('--daily <n>', `about this many records a day (default ${EMULATOR_DEFAULTS.daily})`)
    .option('--apps <n>', `apps carrying traffic (default ${EMULATOR_DEFAULTS.apps})`)
    .option(
      '--rate <n>',
      'live traffic while running: N a second (fractions allowed), N/min, N/h, or diurnal (the history goes on at --daily a day; default 0)',
    )
    .option('--faults <spec>', 'injected faults, e.g. 500:0.05,timeout:0.02,truncate:0.01,dup-page:0.02,slow:0.05')
    .option('--incident <spec>', 'OPERATOR:CAPABILITY:CODE:xFACTOR@ISO/DURATION, e.g. "CUCC:login:10104:x5@2026-11-20T09:00+08:00/2h" (repeatable)', collect)
    .option(
      '--volume-drop <spec>',
      'APP:xFACTOR@ISO/DURATION: that app keeps FACTOR of its calls, e.g. "A1B2C3D4:x0.1@2026-11-20T09:00+08:00/3h" (repeatable)',
      collect,
    )
    .option('--package-left <percent>', 'size the trial package so this percent of it is left at start-up')
    .option('--drift <n>', 'usage-statement lines (and Alibaba billing lines) that disagree with the records (default 0)')
    .option('--no-aliyun', 'do not start the Alibaba Cloud 号码认证服务 face')
    .option('--aliyun-schemes <n>', `Alibaba face: seeded schemes (default ${EMULATOR_DEFAULTS.aliyunSchemes})`)
    .option('--aliyun-daily <n>', `Alibaba face: about this many calls per scheme a day (default ${EMULATOR_DEFAULTS.aliyunDaily})`)
    .option('--aliyun-qps <n>', `Alibaba face: requests per second per key before Throttling.User (default ${EMULATOR_DEFAULTS.aliyunQps})`)
    .option('--page-cache-mb <n>', `megabytes of full records pages kept and served again without rewriting them (default ${EMULATOR_DEFAULTS.pageCacheMb})`)
    .action(async (o: EmulatorFlags) => {
      const opts = emulatorOptionsFromFlags(o);
      // The emulator (and its option schema) is loaded when it starts, not for --help.
      const { startEmulator } = await import('../../../emulator');
      let emu;
      try {
        emu = await startEmulator(opts);
      } catch (e) {
        if (e instanceof EmulatorOptionsError) throw new UsageError(e.message);
        throw e;
      }
      process.stdout.write(`${JSON.stringify(emu.readyLine())}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await emu.close();
      process.exit(0);
    });
}
