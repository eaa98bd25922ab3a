import { ApiError } from '../../../../shared/contract/errors';
import { BUILT_IN_BOOKS, breakEvenPoints, compareBooks, priceBookPrintable, type PriceBook } from '../../../../shared/billing';
import type { ServiceContext } from '../core/context';
import { allBooks, requireBook } from '../billing/book-catalog';
import { datesOfMonth, shanghaiDate } from '../../../../shared/time/shanghai';
import type { Clock } from '../core/clock';
import { providerStatisticsRepo } from '../store/provider-statistics-repo';
import { AliyunDypnsClient, DEFAULT_ALIYUN_ENDPOINT, normaliseAliyunEndpoint } from './aliyun/client';
import type { Handlers } from '../core/dispatch';
import { requireAliyun, requireAliyunWorkspace, type ActiveWorkspace } from '../workspaces/active';
import { aliyunMonthBill, reconcileAliyunMonth } from './aliyun/month';
import { syncAliyunStatistics } from './aliyun/statistics-sync';
import { schemesRepo } from './schemes-repo';
import { recordPackage, removeRecordedPackage } from './recorded-packages';
import { workspaceBook } from '../billing/statistics-source';

/** The book asked for (id or name, built-in or the user's), else the one the workspace's month is billed with. */
function bookOf(ctx: ServiceContext, ws: ActiveWorkspace, id: string | undefined, month: string): PriceBook {
  if (id !== undefined) return requireBook(ctx, id);
  return workspaceBook(ctx, ws, month) ?? BUILT_IN_BOOKS['aliyun-dypns'];
}

/** One signed statistics call of today: proves the endpoint, the key, the secret, the permission and the clock. */
async function probeConnection(client: AliyunDypnsClient, clock: Clock, signal?: AbortSignal) {
  const sent = clock.now();
  try {
    const today = shanghaiDate(sent);
    await client.dailyStatistics({ capability: 'login', startDate: today, endDate: today }, signal);
    return { ok: true as const, latencyMs: Math.max(0, clock.now() - sent) };
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
    if (err.code === 'CANCELLED') throw err;
    return { ok: false as const, error: { code: err.code, message: err.message, ...(err.detail ? { detail: err.detail } : {}) } };
  }
}

function schemeOf(db: Parameters<typeof schemesRepo>[0], code: string) {
  const row = schemesRepo(db)
    .all()
    .find((s) => s.code === code);
  if (!row) throw new ApiError('INTERNAL', `scheme ${code} was not kept`);
  return row;
}

// Handlers of the 'providers' contract entries (shared/contract/providers.ts).
export const providersHandlers: Pick<
  Handlers,
  | 'providers.test'
  | 'providers.schemes.list'
  | 'providers.schemes.add'
  | 'providers.schemes.create'
  | 'providers.schemes.describe'
  | 'providers.schemes.delete'
  | 'providers.sync'
  | 'providers.bill'
  | 'providers.reconcile'
  | 'providers.reconcileLine'
  | 'providers.testConnection'
  | 'providers.packages.add'
  | 'providers.packages.remove'
  | 'billing.books'
  | 'billing.compare'
> = {
  'providers.test': (ctx, _input, signal) => probeConnection(requireAliyun(ctx).client, ctx.clock, signal),
  'providers.testConnection': (ctx, input, signal) => {
    // A connection not saved yet: the same probe, with a client that lives for this call only.
    const client = new AliyunDypnsClient(
      {
        endpoint: normaliseAliyunEndpoint(input.endpoint || DEFAULT_ALIYUN_ENDPOINT),
        protocol: input.protocol ?? 'https',
        accessKeyId: input.accessKey,
        accessKeySecret: input.secretKey,
        ...(input.region ? { regionId: input.region } : {}),
      },
      // One retry at most: the user is waiting for a verdict, not for a backoff schedule.
      { retry: { attempts: 2 } },
    );
    return probeConnection(client, ctx.clock, signal);
  },
  'providers.packages.add': (ctx, input) => {
    const ws = requireAliyunWorkspace(ctx);
    const months = input.months ?? workspaceBook(ctx, ws, input.purchasedOn.slice(0, 7))?.packages[0]?.months ?? 12;
    return recordPackage(ws.db, { calls: input.calls, purchasedOn: input.purchasedOn, months }, ctx.clock.now());
  },
  'providers.packages.remove': (ctx, input) => ({ removed: removeRecordedPackage(requireAliyunWorkspace(ctx).db, input.packageId) }),
  'providers.reconcileLine': (ctx, input) => {
    const db = requireAliyunWorkspace(ctx).db;
    const dates = datesOfMonth(input.month);
    const days = providerStatisticsRepo(db).lineDays(dates[0]!, dates[dates.length - 1]!, input.id, input.capability);
    const totals = days.reduce((t, d) => ({ calls: t.calls + d.calls, successes: t.successes + d.successes, billable: t.billable + d.billable }), {
      calls: 0,
      successes: 0,
      billable: 0,
    });
    return { month: input.month, id: input.id, capability: input.capability, totals, days };
  },
  'providers.schemes.list': (ctx) => ({ items: schemesRepo(requireAliyunWorkspace(ctx).db).all() }),
  'providers.schemes.add': async (ctx, input, signal) => {
    const { ws, client } = requireAliyun(ctx);
    // Only codes the provider knows under this account are kept.
    await client.describeScheme(input.code, signal);
    schemesRepo(ws.db).add({ code: input.code, name: input.name ?? null, appName: null, osType: null, origin: 'added', addedAt: ctx.clock.now() });
    return schemeOf(ws.db, input.code);
  },
  'providers.schemes.create': async (ctx, input, signal) => {
    const { ws, client } = requireAliyun(ctx);
    const code = await client.createScheme(
      {
        schemeName: input.schemeName,
        appName: input.appName,
        osType: input.osType,
        ...(input.packName ? { packName: input.packName } : {}),
        ...(input.packSign ? { packSign: input.packSign } : {}),
        ...(input.bundleId ? { bundleId: input.bundleId } : {}),
        ...(input.email ? { email: input.email } : {}),
      },
      signal,
    );
    schemesRepo(ws.db).add({ code, name: input.schemeName, appName: input.appName, osType: input.osType, origin: 'created', addedAt: ctx.clock.now() });
    return schemeOf(ws.db, code);
  },
  'providers.schemes.describe': async (ctx, input, signal) => {
    const d = await requireAliyun(ctx).client.describeScheme(input.code, signal);
    return { code: d.schemeCode, appEncryptInfo: d.appEncryptInfo };
  },
  'providers.schemes.delete': async (ctx, input, signal) => {
    const { ws, client } = requireAliyun(ctx);
    await client.deleteScheme(input.code, signal);
    schemesRepo(ws.db).markDeleted(input.code, ctx.clock.now());
    return { deleted: true as const };
  },
  'providers.sync': async (ctx, input, signal) => {
    const { ws, client } = requireAliyun(ctx);
    return syncAliyunStatistics(ws.db, client, {
      schemeCodes: schemesRepo(ws.db).codes(),
      now: ctx.clock.now(),
      ...(input.firstSyncDays ? { firstSyncDays: input.firstSyncDays } : {}),
      signal,
    });
  },
  'providers.bill': (ctx, input) => {
    const ws = requireAliyunWorkspace(ctx);
    return aliyunMonthBill(ws.db, input.month, bookOf(ctx, ws, input.book, input.month));
  },
  'providers.reconcile': (ctx, input, signal) => {
    const { ws, client } = requireAliyun(ctx);
    return reconcileAliyunMonth(ws.db, client, input.month, bookOf(ctx, ws, input.book, input.month), signal);
  },
  'billing.books': (ctx) => ({ books: allBooks(ctx).map(priceBookPrintable) }),
  'billing.compare': (ctx, input) => {
    const books = allBooks(ctx);
    const breakEven = [];
    for (let i = 0; i < books.length; i++) {
      for (let j = i + 1; j < books.length; j++) {
        const points = breakEvenPoints(books[i]!, books[j]!);
        if (points.length) breakEven.push({ a: books[i]!.id, b: books[j]!.id, calls: points });
      }
    }
    return {
      calls: input.calls,
      items: compareBooks(input.calls, books).map((c) => ({ book: c.book, name: c.name, model: c.model, amount: c.amount, packagesAmount: c.packagesAmount })),
      breakEven,
    };
  },
};
