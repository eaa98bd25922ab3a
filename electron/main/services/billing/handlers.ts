import type { Handlers } from '../core/dispatch';
import type { WorkspacesList } from '../../../../shared/contract/workspaces';
import { activeWorkspace, WORKSPACES_EXTENSION, workspaceDb } from '../workspaces/active';
import { billingRepo } from './billing-repo';
import { workspaceLadder } from './ladder-source';
import { monthBill } from './month-bill';
import { packagesOverview } from './packages-overview';
import { reconcile } from './reconcile';
import { recordsBehindQuery } from './records-behind-query';
import { whatIf } from './what-if';
import { activeStatisticsSource, workspaceBook } from './statistics-source';
import { requireBook } from './book-catalog';

// Handlers of the 'billing' contract entries (shared/contract/billing.ts): thin, the work is in the modules above.
// The files (XLSX, CSV, PDF: export-month.ts and its writers) load when one is asked for, not with
// every bill or quote a one-shot command makes (issue 13's start).
const exportModule = () => import('./export-month');
export const billingHandlers: Pick<
  Handlers,
  'billing.month' | 'billing.quote' | 'billing.reconcile' | 'billing.reconcileRecords' | 'billing.packages' | 'billing.export' | 'billing.statementPdf'
> = {
  'billing.month': (ctx, { month }) => monthBill(workspaceDb(ctx), month, ctx.clock.now(), activeStatisticsSource(ctx, month)),
  'billing.quote': (ctx, { calls, packageRemaining, book }) => {
    const ws = activeWorkspace(ctx);
    // The book asked for, else the one this month of the workspace is billed with.
    const { ladder, info } = workspaceLadder(billingRepo(ws.db), book ? requireBook(ctx, book) : workspaceBook(ctx, ws));
    return whatIf(calls, packageRemaining, ladder, info);
  },
  'billing.reconcile': (ctx, { month }) => reconcile(workspaceDb(ctx), month, activeStatisticsSource(ctx, month), ctx.clock.now()),
  'billing.reconcileRecords': (ctx, input) => recordsBehindQuery(workspaceDb(ctx)).page(input),
  'billing.packages': (ctx, { month }) => packagesOverview(workspaceDb(ctx), ctx.clock.now(), month),
  'billing.export': async (ctx, input, signal) => (await exportModule()).exportMonth(ctx, workspaceDb(ctx), input, signal),
  'billing.statementPdf': async (ctx, input, signal) => {
    const ws = activeWorkspace(ctx);
    // The registry knows a saved workspace's endpoint (a demo's is a loopback port of the moment: not printed).
    const registry = ctx.extensions.get(WORKSPACES_EXTENSION) as { list?: () => WorkspacesList } | undefined;
    const endpoint = ws.kind === 'remote' ? (registry?.list?.().items.find((w) => w.id === ws.id)?.endpoint ?? null) : null;
    // A team store's URL is not the platform's: its statement names no endpoint.
    return (await exportModule()).statementPdf(
      ctx,
      ws.db,
      { ...input, workspace: { name: ws.name, kind: ws.kind === 'demo' ? 'demo' : 'remote', endpoint } },
      signal,
    );
  },
};
