/**
 * `--drift N` on the Alibaba face: N billing lines (month × scheme × type, within the history)
 * whose Add disagrees with the statistics, chosen from the seed. Reconciliation must find
 * exactly these.
 */
import { createHash } from 'node:crypto';
import { addMonths } from '../../shared/time/shanghai';
import type { Scheme, StatType } from './traffic';

export interface AliyunDriftTarget {
  month: string;
  sceneCode: string;
  type: StatType;
  /** Added to the true Add (never to a zero, never making it negative). */
  delta: number;
}

export function planAliyunDrift(seed: number, months: readonly string[], schemes: readonly Scheme[], n: number): AliyunDriftTarget[] {
  const space = months.length * schemes.length * 2;
  const out: AliyunDriftTarget[] = [];
  const taken = new Set<number>();
  for (let i = 0; out.length < Math.min(n, space); i++) {
    const h = createHash('sha256').update(`${seed}|aliyun-drift|${i}`).digest();
    const at = h.readUInt32BE(0) % space;
    if (taken.has(at)) continue;
    taken.add(at);
    const type = ((at % 2) + 1) as StatType;
    const scheme = schemes[Math.floor(at / 2) % schemes.length]!;
    const month = months[Math.floor(at / (2 * schemes.length))]!;
    const size = 1 + (h.readUInt32BE(4) % 40);
    out.push({ month, sceneCode: scheme.code, type, delta: h[8]! & 1 ? size : -size });
  }
  return out;
}

export function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  const last = end.slice(0, 7);
  for (let m = start.slice(0, 7); m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}
