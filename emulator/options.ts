/**
 * Options of the emulator, shared by `startEmulator()` and `onetap emulator`. Validated here
 * once (in-process callers cross a boundary too), resolved against the clock into the
 * concrete configuration the generator and server use.
 */
import * as z from 'zod';
import { addDays, isDate, shanghaiDate, startOfShanghaiDay } from '../shared/time/shanghai';
import { FaultSpecError, parseFaultSpec, type FaultSpec } from './faults/spec';
import { parseIncident, parseVolumeDrop, ScenarioSpecError, type Incident, type VolumeDrop } from './scenario/spec';

// The bounds and defaults live apart, without zod, so `onetap --help` can print them cheaply.
import { DEFAULTS, EmulatorOptionsError, LIMITS, parseRate } from './option-limits';
export { DEFAULTS, EmulatorOptionsError, LIMITS, parseRate };

const int = (name: string, lim: { min: number; max: number }) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(lim.min, `${name} must be at least ${lim.min}`)
    .max(lim.max, `${name} must be at most ${lim.max}`);

export const emulatorOptionsSchema = z.strictObject({
  port: int('port', { min: 0, max: 65535 }).optional(),
  host: z.string().min(1).optional(),
  seed: int('seed', LIMITS.seed).optional(),
  start: z.string().refine(isDate, 'start must be a date YYYY-MM-DD').optional(),
  days: int('days', LIMITS.days).optional(),
  daily: int('daily', LIMITS.daily).optional(),
  apps: int('apps', LIMITS.apps).optional(),
  /**
   * Live traffic while running: records per second (fractional: 0.5 is one every two seconds),
   * or 'diurnal': the history goes on with the clock at its own pace (`daily` a day, along the
   * day's curve), so the feed stays the history a later start would generate.
   */
  rate: z
    .union([
      z.literal('diurnal'),
      z
        .number({ error: 'rate must be a number or "diurnal"' })
        .finite('rate must be a finite number')
        .min(LIMITS.rate.min, `rate must be at least ${LIMITS.rate.min}`)
        .max(LIMITS.rate.max, `rate must be at most ${LIMITS.rate.max}`),
    ])
    .optional(),
  drift: int('drift', LIMITS.drift).optional(),
  faults: z.string().optional(),
  /** The Alibaba Cloud face (dypns 2017-05-25) on its own port; on unless false. */
  aliyun: z.boolean().optional(),
  aliyunSchemes: int('aliyunSchemes', LIMITS.aliyunSchemes).optional(),
  aliyunDaily: int('aliyunDaily', LIMITS.aliyunDaily).optional(),
  aliyunQps: int('aliyunQps', LIMITS.aliyunQps).optional(),
  /** Delay of a `slow` fault (ms); `slow:p@ms` in the spec overrides it. */
  slowMs: int('slowMs', { min: 0, max: 3_600_000 }).optional(),
  /** How long a `timeout` fault hangs (ms) before the connection is dropped. */
  hangMs: int('hangMs', { min: 0, max: 3_600_000 }).optional(),
  /** `OPERATOR:CAPABILITY:CODE:xFACTOR@ISO/DURATION` each (see scenario/spec.ts). */
  incidents: z.array(z.string().max(200)).max(50).optional(),
  /** `APP:xFACTOR@ISO/DURATION` each. */
  volumeDrops: z.array(z.string().max(200)).max(50).optional(),
  /**
   * Megabytes of full records pages kept once written, served again without writing their records
   * again (a console syncing the same history again from the start, a benchmark's repeated passes).
   */
  pageCacheMb: int('pageCacheMb', LIMITS.pageCacheMb).optional(),
  /** Percent of the trial package left at start-up (a package nearly used up). */
  packageLeft: z.number().min(0).max(100).optional(),
  /** The clock (epoch ms). Tests inject a controllable one; default Date.now. */
  now: z.custom<() => number>((v) => typeof v === 'function', 'now must be a function returning epoch ms').optional(),
});
export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;

export interface EmulatorConfig {
  port: number;
  host: string;
  seed: number;
  /** First history day (Shanghai). */
  start: string;
  /** History days from `start`, never past today (a longer --days is shortened). */
  days: number;
  daily: number;
  apps: number;
  /** Live records per second (may be fractional), or 'diurnal' (see emulatorOptionsSchema). */
  rate: number | 'diurnal';
  drift: number;
  aliyun: { schemes: number; daily: number; qps: number } | null;
  faults: FaultSpec;
  incidents: Incident[];
  volumeDrops: VolumeDrop[];
  packageLeft: number | null;
  /** Bytes of full records pages kept (see emulatorOptionsSchema.pageCacheMb). */
  pageCacheBytes: number;
  now: () => number;
  /** The instant the emulator started: history is cut here (no records from the future). */
  startedAt: number;
}

export function resolveOptions(input: EmulatorOptions = {}): EmulatorConfig {
  const parsed = emulatorOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const where = first.path.length ? `${first.path.join('.')}: ` : '';
    throw new EmulatorOptionsError(`${where}${first.message}`);
  }
  const o = parsed.data;
  const now = o.now ?? Date.now;
  const startedAt = now();
  if (!Number.isFinite(startedAt)) throw new EmulatorOptionsError('now() must return epoch milliseconds');
  const days = o.days ?? DEFAULTS.days;
  const today = shanghaiDate(startedAt);
  const start = o.start ?? addDays(today, -(days - 1));
  if (start > today) throw new EmulatorOptionsError(`start ${start} is after today (${today}, Asia/Shanghai)`);
  // History never reaches past today: a range that would is shortened to end today.
  const upToToday = Math.round((startOfShanghaiDay(today) - startOfShanghaiDay(start)) / 86_400_000) + 1;
  let faults: FaultSpec;
  try {
    faults = parseFaultSpec(o.faults ?? '', {
      ...(o.slowMs !== undefined ? { slowMs: o.slowMs } : {}),
      ...(o.hangMs !== undefined ? { hangMs: o.hangMs } : {}),
    });
  } catch (e) {
    if (e instanceof FaultSpecError) throw new EmulatorOptionsError(`faults: ${e.message}`);
    throw e;
  }
  let incidents: Incident[];
  let volumeDrops: VolumeDrop[];
  try {
    incidents = (o.incidents ?? []).map(parseIncident);
    volumeDrops = (o.volumeDrops ?? []).map(parseVolumeDrop);
  } catch (e) {
    if (e instanceof ScenarioSpecError) throw new EmulatorOptionsError(e.message);
    throw e;
  }
  return {
    incidents,
    volumeDrops,
    packageLeft: o.packageLeft ?? null,
    pageCacheBytes: (o.pageCacheMb ?? DEFAULTS.pageCacheMb) * 1024 * 1024,
    port: o.port ?? DEFAULTS.port,
    host: o.host ?? DEFAULTS.host,
    seed: o.seed ?? DEFAULTS.seed,
    start,
    days: Math.min(days, upToToday),
    daily: o.daily ?? DEFAULTS.daily,
    apps: o.apps ?? DEFAULTS.apps,
    rate: o.rate ?? DEFAULTS.rate,
    drift: o.drift ?? DEFAULTS.drift,
    aliyun:
      o.aliyun === false
        ? null
        : { schemes: o.aliyunSchemes ?? DEFAULTS.aliyunSchemes, daily: o.aliyunDaily ?? DEFAULTS.aliyunDaily, qps: o.aliyunQps ?? DEFAULTS.aliyunQps },
    faults,
    now,
    startedAt,
  };
}
