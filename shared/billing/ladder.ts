/**
 * Progressive ("阶梯累进") pricing of a month's charged calls (seeds/000 §2.1.2,
 * platform-api §3). Pure and exact: integer mills throughout; rounding to the fen
 * happens once, on the month's total, in `roundToFen` by the caller.
 */
import { parseYuan, type Mills } from '../money/mills';

export interface Tier {
  /** Exclusive lower bound of call ordinals in this tier: (from, to]. */
  from: number;
  /** Inclusive upper bound, null for the open last tier. */
  to: number | null;
  unitPriceMills: Mills;
}

/** The seed's table, the built-in default when the platform's /v1/pricing is not known. */
export const DEFAULT_LADDER: readonly Tier[] = Object.freeze([
  { from: 0, to: 10_000, unitPriceMills: 26 },
  { from: 10_000, to: 50_000, unitPriceMills: 24 },
  { from: 50_000, to: 250_000, unitPriceMills: 21 },
  { from: 250_000, to: null, unitPriceMills: 18 },
]);

export interface TierLine {
  from: number;
  to: number | null;
  unitPriceMills: Mills;
  count: number;
  amountMills: Mills;
}

/** Checks a ladder is contiguous from 0, increasing, and ends open. */
export function validateLadder(ladder: readonly Tier[]): void {
  if (ladder.length === 0) throw new RangeError('empty price ladder');
  let expectFrom = 0;
  ladder.forEach((t, i) => {
    if (t.from !== expectFrom) throw new RangeError(`tier ${i} starts at ${t.from}, expected ${expectFrom}`);
    const last = i === ladder.length - 1;
    if (last ? t.to !== null : t.to === null || !Number.isSafeInteger(t.to) || t.to <= t.from) throw new RangeError(`tier ${i} has a bad upper bound`);
    if (!Number.isSafeInteger(t.unitPriceMills) || t.unitPriceMills < 0) throw new RangeError(`tier ${i} has a bad price`);
    expectFrom = t.to ?? expectFrom;
  });
}

export function ladderFromPricing(tiers: readonly { from: number; to: number | null; unitPrice: string }[]): Tier[] {
  const ladder = tiers.map((t) => ({ from: t.from, to: t.to, unitPriceMills: parseYuan(t.unitPrice) }));
  validateLadder(ladder);
  return ladder;
}

function checkCalls(calls: number): void {
  if (!Number.isSafeInteger(calls) || calls < 0) throw new RangeError(`calls must be a non-negative integer: ${calls}`);
}

/**
 * How a ladder prices a month: `progressive` (阶梯累进, each tier's calls at its own price) or
 * `all-units` (every call of the month at the price of the tier the month's total lands in).
 */
export const pricingModels = ['progressive', 'all-units'] as const;
export type PricingModel = (typeof pricingModels)[number];

/** Each call priced by the tier its ordinal falls in. Returns one line per tier (zero counts included). */
export function priceProgressive(calls: number, ladder: readonly Tier[] = DEFAULT_LADDER): { tiers: TierLine[]; amountMills: Mills } {
  checkCalls(calls);
  let amountMills = 0;
  const tiers = ladder.map((t) => {
    const upper = t.to ?? Number.MAX_SAFE_INTEGER;
    const count = Math.max(0, Math.min(calls, upper) - t.from);
    const lineMills = count * t.unitPriceMills;
    if (!Number.isSafeInteger(lineMills)) throw new RangeError(`amount out of range for ${calls} calls`);
    amountMills += lineMills;
    return { from: t.from, to: t.to, unitPriceMills: t.unitPriceMills, count, amountMills: lineMills };
  });
  return { tiers, amountMills };
}

/** The comparison model of the what-if calculator: every call at the price of the tier the total reaches. */
export function priceAllUnits(calls: number, ladder: readonly Tier[] = DEFAULT_LADDER): { tier: Tier; amountMills: Mills } {
  checkCalls(calls);
  const tier = ladder.find((t) => t.to === null || calls <= t.to) ?? ladder[ladder.length - 1]!;
  return { tier, amountMills: calls * tier.unitPriceMills };
}

/**
 * Calls priced under either model, as one line per tier (zero counts included) so both models
 * print the same shape: under all-units only the tier the total lands in carries calls.
 */
export function priceByModel(
  calls: number,
  ladder: readonly Tier[] = DEFAULT_LADDER,
  model: PricingModel = 'progressive',
): { tiers: TierLine[]; amountMills: Mills } {
  if (model === 'progressive') return priceProgressive(calls, ladder);
  const { tier, amountMills } = priceAllUnits(calls, ladder);
  if (!Number.isSafeInteger(amountMills)) throw new RangeError(`amount out of range for ${calls} calls`);
  const tiers = ladder.map((t) => ({
    from: t.from,
    to: t.to,
    unitPriceMills: t.unitPriceMills,
    count: t === tier ? calls : 0,
    amountMills: t === tier ? amountMills : 0,
  }));
  return { tiers, amountMills };
}

/**
 * The tier index the next call (ordinal calls+1) falls in, and how many calls remain until
 * the next tier (`toNext` more calls fill the current tier; the one after is priced by the
 * next tier). null in the open last tier.
 */
export function tierPosition(calls: number, ladder: readonly Tier[] = DEFAULT_LADDER): { index: number; toNext: number | null } {
  checkCalls(calls);
  const index = ladder.findIndex((t) => t.to === null || calls < t.to);
  const t = ladder[index]!;
  return { index, toNext: t.to === null ? null : t.to - calls };
}

/** Index of the tier that prices the call with this 1-based ordinal. */
export function tierOfOrdinal(ordinal: number, ladder: readonly Tier[] = DEFAULT_LADDER): number {
  if (!Number.isSafeInteger(ordinal) || ordinal < 1) throw new RangeError(`a call ordinal starts at 1: ${ordinal}`);
  return ladder.findIndex((t) => t.to === null || ordinal <= t.to);
}
