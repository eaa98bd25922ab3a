/** Bounds, defaults and the rate syntax of the emulator's options (validated in options.ts; printed by `onetap emulator --help`). Zod-free, so the CLI's help stays cheap. */
export const LIMITS = {
  days: { min: 1, max: 3660 },
  daily: { min: 0, max: 2_000_000 },
  apps: { min: 1, max: 40 },
  rate: { min: 0, max: 100_000 },
  drift: { min: 0, max: 100_000 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
  aliyunSchemes: { min: 1, max: 200 },
  aliyunDaily: { min: 0, max: 10_000_000 },
  aliyunQps: { min: 1, max: 100_000 },
  pageCacheMb: { min: 0, max: 65_536 },
} as const;

export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  seed: 1,
  days: 90,
  daily: 20_000,
  apps: 6,
  rate: 0,
  drift: 0,
  aliyunSchemes: 3,
  aliyunDaily: 2_000,
  /** Alibaba documents 500 QPS per user for these actions. */
  aliyunQps: 500,
  /** No records pages kept by default: a demo's memory stays what its history needs. */
  pageCacheMb: 0,
} as const;

export class EmulatorOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorOptionsError';
  }
}

/** `--rate`: `N` (records a second, fractional allowed), `N/s`, `N/min`, `N/h`, or `diurnal`. */
export function parseRate(text: string): number | 'diurnal' {
  const t = text.trim().toLowerCase();
  if (t === 'diurnal') return 'diurnal';
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|min|h))?$/.exec(t);
  if (!m) throw new EmulatorOptionsError(`rate must be N, N/s, N/min, N/h (records; fractions allowed) or "diurnal", got ${JSON.stringify(text)}`);
  const per = m[2] === 'min' ? 60 : m[2] === 'h' ? 3600 : 1;
  return Number(m[1]) / per;
}
