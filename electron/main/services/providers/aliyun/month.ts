/**
 * An Alibaba Cloud workspace's month: the bill computed locally from the synced daily
 * statistics with a price book, and its reconciliation against QueryGateVerifyBillingPublic.
 */
import { priceProviderMonth, reconcileProviderMonth, BUILT_IN_BOOKS, type PriceBook, type ProviderReconciliation } from '../../../../../shared/billing';
import { formatFen, formatMills } from '../../../../../shared/money/mills';
import type { Capability } from '../../../../../shared/platform/domain';
import { datesOfMonth } from '../../../../../shared/time/shanghai';
import type { Db } from '../../db/open';
import { providerStatisticsRepo } from '../../store/provider-statistics-repo';
import type { AliyunDypnsClient } from './client';

export interface ProviderMonthBill {
  month: string;
  book: string;
  model: PriceBook['model'];
  calls: number;
  billable: number;
  billableByCapability: Record<Capability, number>;
  unitPrice: string | null;
  amount: string;
  lines: { id: string; capability: Capability; billable: number; amount: string }[];
}

function usageOf(db: Db, month: string) {
  const dates = datesOfMonth(month);
  return providerStatisticsRepo(db).totals(dates[0]!, dates[dates.length - 1]!);
}

export function aliyunMonthBill(db: Db, month: string, book: PriceBook = BUILT_IN_BOOKS['aliyun-dypns']): ProviderMonthBill {
  const usage = usageOf(db, month);
  const priced = priceProviderMonth(
    usage.map((u) => ({ id: u.id, capability: u.capability, billable: u.billable })),
    book,
  );
  const byCap: Record<Capability, number> = { login: 0, verify: 0 };
  for (const u of usage) byCap[u.capability] += u.billable;
  return {
    month,
    book: book.id,
    model: book.model,
    calls: usage.reduce((s, u) => s + u.calls, 0),
    billable: byCap.login + byCap.verify,
    billableByCapability: byCap,
    unitPrice: priced.unitMills === null ? null : formatMills(priced.unitMills),
    amount: formatFen(priced.amountMills),
    lines: priced.lines.map((l) => ({ id: l.id, capability: l.capability, billable: l.add, amount: formatFen(l.amountMills) })),
  };
}

export async function reconcileAliyunMonth(
  db: Db,
  client: AliyunDypnsClient,
  month: string,
  book: PriceBook = BUILT_IN_BOOKS['aliyun-dypns'],
  signal?: AbortSignal,
): Promise<ProviderReconciliation & { month: string; unknownItems: number }> {
  const remote = await client.billing(month, 'all', signal);
  const known = remote.lines.filter((l): l is typeof l & { capability: Capability } => l.capability !== null);
  const usage = usageOf(db, month).map((u) => ({ id: u.id, capability: u.capability, billable: u.billable }));
  const r = reconcileProviderMonth(
    usage,
    known.map((l) => ({ id: l.sceneCode, capability: l.capability, add: l.add, singlePrice: l.singlePrice, amount: l.amount, name: l.sceneName })),
    book,
    known.length === remote.lines.length ? remote.amountSum : null,
  );
  return { ...r, month, unknownItems: remote.lines.length - known.length };
}
