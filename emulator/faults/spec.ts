/**
 * The `--faults` specification: `kind:probability[@ms],…`, e.g.
 * `500:0.05,timeout:0.02,truncate:0.01,dup-page:0.02,slow:0.05@2000`.
 * One draw per eligible request picks at most one fault, so the probabilities must sum to ≤ 1.
 */
export const faultKinds = ['500', 'timeout', 'truncate', 'dup-page', 'slow'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultSpec {
  /** Probability per eligible request, 0–1, of each kind (absent = 0). */
  probabilities: Partial<Record<FaultKind, number>>;
  /** How long a `slow` response is delayed. */
  slowMs: number;
  /** How long a `timeout` response hangs before the emulator drops the connection. */
  hangMs: number;
}

export const DEFAULT_SLOW_MS = 1500;
export const DEFAULT_HANG_MS = 600_000;

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

const PART_RE = /^([a-z0-9-]+):(\d+(?:\.\d+)?|\.\d+)(?:@(\d+))?$/;

export function parseFaultSpec(spec: string, defaults: { slowMs?: number; hangMs?: number } = {}): FaultSpec {
  const out: FaultSpec = { probabilities: {}, slowMs: defaults.slowMs ?? DEFAULT_SLOW_MS, hangMs: defaults.hangMs ?? DEFAULT_HANG_MS };
  const trimmed = spec.trim();
  if (trimmed === '') return out;
  let total = 0;
  for (const raw of trimmed.split(',')) {
    const part = raw.trim();
    const m = PART_RE.exec(part);
    if (!m) throw new FaultSpecError(`bad fault "${part}": expected kind:probability[@ms], e.g. 500:0.05 or slow:0.1@2000`);
    const kind = m[1]!;
    if (!(faultKinds as readonly string[]).includes(kind)) throw new FaultSpecError(`unknown fault kind "${kind}" (known: ${faultKinds.join(', ')})`);
    const k = kind as FaultKind;
    if (out.probabilities[k] !== undefined) throw new FaultSpecError(`fault kind "${k}" given twice`);
    const p = Number(m[2]);
    if (!(p >= 0 && p <= 1)) throw new FaultSpecError(`probability of "${k}" must be between 0 and 1, got ${m[2]}`);
    out.probabilities[k] = p;
    total += p;
    if (m[3] !== undefined) {
      const ms = Number(m[3]);
      if (k === 'slow') out.slowMs = ms;
      else if (k === 'timeout') out.hangMs = ms;
      else throw new FaultSpecError(`only slow and timeout take a duration (@ms), not "${k}"`);
      if (ms > 3_600_000) throw new FaultSpecError(`duration of "${k}" must be at most 3600000 ms`);
    }
  }
  if (total > 1 + 1e-9) throw new FaultSpecError(`fault probabilities sum to ${total}, more than 1`);
  return out;
}

/** The spec back as text (for logs and the ready line of tools that print it). */
export function formatFaultSpec(spec: FaultSpec): string {
  return faultKinds
    .filter((k) => (spec.probabilities[k] ?? 0) > 0)
    .map((k) => `${k}:${spec.probabilities[k]}${k === 'slow' ? `@${spec.slowMs}` : k === 'timeout' ? `@${spec.hangMs}` : ''}`)
    .join(',');
}
