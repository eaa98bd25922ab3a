/**
 * Which way a workspace's month is billed, and with which price book. A provider that reports
 * daily statistics rather than records (Alibaba Cloud 号码认证) is billed from the same rollups
 * with its book (all-units for Alibaba Cloud), dated by its statistics sync; our platform's
 * workspaces keep their records / statement basis, priced by a book the user chose for the month
 * when there is one, else by the platform's pricing.
 *
 * This is the one lookup every priced view reads (bill, forecast, reconciliation, exports and the
 * printed statement, the what-if calculator, the all-workspaces dashboard, package validity).
 */
import type { PriceBook } from '../../../../shared/billing';
import { providerCapabilities } from '../../../../shared/providers/capabilities';
import { shanghaiMonth } from '../../../../shared/time/shanghai';
import type { ServiceContext } from '../core/context';
import { ALIYUN_STATISTICS_RESOURCE } from '../providers/aliyun/statistics-sync';
import { syncStateRepo } from '../store/sync-state-repo';
import { activeWorkspace, type ActiveWorkspace } from '../workspaces/active';
import { bookOfMonth, type BookedWorkspace } from './book-catalog';
import type { BillSource } from './month-bill';

/**
 * The price book a workspace's month is billed with (the current Shanghai month when none is
 * given): the book the user chose that is in effect for that month, else the provider's list
 * price; null for our platform without a chosen book (its own pricing).
 */
export function workspaceBook(ctx: ServiceContext, ws: BookedWorkspace, month: string = shanghaiMonth(ctx.clock.now())): PriceBook | null {
  return bookOfMonth(ctx, ws, month);
}

/**
 * How a workspace's month is billed: from its daily statistics with its book (a provider without
 * record-level data), from records / statement with a chosen book, or null (records / statement
 * at the platform's pricing).
 */
export function statisticsSourceOf(ctx: ServiceContext, ws: ActiveWorkspace, month?: string): BillSource | null {
  const provider = ws.provider ?? 'onetap';
  const book = workspaceBook(ctx, ws, month);
  if (!book) return null;
  if (providerCapabilities[provider].records) return { kind: 'book', book };
  return { book, syncedAt: syncStateRepo(ws.db).get(ALIYUN_STATISTICS_RESOURCE)?.lastSuccessAt ?? null };
}

export function activeStatisticsSource(ctx: ServiceContext, month?: string): BillSource | null {
  return statisticsSourceOf(ctx, activeWorkspace(ctx), month);
}
