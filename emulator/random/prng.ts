/**
 * Seeded, allocation-free randomness for the emulator. Every random choice is derived from
 * (seed, domain, key) — never from Math.random — so the same flags give the same platform
 * byte for byte, and a record can be re-derived from its seq at any time instead of being
 * kept in memory.
 *
 * The generator is a Weyl sequence passed through murmur3's 32-bit finaliser (the splitmix
 * idea at 32 bits): cheap in JavaScript (Math.imul, no BigInt) and good enough for
 * simulation, which is all it is for. Nothing here is for security.
 */

/** murmur3 fmix32: a bijective avalanche of a 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const GOLDEN = 0x9e3779b9;
const TWO_32 = 4294967296;

/** Folds a non-negative safe integer (up to 2^53) into a 32-bit key. */
export function hashInt(key: number, salt: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / TWO_32) >>> 0;
  return fmix32(fmix32(lo ^ salt) ^ Math.imul(hi + GOLDEN, 0x27d4eb2d));
}

/** A 32-bit key for a string (FNV-1a then fmix), for naming random domains. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The 32-bit root of one named random domain under a seed (seed may be any safe integer). */
export function domainKey(seed: number, domain: string): number {
  return hashInt(seed, hashString(domain));
}

/** A resettable stream: reset(key) then draw; reusing one instance keeps the hot path allocation-free. */
export class Rng {
  private state = 0;
  private readonly root: number;

  constructor(root: number) {
    this.root = root >>> 0;
  }

  /** Restarts the stream at the given key (e.g. a record's seq). */
  reset(key: number): this {
    this.state = hashInt(key, this.root);
    return this;
  }

  /** Restarts at a pair of keys (e.g. day index and app index). */
  reset2(a: number, b: number): this {
    this.state = fmix32(hashInt(a, this.root) ^ Math.imul((b >>> 0) + GOLDEN, 0x165667b1));
    return this;
  }

  /** Next uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + GOLDEN) | 0;
    return fmix32(this.state);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / TWO_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/** A weighted table prepared for O(log n) draws with one uniform number. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    const positive = entries.filter(([, w]) => w > 0);
    if (positive.length === 0) throw new RangeError('a weighted table needs at least one positive weight');
    this.items = positive.map(([v]) => v);
    this.cumulative = new Float64Array(positive.length);
    let sum = 0;
    positive.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i]! /= sum;
  }

  /** The item whose cumulative share first exceeds u ∈ [0, 1). */
  at(u: number): T {
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < c[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }

  draw(rng: Rng): T {
    return this.at(rng.float());
  }
}

/** Fisher–Yates with a seeded stream. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Four 32-bit words (128 bits) for `key` under four roots. Each word is a bijection of the key
 * (for keys below 2^32), so ids made this way never repeat within a run, unlike four draws from
 * one stream, whose 32-bit state allows only 2^32 distinct ids and repeats by the birthday bound
 * (the API document promises unique trace ids).
 */
export class WideId {
  private readonly roots: [number, number, number, number];

  constructor(seed: number, domain: string) {
    this.roots = [0, 1, 2, 3].map((i) => domainKey(seed, `${domain}#${i}`)) as [number, number, number, number];
  }

  /** The four words of `key`'s id. */
  words(key: number): [number, number, number, number] {
    const [a, b, c, d] = this.roots;
    return [hashInt(key, a), hashInt(key, b), hashInt(key, c), hashInt(key, d)];
  }
}
