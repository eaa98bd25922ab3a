/**
 * Which way the active workspace's month is billed. A provider that reports daily statistics
 * rather than records (Alibaba Cloud 号码认证) is billed from the same rollups with its price
 * book (all-units for Alibaba Cloud), dated by its statistics sync; our platform's workspaces
 * keep their records / statement basis and the platform's pricing.
 */
import { BUILT_IN_BOOKS, isBuiltInBookId, type PriceBook } from '../../../../shared/billing';
import { defaultBookOf, providerCapabilities } from '../../../../shared/providers/capabilities';
import type { ServiceContext } from '../core/context';
import { ALIYUN_STATISTICS_RESOURCE } from '../providers/aliyun/statistics-sync';
import { syncStateRepo } from '../store/sync-state-repo';
import { activeWorkspace, type ActiveWorkspace } from '../workspaces/active';
import type { StatisticsSource } from './month-bill';

/** The price book a workspace is billed with: the provider's list price; null for our platform (its own pricing). */
export function workspaceBook(_ctx: ServiceContext, ws: ActiveWorkspace): PriceBook | null {
  const provider = ws.provider ?? 'onetap';
  if (provider === 'onetap') return null; // the platform's own pricing (GET /v1/pricing), else the seed's table
  const id = defaultBookOf[provider];
  return isBuiltInBookId(id) ? BUILT_IN_BOOKS[id] : null;
}

/** The statistics source of a workspace without record-level data, null for one billed from records. */
export function statisticsSourceOf(ctx: ServiceContext, ws: ActiveWorkspace): StatisticsSource | null {
  const provider = ws.provider ?? 'onetap';
  if (providerCapabilities[provider].records) return null;
  const book = workspaceBook(ctx, ws);
  if (!book) return null;
  return { book, syncedAt: syncStateRepo(ws.db).get(ALIYUN_STATISTICS_RESOURCE)?.lastSuccessAt ?? null };
}

export function activeStatisticsSource(ctx: ServiceContext): StatisticsSource | null {
  return statisticsSourceOf(ctx, activeWorkspace(ctx));
}
