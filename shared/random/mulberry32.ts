/**
 * mulberry32: a tiny seeded generator for test fixtures and benchmark data, so generated
 * datasets are the same on every run and a failing case can be replayed. Not for security.
 * (The emulator has its own keyed generator in emulator/random: it derives each record from
 * (seed, seq) rather than from a stream.)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
