import { formatFen, formatMills, roundToFen } from '../money/mills';
import { DEFAULT_LADDER, priceProgressive, type Tier } from './ladder';

/** The shape `onetap bill quote --json` prints and the what-if calculator shows (amounts as decimal strings). */
export interface QuoteResult {
  calls: number;
  packageCovered: number;
  charged: number;
  tiers: { from: number; to: number | null; unitPrice: string; count: number; amount: string }[];
  amount: string;
}

/** Calls → amount: the package (if any) first, then the ladder from tier one; rounded once to the fen. */
export function quote(calls: number, packageRemaining = 0, ladder: readonly Tier[] = DEFAULT_LADDER): QuoteResult & { amountMills: number } {
  if (!Number.isSafeInteger(packageRemaining) || packageRemaining < 0) throw new RangeError('packageRemaining must be a non-negative integer');
  const packageCovered = Math.min(calls, packageRemaining);
  const charged = calls - packageCovered;
  const priced = priceProgressive(charged, ladder);
  const amountMills = roundToFen(priced.amountMills);
  return {
    calls,
    packageCovered,
    charged,
    tiers: priced.tiers.map((t) => ({ from: t.from, to: t.to, unitPrice: formatMills(t.unitPriceMills), count: t.count, amount: formatMills(t.amountMills) })),
    amount: formatFen(amountMills),
    amountMills,
  };
}
