/**
 * A provider's month priced locally from its daily statistics and compared line by line with
 * its own billing lines (Alibaba Cloud QueryGateVerifyBillingPublic: per scheme × item, Add /
 * SinglePrice / Amount). The local side uses the workspace's price book; under all-units every
 * line carries the unit price of the tier the month's total lands in.
 */
import { formatFen, formatMills, parseYuan, roundToFen, type Mills } from '../money/mills';
import type { Capability } from '../platform/domain';
import { priceAllUnits, priceProgressive } from './ladder';
import type { PriceBook } from './price-books';

export interface ProviderUsageLine {
  /** Scheme (app) code. */
  id: string;
  capability: Capability;
  billable: number;
}

export interface ProviderBillLine {
  id: string;
  capability: Capability;
  add: number;
  singlePrice: string;
  amount: string;
  name?: string;
}

export interface ProviderLineDifference {
  id: string;
  capability: Capability;
  name: string | null;
  presence: 'both' | 'local-only' | 'provider-only';
  localAdd: number;
  providerAdd: number;
  /** provider − local calls. */
  delta: number;
  localAmount: string;
  providerAmount: string;
  localPrice: string;
  providerPrice: string;
}

export interface ProviderReconciliation {
  status: 'matched' | 'mismatched';
  book: string;
  model: PriceBook['model'];
  totalBillable: number;
  /** Local unit price of the month (all-units) or null (progressive: a ladder, not one price). */
  unitPrice: string | null;
  lineCount: number;
  matchedLines: number;
  differences: ProviderLineDifference[];
  amountLocal: string;
  amountProvider: string;
  /** Provider − local, fen. */
  deltaAmount: string;
  lines: { id: string; capability: Capability; add: number; amount: string }[];
}

const key = (id: string, c: Capability): string => `${id}\u0000${c}`;

/** Local lines of a month: billable per scheme × capability, each amount to the fen. */
export function priceProviderMonth(
  usage: readonly ProviderUsageLine[],
  book: PriceBook,
): { unitMills: Mills | null; lines: { id: string; capability: Capability; add: number; amountMills: Mills }[]; amountMills: Mills } {
  const merged = new Map<string, { id: string; capability: Capability; add: number }>();
  for (const u of usage) {
    if (!Number.isSafeInteger(u.billable) || u.billable < 0) throw new RangeError(`bad billable ${u.billable} for ${u.id}`);
    const k = key(u.id, u.capability);
    const cur = merged.get(k);
    if (cur) cur.add += u.billable;
    else merged.set(k, { id: u.id, capability: u.capability, add: u.billable });
  }
  const rows = [...merged.values()].filter((l) => l.add > 0).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.capability < b.capability ? -1 : 1));
  const total = rows.reduce((s, l) => s + l.add, 0);
  if (book.model === 'all-units') {
    const unit = priceAllUnits(total, book.tiers).tier.unitPriceMills;
    const lines = rows.map((l) => ({ ...l, amountMills: roundToFen(l.add * unit) }));
    return { unitMills: unit, lines, amountMills: lines.reduce((s, l) => s + l.amountMills, 0) };
  }
  // Progressive: the month's amount, shared out pro rata (the ladder has no per-line price).
  const amount = roundToFen(priceProgressive(total, book.tiers).amountMills);
  let left = amount;
  const lines = rows.map((l, i) => {
    const part = i === rows.length - 1 ? left : roundToFen(Math.floor((amount * l.add) / total));
    left -= part;
    return { ...l, amountMills: part };
  });
  return { unitMills: null, lines, amountMills: amount };
}

export function reconcileProviderMonth(
  usage: readonly ProviderUsageLine[],
  provider: readonly ProviderBillLine[],
  book: PriceBook,
  providerAmountSum?: string | null,
): ProviderReconciliation {
  const local = priceProviderMonth(usage, book);
  const localBy = new Map(local.lines.map((l) => [key(l.id, l.capability), l]));
  const providerBy = new Map<string, ProviderBillLine>();
  for (const p of provider) providerBy.set(key(p.id, p.capability), p);
  const keys = [...new Set([...localBy.keys(), ...providerBy.keys()])].sort();
  const localPrice = local.unitMills === null ? '' : formatMills(local.unitMills);
  const differences: ProviderLineDifference[] = [];
  let matched = 0;
  for (const k of keys) {
    const l = localBy.get(k);
    const p = providerBy.get(k);
    const localAdd = l?.add ?? 0;
    const providerAdd = p?.add ?? 0;
    const localAmount = formatFen(l?.amountMills ?? 0);
    const providerAmountMills = p ? parseYuan(p.amount) : 0;
    const samePrice = !p || local.unitMills === null || parseYuan(p.singlePrice) === local.unitMills;
    if (l && p && localAdd === providerAdd && (l.amountMills === providerAmountMills || local.unitMills === null) && samePrice) {
      matched++;
      continue;
    }
    if (!l && p && providerAdd === 0 && providerAmountMills === 0) {
      matched++;
      continue;
    }
    const [id, capability] = k.split('\u0000') as [string, Capability];
    differences.push({
      id,
      capability,
      name: p?.name ?? null,
      presence: l && p ? 'both' : l ? 'local-only' : 'provider-only',
      localAdd,
      providerAdd,
      delta: providerAdd - localAdd,
      localAmount,
      providerAmount: formatFen(roundToFen(providerAmountMills)),
      localPrice,
      providerPrice: p?.singlePrice ?? '',
    });
  }
  const providerTotal = providerAmountSum != null ? parseYuan(providerAmountSum) : provider.reduce((s, p) => s + parseYuan(p.amount), 0);
  const amountProvider = roundToFen(providerTotal);
  return {
    status: differences.length === 0 && amountProvider === local.amountMills ? 'matched' : 'mismatched',
    book: book.id,
    model: book.model,
    totalBillable: local.lines.reduce((s, l) => s + l.add, 0),
    unitPrice: local.unitMills === null ? null : formatMills(local.unitMills),
    lineCount: keys.length,
    matchedLines: matched,
    differences,
    amountLocal: formatFen(local.amountMills),
    amountProvider: formatFen(amountProvider),
    deltaAmount: formatFen(amountProvider - local.amountMills),
    lines: local.lines.map((l) => ({ id: l.id, capability: l.capability, add: l.add, amount: formatFen(l.amountMills) })),
  };
}
