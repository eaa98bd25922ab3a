/**
 * Decides which eligible request gets which fault. One seeded draw per eligible request, so a
 * client making the same requests in the same order meets the same faults.
 */
import { domainKey, Rng } from '../random/prng';
import { faultKinds, type FaultKind, type FaultSpec } from './spec';

export class FaultInjector {
  private readonly rng: Rng;
  private n = 0;

  constructor(
    seed: number,
    private spec: FaultSpec,
  ) {
    this.rng = new Rng(domainKey(seed, 'faults'));
  }

  get current(): FaultSpec {
    return this.spec;
  }

  set(spec: FaultSpec): void {
    this.spec = spec;
  }

  /** The fault for the next eligible request, or null. */
  draw(): FaultKind | null {
    const u = this.rng.reset(this.n++).float();
    let acc = 0;
    for (const k of faultKinds) {
      acc += this.spec.probabilities[k] ?? 0;
      if (u < acc) return k;
    }
    return null;
  }

  /** Where a truncated body is cut: somewhere in its middle 80 %. */
  cutPoint(length: number): number {
    const u = this.rng.reset(this.n++).float();
    return Math.max(1, Math.min(length - 1, Math.floor(length * (0.1 + 0.8 * u))));
  }
}
