/**
 * `billing.quote`: the what-if calculator on the main-process side (the CLI and any door
 * without the engine at hand): progressive versus all-units under the workspace's ladder.
 */
import { quote, quoteAllUnits, publicQuote, type Tier } from '../../../../shared/billing';
import type { LadderInfo } from '../../../../shared/contract/billing';
import { formatFen } from '../../../../shared/money/mills';

export function whatIf(calls: number, packageRemaining: number, ladder: readonly Tier[], info: LadderInfo) {
  const progressive = quote(calls, packageRemaining, ladder);
  const all = quoteAllUnits(calls, packageRemaining, ladder);
  return {
    progressive: publicQuote(progressive),
    allUnits: { charged: all.charged, tierIndex: all.tierIndex, unitPrice: all.unitPrice, amount: all.amount },
    difference: formatFen(all.amountMills - progressive.amountMills),
    ladder: info,
  };
}
