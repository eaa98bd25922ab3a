import { mulberry32 } from '../../random/mulberry32';

/** The billing property tests' view of the one seeded generator (shared/random): reproducible cases. */
export function prng(seed: number): { int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  const next = mulberry32(seed);
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
