/**
 * The ladder a workspace bills by: the platform's GET /v1/pricing as sync stored it, else the
 * seed's table. A stored pricing that is not a proper ladder (gaps, no open last tier) is
 * ignored rather than trusted, and the output says which one was used.
 */
import { DEFAULT_LADDER, ladderFromPricing, type PriceBook, type PricingModel, type Tier } from '../../../../shared/billing';
import type { LadderInfo } from '../../../../shared/contract/billing';
import { formatMills } from '../../../../shared/money/mills';
import type { BillingRepo } from './billing-repo';

export interface WorkspaceLadder {
  ladder: readonly Tier[];
  info: LadderInfo;
  /** How the ladder prices a month (a price book's model). */
  model: PricingModel;
}

export function describeLadder(ladder: readonly Tier[], source: LadderInfo['source']): LadderInfo {
  return { source, tiers: ladder.map((t) => ({ from: t.from, to: t.to, unitPrice: formatMills(t.unitPriceMills) })) };
}

/** A price book as the ladder a workspace bills by (a provider without a pricing API, or the user's choice). */
export function bookLadder(book: PriceBook): WorkspaceLadder {
  return {
    ladder: book.tiers,
    model: book.model,
    info: {
      ...describeLadder(book.tiers, 'book'),
      model: book.model,
      book: { id: book.id, name: book.name, source: book.source, effectiveDate: book.effectiveDate, custom: book.custom },
    },
  };
}

/** The workspace's ladder: the price book it is billed with when there is one, else the platform's pricing, else the seed's. */
export function workspaceLadder(repo: Pick<BillingRepo, 'pricing'>, book: PriceBook | null = null): WorkspaceLadder {
  if (book) return bookLadder(book);
  const pricing = repo.pricing();
  if (pricing) {
    try {
      const ladder = ladderFromPricing(pricing.tiers);
      return { ladder, model: 'progressive', info: describeLadder(ladder, 'platform') };
    } catch {
      // Fall through to the built-in table: a broken pricing must not produce a wrong bill.
    }
  }
  return { ladder: DEFAULT_LADDER, model: 'progressive', info: describeLadder(DEFAULT_LADDER, 'default') };
}
