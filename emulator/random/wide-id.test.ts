import { describe, expect, it } from 'vitest';
import { IdIssuer } from '../state/ids';
import { Rng, domainKey, WideId } from './prng';

describe('128-bit ids (trace ids)', () => {
  it('the old way (four draws of one 32-bit stream, after a varying number of other draws) repeats within 600,000 records', () => {
    const rng = new Rng(domainKey(7, 'records'));
    const seen = new Set<string>();
    let dup = 0;
    for (let seq = 0; seq < 600_000; seq++) {
      rng.reset(seq);
      // A record draws 8–15 values (late or not, phone or not…) before its trace id: streams of
      // two records then overlap whenever their 32-bit states are a few steps apart.
      const before = 7 + (rng.u32() & 7);
      for (let k = 0; k < before; k++) rng.u32();
      const id = `${rng.u32()}.${rng.u32()}.${rng.u32()}.${rng.u32()}`;
      if (seen.has(id)) dup++;
      seen.add(id);
    }
    // Birthday bound at 32 bits of state times the overlap window: a few dozen expected.
    expect(dup).toBeGreaterThan(0);
  });

  it('never repeats across 600,000 keys, and each word is spread over all 32 bits', () => {
    const wide = new WideId(7, 'records.trace');
    const seen = new Set<string>();
    const ones = new Array<number>(128).fill(0);
    for (let seq = 0; seq < 600_000; seq++) {
      const w = wide.words(seq);
      seen.add(w.join('.'));
      if (seq < 20_000)
        w.forEach((x, i) => {
          for (let b = 0; b < 32; b++) if ((x >>> b) & 1) ones[i * 32 + b]!++;
        });
    }
    expect(seen.size).toBe(600_000);
    // Every one of the 128 bits is set in about half of the ids.
    for (const n of ones) expect(Math.abs(n / 20_000 - 0.5)).toBeLessThan(0.03);
  });

  it("the gateway's live trace ids are 32 hex characters and unique", () => {
    const ids = new IdIssuer(7, 'gateway');
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const id = ids.hex32();
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(200_000);
  });
});
