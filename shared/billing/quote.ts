import { formatFen, formatMills, roundToFen, type Mills } from '../money/mills';
import { DEFAULT_LADDER, priceAllUnits, priceByModel, type PricingModel, type Tier, type TierLine } from './ladder';

/** One tier of a priced month as printed and shown: decimal strings, exact to the mill. */
export interface QuoteTier {
  from: number;
  to: number | null;
  unitPrice: string;
  count: number;
  amount: string;
}

/** The shape `onetap bill quote --json` prints and the what-if calculator shows (amounts as decimal strings). */
export interface QuoteResult {
  calls: number;
  packageCovered: number;
  charged: number;
  tiers: QuoteTier[];
  amount: string;
}

/** Tier lines in mills → the printed shape. */
export function formatTierLines(tiers: readonly TierLine[]): QuoteTier[] {
  return tiers.map((t) => ({ from: t.from, to: t.to, unitPrice: formatMills(t.unitPriceMills), count: t.count, amount: formatMills(t.amountMills) }));
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer: ${n}`);
}

/** Calls → amount: the package (if any) first, then the ladder (progressive unless told); rounded once to the fen. */
export function quote(
  calls: number,
  packageRemaining = 0,
  ladder: readonly Tier[] = DEFAULT_LADDER,
  model: PricingModel = 'progressive',
): QuoteResult & { amountMills: number } {
  checkCount('calls', calls);
  checkCount('packageRemaining', packageRemaining);
  const packageCovered = Math.min(calls, packageRemaining);
  const charged = calls - packageCovered;
  const priced = priceByModel(charged, ladder, model);
  const amountMills = roundToFen(priced.amountMills);
  return {
    calls,
    packageCovered,
    charged,
    tiers: formatTierLines(priced.tiers),
    amount: formatFen(amountMills),
    amountMills,
  };
}

/** The same calls under an all-units model (every call at the price of the tier the total reaches), for comparison. */
export interface AllUnitsQuote {
  calls: number;
  packageCovered: number;
  charged: number;
  tierIndex: number;
  unitPrice: string;
  amount: string;
  amountMills: Mills;
}

export function quoteAllUnits(calls: number, packageRemaining = 0, ladder: readonly Tier[] = DEFAULT_LADDER): AllUnitsQuote {
  checkCount('calls', calls);
  checkCount('packageRemaining', packageRemaining);
  const packageCovered = Math.min(calls, packageRemaining);
  const charged = calls - packageCovered;
  const { tier, amountMills: exact } = priceAllUnits(charged, ladder);
  const amountMills = roundToFen(exact);
  return {
    calls,
    packageCovered,
    charged,
    tierIndex: ladder.indexOf(tier),
    unitPrice: formatMills(tier.unitPriceMills),
    amount: formatFen(amountMills),
    amountMills,
  };
}

/** The CLI/JSON shape without the internal mills field. */
export function publicQuote(q: QuoteResult): QuoteResult {
  return { calls: q.calls, packageCovered: q.packageCovered, charged: q.charged, tiers: q.tiers, amount: q.amount };
}
