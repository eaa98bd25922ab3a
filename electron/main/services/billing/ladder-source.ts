/**
 * The ladder a workspace bills by: the platform's GET /v1/pricing as sync stored it, else the
 * seed's table. A stored pricing that is not a proper ladder (gaps, no open last tier) is
 * ignored rather than trusted, and the output says which one was used.
 */
import { DEFAULT_LADDER, ladderFromPricing, type Tier } from '../../../../shared/billing';
import type { LadderInfo } from '../../../../shared/contract/billing';
import { formatMills } from '../../../../shared/money/mills';
import type { BillingRepo } from './billing-repo';

export interface WorkspaceLadder {
  ladder: readonly Tier[];
  info: LadderInfo;
}

export function describeLadder(ladder: readonly Tier[], source: LadderInfo['source']): LadderInfo {
  return { source, tiers: ladder.map((t) => ({ from: t.from, to: t.to, unitPrice: formatMills(t.unitPriceMills) })) };
}

export function workspaceLadder(repo: Pick<BillingRepo, 'pricing'>): WorkspaceLadder {
  const pricing = repo.pricing();
  if (pricing) {
    try {
      const ladder = ladderFromPricing(pricing.tiers);
      return { ladder, info: describeLadder(ladder, 'platform') };
    } catch {
      // Fall through to the built-in table: a broken pricing must not produce a wrong bill.
    }
  }
  return { ladder: DEFAULT_LADDER, info: describeLadder(DEFAULT_LADDER, 'default') };
}
