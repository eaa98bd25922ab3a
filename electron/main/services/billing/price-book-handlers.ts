import { ApiError } from '../../../../shared/contract/errors';
import type { PriceBookView, WorkspaceBooks } from '../../../../shared/contract/price-books';
import type { WorkspacesList } from '../../../../shared/contract/workspaces';
import { isBuiltInBookId, priceBookToInput, type PriceBook } from '../../../../shared/billing';
import { addMonths, shanghaiMonth } from '../../../../shared/time/shanghai';
import type { ServiceContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { activeWorkspace, WORKSPACES_EXTENSION, type WorkspaceRegistry } from '../workspaces/active';
import { workspacesRepo } from '../workspaces/workspaces-repo';
import { DEMO_ALIYUN_ID, DEMO_ALIYUN_NAME, DEMO_ID, DEMO_NAME } from '../workspaces/registry';
import { allBooks, baseBookOf, bookOfMonth, chooseBooks, chosenBooks, deleteBook, requireBook, saveBook, usedBy, type BookedWorkspace } from './book-catalog';

function view(ctx: ServiceContext, b: PriceBook): PriceBookView {
  return { ...priceBookToInput(b), custom: b.custom, usedBy: isBuiltInBookId(b.id) ? [] : usedBy(ctx, b.id) };
}

/**
 * The workspace named (a saved one, by id or name, from the console database even when no
 * workspace is open, as the command line runs it), else the active one.
 */
function bookedWorkspace(ctx: ServiceContext, id: string | undefined): BookedWorkspace & { provider: NonNullable<BookedWorkspace['provider']> } {
  const registry = ctx.extensions.get(WORKSPACES_EXTENSION) as (WorkspaceRegistry & { list?: () => WorkspacesList }) | undefined;
  const active = registry ? activeWorkspace(ctx) : null;
  if (id === undefined || (active && id === active.id)) {
    if (!active) throw new ApiError('INVALID_INPUT', 'no workspace is open: name one', { fields: { id: 'required' } });
    return { id: active.id, provider: active.provider ?? 'onetap' };
  }
  const listed = registry?.list?.().items.find((w) => w.id === id) ?? registry?.list?.().items.find((w) => w.name === id);
  if (listed) return { id: listed.id, provider: listed.provider };
  // The demos are known before the console first starts them (and saved rows after).
  const demos = [
    { id: DEMO_ID, name: DEMO_NAME, provider: 'onetap' as const },
    { id: DEMO_ALIYUN_ID, name: DEMO_ALIYUN_NAME, provider: 'aliyun-dypns' as const },
  ];
  const rows = [...workspacesRepo(ctx.consoleDb).all(), ...demos];
  const row = rows.find((w) => w.id === id) ?? rows.find((w) => w.name === id);
  if (row) return { id: row.id, provider: row.provider };
  throw new ApiError('NOT_FOUND', `no workspace ${JSON.stringify(id)}`);
}

/** The months from the first chosen book's month to the later of this month and the last chosen book's. */
function monthsOf(ctx: ServiceContext, ws: BookedWorkspace, chosen: readonly PriceBook[]): WorkspaceBooks['months'] {
  if (chosen.length === 0) return [];
  const dates = chosen.map((b) => b.effectiveDate.slice(0, 7)).sort();
  const now = shanghaiMonth(ctx.clock.now());
  const last = dates[dates.length - 1]! > now ? dates[dates.length - 1]! : now;
  const out: WorkspaceBooks['months'] = [];
  // A month before the first chosen book keeps the base; list one of them so the change shows.
  for (let m = addMonths(dates[0]!, -1); m <= last && out.length < 120; m = addMonths(m, 1)) out.push({ month: m, book: bookOfMonth(ctx, ws, m)?.id ?? null });
  return out;
}

function workspaceBooks(ctx: ServiceContext, ws: BookedWorkspace & { provider: NonNullable<BookedWorkspace['provider']> }): WorkspaceBooks {
  const chosen = chosenBooks(ctx, ws);
  const base = baseBookOf(ws);
  return {
    workspace: ws.id,
    provider: ws.provider,
    base: base ? view(ctx, base) : null,
    chosen: chosen.map((b) => view(ctx, b)),
    months: monthsOf(ctx, ws, chosen),
  };
}

// Handlers of the 'priceBooks' contract entries (shared/contract/price-books.ts).
export const priceBookHandlers: Pick<
  Handlers,
  'priceBooks.list' | 'priceBooks.get' | 'priceBooks.save' | 'priceBooks.delete' | 'workspaces.priceBooks' | 'workspaces.setPriceBooks'
> = {
  'priceBooks.list': (ctx) => ({ books: allBooks(ctx).map((b) => view(ctx, b)) }),
  'priceBooks.get': (ctx, { book }) => view(ctx, requireBook(ctx, book)),
  'priceBooks.save': (ctx, { book }) => view(ctx, saveBook(ctx, book)),
  'priceBooks.delete': (ctx, { id }) => {
    deleteBook(ctx, id);
    return { deleted: true as const };
  },
  'workspaces.priceBooks': (ctx, { id }) => workspaceBooks(ctx, bookedWorkspace(ctx, id)),
  'workspaces.setPriceBooks': (ctx, { id, books }) => {
    const ws = bookedWorkspace(ctx, id);
    chooseBooks(ctx, ws, books);
    return workspaceBooks(ctx, ws);
  },
};
